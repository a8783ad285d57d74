"""Back up and restore the whole database, with a manifest that makes restores safe.

A backup is one ``.tar.gz`` archive holding ``manifest.json`` and the database itself:

* SQLite: a page-for-page copy made with SQLite's online backup API (consistent while the app
  keeps running and writing), restored the same way into the live database file.
* PostgreSQL: ``pg_dump -Fc`` inside a repeatable-read snapshot that the row counts are taken
  from too, restored with ``pg_restore --clean --single-transaction`` (see :mod:`.pg_backup`).

The manifest says which format version, database vendor and migrations the backup has, when it
was made and how many rows each table held. A restore refuses a backup of another vendor or of a
newer schema (migrations this helpfirst does not know), and checks every table's row count after
restoring.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection

from helpfirst.core.errors import HelpfirstError

FORMAT = "helpfirst-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}

Progress = Callable[[str, int, int], None]


class BackupError(HelpfirstError):
    """A backup could not be made or restored; the message says what to do."""

    code = "backup"


@dataclass
class Manifest:
    """What a backup holds, written next to the data in the archive."""

    vendor: str
    migrations: list[str]
    row_counts: dict[str, int]
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    helpfirst_version: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], file: str) -> Manifest:
        if data.get("format") != FORMAT:
            raise BackupError("This is not a helpfirst backup (no helpfirst manifest).", file=file)
        version = data.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise BackupError(
                f"Backup format version {version!r} is newer than this helpfirst understands "
                f"({FORMAT_VERSION}); upgrade helpfirst to restore it.",
                file=file,
            )
        try:
            return cls(
                vendor=str(data["vendor"]),
                migrations=[str(m) for m in data["migrations"]],
                row_counts={str(k): int(v) for k, v in data["row_counts"].items()},
                created_at=str(data.get("created_at", "")),
                format_version=version,
                helpfirst_version=str(data.get("helpfirst_version", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BackupError("The backup's manifest is damaged.", file=file) from None


@dataclass
class BackupReport:
    """What ``backup``/``restore`` did, for people and ``--format json``."""

    file: str
    vendor: str
    tables: int
    rows: int
    bytes: int
    seconds: float
    created_at: str
    migrations_to_apply: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def helpfirst_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("helpfirst")
    except PackageNotFoundError:
        return ""


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def default_backup_name() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"helpfirst-backup-{stamp}.tar.gz"


def known_migrations() -> set[str]:
    """Every migration this version of helpfirst ships (``app.name``)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def pending_migrations() -> list[str]:
    """Migrations known to this helpfirst but not applied to the configured database."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations or {})
    return sorted(f"{app}.{name}" for app, name in loader.graph.nodes if (app, name) not in applied)


def _sqlite_counts(db: sqlite3.Connection) -> tuple[dict[str, int], list[str]]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    counts = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608 - names from sqlite_master
    migrations = []
    if "django_migrations" in counts:
        migrations = sorted(
            f"{app}.{name}" for app, name in db.execute("SELECT app, name FROM django_migrations")
        )
    return counts, migrations


def check_compatible(manifest: Manifest, file: str) -> None:
    """Refuse a backup of another database vendor or of a newer schema."""
    vendor = connection.vendor
    if manifest.vendor != vendor:
        raise BackupError(
            f"This backup is of a {manifest.vendor} database but helpfirst is configured for "
            f"{vendor}. Restore it into a {manifest.vendor} database (set DATABASE_URL), or "
            "move data between vendors with `helpfirst export`/`import`.",
            file=file,
        )
    unknown = sorted(set(manifest.migrations) - known_migrations())
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BackupError(
            f"This backup comes from a newer helpfirst: its schema has {len(unknown)} "
            f"migration(s) this version does not know ({shown}). Upgrade helpfirst first, then "
            "restore.",
            file=file,
        )


def read_manifest(path: Path) -> Manifest:
    """Read and validate the manifest of a backup archive."""
    if not path.is_file():
        raise BackupError("No such backup file.", file=str(path))
    try:
        with tarfile.open(path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            data = json.loads(member.read().decode("utf-8"))
    except (tarfile.TarError, KeyError, ValueError, OSError, EOFError):
        raise BackupError(
            "This file is not a readable helpfirst backup (damaged or another format).",
            file=str(path),
        ) from None
    if not isinstance(data, dict):
        raise BackupError("The backup's manifest is damaged.", file=str(path))
    return Manifest.from_dict(data, str(path))


def _write_archive(target: Path, manifest: Manifest, data_file: Path) -> int:
    """Write manifest + data to ``target`` atomically (temp file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    payload = json.dumps(manifest.as_dict(), indent=2, sort_keys=True).encode("utf-8")
    try:
        with tarfile.open(partial, "w:gz", compresslevel=1) as archive:
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(info, io.BytesIO(payload))
            archive.add(data_file, arcname=DATABASE_MEMBER[manifest.vendor])
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"Could not write the backup: {exc.strerror or exc}. Free some space or write it "
            "to another folder.",
            file=str(target),
        ) from None
    return target.stat().st_size


