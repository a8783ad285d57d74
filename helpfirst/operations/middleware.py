"""Log every request once, with an id that also goes back in the ``X-Request-ID`` header."""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.http import HttpResponse, JsonResponse

from helpfirst.operations.db_errors import DATABASE_ERRORS, explain

logger = logging.getLogger("helpfirst.request")
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _user_id(request) -> int | None:
    auth = getattr(request, "auth", None)  # API token authentication (django-ninja)
    if getattr(auth, "pk", None) is not None and hasattr(auth, "team_id"):
        return auth.pk
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    return None


class RequestLogMiddleware:
    """The access log: request id, method, path, status, duration and who asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        response = None
        try:
            response = self.get_response(request)
            return response
        finally:
            status = response.status_code if response is not None else 500
            if response is not None:
                response["X-Request-ID"] = request.request_id
            level = logging.ERROR if status >= 500 else logging.INFO
            logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "request_id": request.request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                    "remote": request.META.get("REMOTE_ADDR"),
                },
            )

    def process_exception(self, request, exception):
        """Answer a full disk or a lost database connection clearly (507/503), not with a 500."""
        return database_trouble_response(request, exception)


def database_trouble_response(request, exception):
    """The clear answer to a database failure a person can act on; None for any other error."""
    if not isinstance(exception, DATABASE_ERRORS):
        return None
    trouble = explain(exception)
    if trouble is None:
        return None
    logger.error(
        "%s: %s",
        trouble.code,
        exception,
        extra={"request_id": getattr(request, "request_id", None), "path": request.path},
    )
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": trouble.code, "message": trouble.message}, status=trouble.status
        )
    else:
        response = HttpResponse(
            trouble.message, status=trouble.status, content_type="text/plain; charset=utf-8"
        )
    if trouble.status == 503:
        response["Retry-After"] = "5"
    return response
