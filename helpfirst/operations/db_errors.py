"""Turn database failures a person can act on into clear messages instead of tracebacks.

A full disk (SQLite's "database or disk is full", PostgreSQL's "No space left on device") and a
dropped connection (server restart, ``pg_terminate_backend``) never corrupt anything: the
transaction is rolled back. What the person needs is to know that, and what to do next.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from helpfirst.core.errors import HelpfirstError

DISK_FULL = ("database or disk is full", "no space left on device", "could not extend file")
CONNECTION_LOST = (
    "terminating connection",
    "server closed the connection",
    "connection already closed",
    "the connection is closed",
    "connection is lost",
    "consuming input failed",
    "could not receive data from server",
    "connection refused",
    "connection to server",
)


def _database_errors() -> tuple[type[BaseException], ...]:
    """Django's wrapped errors and the raw drivers' (fast paths use raw DB-API cursors)."""
    from django.db import DatabaseError

    found: list[type[BaseException]] = [DatabaseError, sqlite3.Error]
    try:
        import psycopg

        found.append(psycopg.Error)
    except ImportError:  # PostgreSQL driver not installed: SQLite only
        pass
    return tuple(found)


DATABASE_ERRORS = _database_errors()
BUSY = ("database is locked", "database table is locked")


@dataclass(frozen=True)
class DatabaseTrouble:
    """What went wrong, as an HTTP status, a stable code and a message with what to do."""

    status: int
    code: str
    message: str


def explain(
    exc: BaseException, what: str = "this request", again: str = "send the same data again"
) -> DatabaseTrouble | None:
    """Classify a database exception; None when it is not one a person can act on."""
    text = str(exc).lower()
    sqlstate = getattr(getattr(exc, "__cause__", None), "sqlstate", None) or getattr(
        exc, "sqlstate", None
    )
    if sqlstate == "53100" or any(s in text for s in DISK_FULL):
        return DatabaseTrouble(
            507,
            "storage_full",
            f"The database or disk is full, so nothing from {what} was saved (the transaction "
            "was rolled back; the database is intact). Free disk space on the database server "
            f"(or raise its size limit), then {again}: items already stored are skipped.",
        )
    if (sqlstate or "").startswith(("08", "57P")) or any(s in text for s in CONNECTION_LOST):
        return DatabaseTrouble(
            503,
            "database_unavailable",
            "The connection to the database was lost (the database restarted or dropped it), so "
            f"nothing from {what} was saved. In a moment, {again}: it reconnects, and items "
            "already stored are skipped.",
        )
    if any(s in text for s in BUSY):
        return DatabaseTrouble(
            503,
            "database_busy",
            f"The database is busy with another long write; nothing from {what} was saved. "
            f"In a few seconds, {again}.",
        )
    return None


class DatabaseProblemError(HelpfirstError):
    """The database failed in a way a person can act on (full disk, lost connection)."""

    code = "database"


def import_problem(exc: BaseException, file: str) -> DatabaseProblemError:
    """The error an import reports when the database fails under it (all-or-nothing)."""
    trouble = explain(exc, what="this import", again="re-run the same import")
    if trouble is None:
        return DatabaseProblemError(
            f"The database refused the import ({exc}); nothing was imported (it runs in one "
            "transaction). Fix the cause, then re-run the same import.",
            file=file,
        )
    error = DatabaseProblemError(trouble.message, file=file)
    error.code = trouble.code
    return error
