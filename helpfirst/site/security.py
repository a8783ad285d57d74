"""Response hardening: a strict Content-Security-Policy on every response, and rate limits.

The policy allows only our own scripts, styles and images (plus ``data:`` images), so an
injected ``<script>``, ``onclick=`` handler, ``javascript:`` URL or ``style=`` attribute does
nothing. Templates keep to that rule (tests/security/test_csp.py checks every page and
template). The policy is the same everywhere, the Django admin and the API docs included.

Rate limits are counted in the database (``team.RateCounter``), so they hold across gunicorn
workers: per API token (or signed-in user, or IP address when anonymous) on ``/api/``, and per IP
address for anonymous requests to the public pages (buyer links, tracked links, sign-in).
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.http import HttpRequest, JsonResponse

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)


class ContentSecurityPolicyMiddleware:
    """Add the strict Content-Security-Policy header to every response that lacks one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


# Anonymous requests to these path prefixes are rate-limited per IP address. Pages behind the
# login redirect need no limit: an anonymous request to them costs one redirect. The tracking
# beacon (/t/) has its own per-site limit (TrackedSite.events_per_minute); public API operations
# (CRM webhooks) fall under the API limit, per IP address.
PUBLIC_LIMITED_PREFIXES = ("/accounts/login/", "/b/", "/l/")


# The schema and its docs page are static; tools load them before any database exists.
UNLIMITED_API_PATHS = frozenset(("/api/openapi.json", "/api/docs"))


def client_ip(request: HttpRequest) -> str:
    """Return the client's IP address (the proxy's X-Forwarded-For when we are behind one)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()  # the address our own proxy saw
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _api_key(request: HttpRequest) -> str:
    from helpfirst.team.models import hash_token

    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer " and header[7:].strip():
        return "token:" + hash_token(header[7:].strip())[:32]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "ip:" + client_ip(request)


def too_many_requests(retry_after: int, limit: int) -> JsonResponse:
    response = JsonResponse(
        {
            "code": "rate_limited",
            "message": (
                f"Too many requests: at most {limit} a minute. Try again in {retry_after} s."
            ),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Answer 429 with Retry-After past the per-minute API and public-endpoint limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limited = self._check(request)
        return limited or self.get_response(request)

    def _check(self, request):
        from helpfirst.team.throttle import hit

        path = request.path
        if path in UNLIMITED_API_PATHS:
            return None
        if path.startswith("/api/"):
            limit, key = settings.HELPFIRST_API_RATE_LIMIT, "api:" + _api_key(request)
        elif path.startswith(PUBLIC_LIMITED_PREFIXES) and not request.user.is_authenticated:
            limit, key = settings.HELPFIRST_PUBLIC_RATE_LIMIT, "public:" + client_ip(request)
        else:
            return None
        if limit <= 0:
            return None
        now = time.time()
        window = int(now // 60)
        count = hit(key, window)
        if count > limit:
            retry_after = max(1, math.ceil((window + 1) * 60 - now))
            return too_many_requests(retry_after, limit)
        return None