def _extract_data(path: Path, manifest: Manifest, into: Path) -> Path:
    member_name = DATABASE_MEMBER.get(manifest.vendor)
    if member_name is None:
        raise BackupError(f"Unknown database vendor {manifest.vendor!r}.", file=str(path))
    target = into / member_name
    try:
        with tarfile.open(path, "r:*") as archive:
            source = archive.extractfile(member_name)
            if source is None:
                raise KeyError(member_name)
            with target.open("wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
    except (tarfile.TarError, KeyError, OSError, EOFError):
        raise BackupError(
            "The backup archive is incomplete or damaged: its database is missing.", file=str(path)
        ) from None
    return target


def backup_database(target: Path, progress: Progress | None = None) -> BackupReport:
    """Write a consistent backup of the configured database to ``target``."""
    started = datetime.now(UTC)
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    with tempfile.TemporaryDirectory(prefix=".helpfirst-backup-", dir=target.parent) as tmp:
        data_file = Path(tmp) / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            counts, migrations = _sqlite_snapshot(data_file, progress)
        else:
            from helpfirst.operations.pg_backup import dump

            counts, migrations = dump(data_file)
        manifest = Manifest(
            vendor=vendor,
            migrations=migrations,
            row_counts=counts,
            helpfirst_version=helpfirst_version(),
        )
        if progress:
            progress("writing the archive", 0, 1)
        size = _write_archive(target, manifest, data_file)
    return BackupReport(
        file=str(target),
        vendor=vendor,
        tables=len(counts),
        rows=sum(counts.values()),
        bytes=size,
        seconds=(datetime.now(UTC) - started).total_seconds(),
        created_at=manifest.created_at,
    )


def _sqlite_snapshot(data_file: Path, progress: Progress | None) -> tuple[dict[str, int], list]:
    connection.ensure_connection()
    copy = sqlite3.connect(data_file)
    try:

        def step(_status: int, remaining: int, total: int) -> None:
            if progress:
                progress("copying pages", total - remaining, total)

        # One step: a single read transaction, so the copy is one consistent moment; in WAL mode
        # writers keep going meanwhile (copying in several steps would restart on each write).
        connection.connection.backup(copy, pages=-1, progress=step)
        copy.execute("PRAGMA journal_mode = DELETE")
        return _sqlite_counts(copy)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy the database: {exc}.") from None
    finally:
        copy.close()


def restore_database(path: Path, progress: Progress | None = None) -> BackupReport:
    """Replace the configured database with the backup in ``path``; verify row counts."""
    started = datetime.now(UTC)
    manifest = read_manifest(path)
    check_compatible(manifest, str(path))
    home = Path(tempfile.gettempdir())
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name and not name.startswith(":memory:") and "mode=memory" not in name:
            home = Path(name).resolve().parent
    with tempfile.TemporaryDirectory(prefix=".helpfirst-restore-", dir=home) as tmp:
        if progress:
            progress("reading the archive", 0, 1)
        data_file = _extract_data(path, manifest, Path(tmp))
        if manifest.vendor == "sqlite":
            _restore_sqlite(data_file, manifest, str(path), progress)
        else:
            from helpfirst.operations.pg_backup import restore

            restore(data_file, str(path))
    verify_counts(manifest, str(path))
    return BackupReport(
        file=str(path),
        vendor=manifest.vendor,
        tables=len(manifest.row_counts),
        rows=sum(manifest.row_counts.values()),
        bytes=path.stat().st_size,
        seconds=(datetime.now(UTC) - started).total_seconds(),
        created_at=manifest.created_at,
        migrations_to_apply=pending_migrations(),
    )


def _restore_sqlite(
    data_file: Path, manifest: Manifest, file: str, progress: Progress | None
) -> None:
    source = sqlite3.connect(data_file)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
        counts, _ = _sqlite_counts(source)
        if check != "ok" or counts != manifest.row_counts:
            raise BackupError(
                "The database inside the backup is damaged (integrity check or row counts "
                "differ from its manifest); nothing was restored. Use another backup.",
                file=file,
            )
        connection.close()
        connection.ensure_connection()

        def step(_status: int, remaining: int, total: int) -> None:
            if progress:
                progress("restoring pages", total - remaining, total)

        try:
            source.backup(connection.connection, progress=step)
        except sqlite3.Error as exc:
            raise BackupError(
                f"SQLite could not write the restored database: {exc}. Stop the server (or "
                "other writers) and try again.",
                file=file,
            ) from None
    finally:
        source.close()
        connection.close()


def current_counts(tables: list[str]) -> dict[str, int | None]:
    """Row count of each named table in the configured database (None: no such table)."""
    present = set(connection.introspection.table_names())
    counts: dict[str, int | None] = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table not in present:
                counts[table] = None
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - introspected names
            counts[table] = int(cursor.fetchone()[0])
    return counts


def verify_counts(manifest: Manifest, file: str) -> None:
    """Raise when any table's rows differ from what the backup's manifest recorded."""
    found = current_counts(sorted(manifest.row_counts))
    wrong = {t: (n, found[t]) for t, n in manifest.row_counts.items() if found[t] != n}
    if wrong:
        shown = ", ".join(f"{t} {want}≠{got}" for t, (want, got) in sorted(wrong.items())[:5])
        raise BackupError(
            f"Restored, but {len(wrong)} table(s) do not hold the rows the backup recorded "
            f"({shown}). Do not use this database; restore again with the server stopped.",
            file=file,
        )
