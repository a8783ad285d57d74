"""Readiness: can this instance serve requests right now? (``/readyz``)

Liveness (``/healthz``) only says the process answers; readiness checks the database is
reachable, every migration is applied, ``HELPFIRST_HOME`` is writable and static files are there.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

STATIC_PROBE = "web/app.css"
_migrations_ok_until = 0.0  # applied migrations stay applied: re-check once a minute


def database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready"
        return False, f"cannot query the database: {type(exc).__name__}: {exc}".strip()
    return True, f"{connection.vendor} reachable"


def migrations() -> tuple[bool, str]:
    global _migrations_ok_until
    if time.monotonic() < _migrations_ok_until:
        return True, "all applied"
    from helpfirst.operations.backup import pending_migrations

    try:
        pending = pending_migrations()
    except Exception as exc:  # the database may be down: reported by the database check too
        return False, f"cannot read the migration state: {type(exc).__name__}"
    if pending:
        return False, f"{len(pending)} not applied (e.g. {pending[0]}): run `helpfirst init`"
    _migrations_ok_until = time.monotonic() + 60
    return True, "all applied"


def home_writable() -> tuple[bool, str]:
    home = Path(settings.MEDIA_ROOT).parent
    try:
        with tempfile.NamedTemporaryFile(dir=home, prefix=".ready-"):
            pass
    except OSError as exc:
        return False, f"{home} is not writable: {exc.strerror or exc}"
    return True, str(home)


def static_files() -> tuple[bool, str]:
    root = Path(settings.STATIC_ROOT)
    if (root / STATIC_PROBE).is_file():
        return True, f"collected in {root}"
    if getattr(settings, "WHITENOISE_USE_FINDERS", False):
        from django.contrib.staticfiles import finders

        if finders.find(STATIC_PROBE):
            return True, "served from the app folders (development)"
    return False, f"{STATIC_PROBE} missing from {root}: run `helpfirst serve --production`"


CHECKS = {
    "database": database,
    "migrations": migrations,
    "home_writable": home_writable,
    "static_files": static_files,
}


def readiness() -> tuple[bool, dict[str, dict]]:
    """Run every check; return (ready, details by check)."""
    details = {}
    for name, check in CHECKS.items():
        ok, detail = check()
        details[name] = {"ok": ok, "detail": detail}
    return all(d["ok"] for d in details.values()), details
