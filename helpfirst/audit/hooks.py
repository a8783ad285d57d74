"""One-line hooks other apps put on their import and export functions.

Importing this module loads no model, so modules imported before Django is set up (the CLI's)
may use the decorators.
"""

from __future__ import annotations

import functools
from collections.abc import Callable


def audited_import(function: Callable) -> Callable:
    """Decorate ``import_file(entity, path, *, team, user, dry_run, ...)``: one entry a file."""

    @functools.wraps(function)
    def wrapper(entity: str, path, *args, **kwargs):
        report = function(entity, path, *args, **kwargs)
        if not kwargs.get("dry_run"):
            from helpfirst.audit.services import record_import

            record_import(kwargs.get("user"), kwargs.get("team"), entity, report)
        return report

    return wrapper


def audited_export(function: Callable) -> Callable:
    """Decorate ``export_file(entity, path, user, ...) -> count``: one entry per export."""

    @functools.wraps(function)
    def wrapper(entity: str, path, user, *args, **kwargs):
        count = function(entity, path, user, *args, **kwargs)
        from helpfirst.audit.services import record_export

        record_export(user, entity, count, fmt=str(path).rsplit(".", 1)[-1][:8])
        return count

    return wrapper
