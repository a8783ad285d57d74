"""Know who makes each request, so model changes and exports are attributed to them."""

from __future__ import annotations

import re
import uuid

from helpfirst.audit.context import _RequestActor, acting

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _request_id(request) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if _REQUEST_ID_RE.match(given) else uuid.uuid4().hex[:16]


def _ip(request) -> str | None:
    value = request.META.get("REMOTE_ADDR") or None
    return value if value and len(value) <= 45 else None


class AuditActorMiddleware:
    """Attribute what a request changes to its user (read lazily: API tokens resolve later)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        via = "api" if request.path.startswith("/api/") else "web"
        actor = _RequestActor(request, via, _request_id(request), _ip(request))
        with acting(actor):
            return self.get_response(request)
