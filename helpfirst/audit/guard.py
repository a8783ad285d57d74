"""The database half of the append-only rule: triggers that refuse UPDATE and DELETE.

SQLite triggers call ``helpfirst_audit_locked()``, a function registered on every connection
helpfirst opens; it answers 1 except inside :func:`unlocked` (used only by ``flush``, which
empties the whole database). A connection that lacks the function (the ``sqlite3`` shell)
fails the statement, so it cannot change entries either. PostgreSQL triggers check the
session setting ``helpfirst.audit_unlocked``.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

TABLE = "audit_auditentry"
_state = threading.local()

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE} "
    "WHEN helpfirst_audit_locked() "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE} "
    "WHEN helpfirst_audit_locked() "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]

POSTGRES_CREATE = [
    """
    CREATE OR REPLACE FUNCTION helpfirst_audit_append_only() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('helpfirst.audit_unlocked', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP;
    END
    $$ LANGUAGE plpgsql
    """,
    f"CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION helpfirst_audit_append_only()",
    f"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION helpfirst_audit_append_only()",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS helpfirst_audit_append_only()",
]


def is_locked() -> int:
    return 0 if getattr(_state, "unlocked", False) else 1


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give SQLite connections the lock function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("helpfirst_audit_locked", 0, is_locked)


@contextmanager
def unlocked(connection):
    """Let this thread's statements empty the audit table (for ``flush`` only)."""
    _state.unlocked = True
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET helpfirst.audit_unlocked = 'on'")
        yield
    finally:
        _state.unlocked = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("RESET helpfirst.audit_unlocked")


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def uninstall(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)
