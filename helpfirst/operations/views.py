"""Operations: the readiness endpoint (public, JSON, 200 or 503)."""

from __future__ import annotations

import sys

from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from helpfirst.operations.middleware import database_trouble_response
from helpfirst.operations.readiness import readiness


@never_cache
@require_GET
def readyz(request):
    """200 when this instance can serve (database, migrations, HELPFIRST_HOME, static)."""
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )


def server_error(request, *args, **kwargs):
    """handler500: a full disk or a lost database connection anywhere (middleware included)
    gets its clear 507/503 answer; anything else Django's plain 500 page."""
    exception = sys.exc_info()[1]
    if exception is not None:
        response = database_trouble_response(request, exception)
        if response is not None:
            return response
    return defaults.server_error(request, *args, **kwargs)
