"""``helpfirst backup``/``restore`` round-trip exactly, on whichever database the run uses.

The suite runs on SQLite and again on PostgreSQL (``scripts/with-postgres.sh``), so the same
round-trip test exercises SQLite's online backup API and ``pg_dump``/``pg_restore``.
"""

from __future__ import annotations

import json
import tarfile

import pytest
from django.db import connection

from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.operations.backup import (
    MANIFEST,
    BackupError,
    backup_database,
    read_manifest,
    restore_database,
)
from tests.conftest import skip_or_fail
from tests.factories import InteractionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def every_row() -> dict[str, list[str]]:
    """Every row of every table, as sorted text: equal snapshots mean identical data."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            snapshot[table] = sorted(repr(row) for row in cursor.fetchall())
    return snapshot


def needs_pg_tools() -> None:
    if connection.vendor == "postgresql":
        from helpfirst.operations.pg_backup import client_binary

        try:
            client_binary("pg_dump")
            client_binary("pg_restore")
        except BackupError as exc:
            skip_or_fail(str(exc))


def test_backup_then_restore_brings_back_every_row_exactly(world, tmp_path):
    needs_pg_tools()
    InteractionFactory.create_batch(5, account=world.a1, journey=world.j1)
    before = every_row()
    archive = tmp_path / "backup.tar.gz"

    made = backup_database(archive)

    assert made.vendor == connection.vendor
    assert made.rows == sum(len(rows) for rows in before.values())
    manifest = read_manifest(archive)
    assert manifest.row_counts == {t: len(r) for t, r in before.items()}
    assert "interactions.0001_initial" in manifest.migrations

    # Change things after the backup: add, edit and delete rows.
    InteractionFactory.create_batch(3, account=world.a2, journey=world.j2)
    Journey.objects.filter(pk=world.j1.pk).update(title="Renamed after the backup")
    Interaction.objects.filter(pk=world.ib.pk).delete()
    assert every_row() != before

    restored = restore_database(archive)

    assert every_row() == before
    assert restored.rows == made.rows
    # The restored database is fully usable (sequences too): new rows get fresh ids.
    fresh = InteractionFactory(account=world.a1)
    assert fresh.pk > max(Interaction.objects.exclude(pk=fresh.pk).values_list("pk", flat=True))


def _rewrite_manifest(source, target, change) -> None:
    with tarfile.open(source, "r:*") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            import io

            new.addfile(member, io.BytesIO(data))


def test_restore_refuses_another_vendor_and_a_newer_schema(world, tmp_path):
    needs_pg_tools()
    archive = tmp_path / "backup.tar.gz"
    backup_database(archive)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    foreign = tmp_path / "foreign.tar.gz"
    _rewrite_manifest(archive, foreign, lambda m: m.update(vendor=other))
    newer = tmp_path / "newer.tar.gz"
    _rewrite_manifest(
        archive, newer, lambda m: m["migrations"].append("interactions.9999_from_the_future")
    )
    before = every_row()

    with pytest.raises(BackupError, match=f"backup is of a {other} database"):
        restore_database(foreign)
    with pytest.raises(BackupError, match=r"newer helpfirst.*9999_from_the_future"):
        restore_database(newer)
    assert every_row() == before


def test_restore_refuses_a_damaged_or_foreign_file(world, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(BackupError, match="not a readable helpfirst backup"):
        restore_database(junk)
    with pytest.raises(BackupError, match="No such backup file"):
        restore_database(tmp_path / "missing.tar.gz")
