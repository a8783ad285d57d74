"""PostgreSQL backups with ``pg_dump -Fc`` and ``pg_restore --clean`` (Debian's binaries).

The row counts of the manifest and the dump come from one snapshot: a repeatable-read
transaction exports it (``pg_export_snapshot()``), counts every table, and ``pg_dump
--snapshot`` dumps exactly that moment while the app keeps writing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection

from helpfirst.operations.backup import BackupError


def client_binary(name: str) -> str:
    """Find ``pg_dump``/``pg_restore``: the newest Debian one, else the one on PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} is not installed: install PostgreSQL's client programs "
        "(apt-get install postgresql-client) to back up or restore a PostgreSQL database."
    )


def connection_params() -> dict[str, str]:
    """libpq parameters of the configured database."""
    db = connection.settings_dict
    params = {
        "dbname": str(db.get("NAME") or ""),
        "host": str(db.get("HOST") or ""),
        "port": str(db.get("PORT") or ""),
        "user": str(db.get("USER") or ""),
        "password": str(db.get("PASSWORD") or ""),
    }
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        params["sslmode"] = str(sslmode)
    return {k: v for k, v in params.items() if v}


def libpq_env() -> dict[str, str]:
    """The environment for pg_dump/pg_restore: connection pieces as PG* variables.

    The password travels in PGPASSWORD, never on the command line (where ``ps`` would show it).
    """
    names = {
        "dbname": "PGDATABASE",
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "sslmode": "PGSSLMODE",
    }
    env = dict(os.environ)
    for key in names.values():
        env.pop(key, None)
    for key, value in connection_params().items():
        env[names[key]] = value
    return env


def _run(command: list[str], what: str, file: str | None = None) -> None:
    try:
        result = subprocess.run(  # noqa: S603 - our own argument list, no shell
            command, env=libpq_env(), capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise BackupError(f"Could not run {command[0]}: {exc}.", file=file) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        tail = " / ".join(detail[-3:]) if detail else f"exit status {result.returncode}"
        raise BackupError(f"{what} failed: {tail}", file=file)


def dump(data_file: Path) -> tuple[dict[str, int], list[str]]:
    """Dump the database to ``data_file``; return (row counts, applied migrations)."""
    import psycopg

    pg_dump = client_binary("pg_dump")
    params = connection_params()
    try:
        with psycopg.connect(**params) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.cursor() as cur:
                cur.execute("SELECT pg_export_snapshot()")
                snapshot = cur.fetchone()[0]
                cur.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "ORDER BY tablename"
                )
                tables = [row[0] for row in cur.fetchall()]
                counts = {}
                for table in tables:
                    quoted = '"' + table.replace('"', '""') + '"'
                    cur.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - catalogue names
                    counts[table] = int(cur.fetchone()[0])
                migrations: list[str] = []
                if "django_migrations" in counts:
                    cur.execute("SELECT app, name FROM django_migrations")
                    migrations = sorted(f"{app}.{name}" for app, name in cur.fetchall())
                _run(
                    [
                        pg_dump,
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        "--no-owner",
                        "--no-privileges",
                        f"--file={data_file}",
                    ],
                    "pg_dump",
                )
            conn.rollback()
    except psycopg.Error as exc:
        raise BackupError(f"PostgreSQL refused the backup: {exc}".strip()) from None
    return counts, migrations


def restore(data_file: Path, file: str) -> None:
    """Replace the database's tables with the dump, in one transaction."""
    pg_restore = client_binary("pg_restore")
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection_params()['dbname']}",
            str(data_file),
        ],
        "pg_restore (nothing was changed: it runs in one transaction)",
        file,
    )
