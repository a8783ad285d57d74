"""API authentication: per-user bearer tokens (stored hashed, with scopes) or the browser session.

A token's scopes say what it may do: ``read`` tokens may only use safe methods (GET, HEAD,
OPTIONS); anything else answers 403. Rate limits are applied before this, by
``helpfirst.site.security.RateLimitMiddleware``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from helpfirst.team.models import ApiToken, hash_token

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BearerTokenAuth(HttpBearer):
    """Accept ``Authorization: Bearer hf_…``; revoked and expired tokens are refused."""

    def authenticate(self, request, token: str):
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user", "user__team")
            .filter(key_hash=hash_token(token))
            .first()
        )
        if api_token is None or not api_token.is_active or not api_token.user.is_active:
            return None
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise PermissionDenied(
                "This API token is read-only; create one with write scope "
                "(`helpfirst token create USER --scope write`) to change data."
            )
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class TeamSessionAuth(SessionAuth):
    """Browser-session auth for the API (CSRF-checked by django-ninja on unsafe methods)."""


API_AUTH = [BearerTokenAuth(), TeamSessionAuth()]
