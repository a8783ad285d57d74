"""A full disk and a dropped database connection give a clear error, never corruption."""

from __future__ import annotations

import json

import psycopg
import pytest
from django.db import close_old_connections, connection
from typer.testing import CliRunner

from helpfirst.interactions.models import Interaction
from helpfirst.team.models import ApiToken

pytestmark = pytest.mark.django_db(transaction=True)


def items(prefix: str, count: int, domain: str = "alpha.example") -> list[dict]:
    return [
        {
            "source": "web",
            "external_id": f"{prefix}-{i}",
            "kind": "page_view",
            "page_type": "pricing",
            "occurred_at": "2026-11-20T10:00:00Z",
            "account_domain": domain,
            "subject": f"{prefix} {i} " + "x" * 180,
        }
        for i in range(count)
    ]


def post(client, token: str, batch: list[dict]):
    return client.post(
        "/api/interactions",
        data=json.dumps(batch),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def sqlite_limit(pages: int | None) -> None:
    with connection.cursor() as cursor:
        if pages is None:
            cursor.execute("PRAGMA max_page_count = 1073741823")
            return
        cursor.execute("PRAGMA page_count")
        used = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {used + pages}")


def integrity_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        return cursor.fetchone()[0] == "ok"


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("PRAGMA max_page_count is SQLite's; the SQLite run covers the full disk")


def test_full_disk_on_ingest_is_a_clear_error_and_resending_works(world, client, sqlite_only):
    _token, raw = ApiToken.issue(world.manager, "disk")
    before = Interaction.objects.count()
    batch = items("full", 3000)
    sqlite_limit(pages=3)
    try:
        response = post(client, raw, batch)
        assert response.status_code == 507
        body = response.json()
        assert body["code"] == "storage_full"
        assert "database or disk is full" in body["message"]
        assert "Free disk space" in body["message"]
        assert Interaction.objects.count() == before  # the batch was rolled back whole
        assert integrity_ok()
    finally:
        sqlite_limit(None)
    again = post(client, raw, batch)
    assert again.status_code == 200
    assert again.json()["created"] == len(batch)
    assert integrity_ok()


def test_full_disk_during_import_says_what_to_do(world, tmp_path, sqlite_only):
    from helpfirst.cli import app

    csv = tmp_path / "visits.csv"
    rows = ["source,external_id,kind,occurred_at,account_domain,subject"]
    rows += [
        f"crm,v-{i},email_sent,2026-11-20T10:00:00Z,alpha.example,{'y' * 200}" for i in range(5000)
    ]
    csv.write_text("\n".join(rows) + "\n")
    before = Interaction.objects.count()
    command = ["import", "interactions", str(csv), "--team", "team-a", "--as", "manager"]
    sqlite_limit(pages=3)
    try:
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "database or disk is full" in result.output
        assert "re-run the same import" in result.output
        assert Interaction.objects.count() == before
        assert integrity_ok()
    finally:
        sqlite_limit(None)
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert Interaction.objects.count() == before + 5000


def test_dropped_postgres_connection_mid_request_is_clear_and_next_request_works(world):
    from django.test import Client

    client = Client(raise_request_exception=False)  # answer as a real server would
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; runs in the PostgreSQL run")
    _token, raw = ApiToken.issue(world.manager, "drop")
    params = {k: v for k, v in connection.get_connection_params().items() if k != "context"}
    killed = []

    def terminate_on_insert(execute, sql, params_, many, context):
        if not killed and sql.lstrip().upper().startswith("INSERT"):
            backend = connection.connection.info.backend_pid
            with psycopg.connect(**params, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [backend])
            killed.append(backend)
        return execute(sql, params_, many, context)

    with connection.execute_wrapper(terminate_on_insert):
        response = post(client, raw, items("drop", 50))
    assert killed, "the request never reached its INSERT"
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert response["Retry-After"] == "5"

    close_old_connections()  # what Django does between requests (the test client skips it)
    again = post(client, raw, items("drop", 50))
    assert again.status_code == 200
    assert again.json()["created"] == 50
    assert Interaction.objects.filter(source="web", external_id__startswith="drop-").count() == 50
