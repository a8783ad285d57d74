"""What gets recorded: web/API changes (field names only), batches, imports, exports, logins."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from helpfirst.audit.models import AuditEntry
from helpfirst.team.models import ApiToken
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _api(user):
    _, raw = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _json(client, method, path, payload, headers):
    return getattr(client, method)(
        path, json.dumps(payload), content_type="application/json", **headers
    )


def test_api_changes_are_recorded_with_field_names_not_values(world):
    client = Client()
    headers = _api(world.rep1)
    response = _json(
        client, "patch", f"/api/contacts/{world.c1.pk}", {"title": "Chief Secret"}, headers
    )
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.get(action="update", object_type="contact")
    assert entry.username == "rep1"
    assert entry.user_id == world.rep1.pk
    assert entry.team_id == world.team_a.pk
    assert entry.via == "api"
    assert entry.object_id == str(world.c1.pk)
    assert "title" in entry.fields
    flat = json.dumps([entry.label, entry.fields, entry.detail])
    assert "Chief Secret" not in flat
    assert "ann@alpha.example" not in flat


def test_stage_move_is_recorded(world):
    client = Client()
    response = _json(
        client,
        "post",
        f"/api/journeys/{world.j1.pk}/stage",
        {"to_stage": "evaluating", "reason": "trial"},
        _api(world.rep1),
    )
    assert response.status_code == 201, response.content
    assert AuditEntry.objects.filter(action="create", object_type="stage_change").exists()
    journey = AuditEntry.objects.get(action="update", object_type="journey")
    assert "buying_stage" in journey.fields


def test_writes_outside_a_request_are_not_recorded(world):
    world.c1.title = "Quietly"
    world.c1.save()
    assert not AuditEntry.objects.filter(object_type="contact").exists()


def test_ingest_records_one_entry_per_batch(world):
    items = [
        {
            "source": "web",
            "external_id": f"v{i}",
            "kind": "page_view",
            "occurred_at": "2026-03-01T09:30:00Z",
            "account_id": world.a1.pk,
        }
        for i in range(25)
    ]
    client = Client()
    response = _json(client, "post", "/api/interactions", items, _api(world.rep1))
    assert response.status_code == 200, response.content
    entries = AuditEntry.objects.filter(object_type="interaction")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == "ingest"
    assert entry.detail["created"] == 25
    # The same batch again stores nothing and records nothing.
    _json(client, "post", "/api/interactions", items, _api(world.rep1))
    assert AuditEntry.objects.filter(object_type="interaction").count() == 1


def test_import_and_export_are_recorded(world, tmp_path):
    from helpfirst.imports import import_file
    from helpfirst.imports.exports import export_file

    path = tmp_path / "accounts.csv"
    path.write_text("name,domain\nDelta,delta.example\nEpsilon,epsilon.example\n")
    import_file("accounts", path, team=world.team_a, user=world.manager)
    import_file("accounts", path, team=world.team_a, user=world.manager, dry_run=True)
    entry = AuditEntry.objects.get(action="import")
    assert entry.username == "manager"
    assert entry.detail["created"] == 2
    count = export_file("contacts", tmp_path / "contacts.jsonl", world.manager)
    export = AuditEntry.objects.get(action="export")
    assert export.object_type == "contacts"
    assert export.detail == {
        "records": count,
        "format": "jsonl",
    }


def test_debrief_csv_download_is_recorded(world):
    client = Client()
    client.force_login(world.manager)
    response = client.get("/debriefs/export.csv")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action="export", object_type="debriefs")
    assert entry.username == "manager"
    assert entry.via == "web"


def test_logins_are_recorded(world):
    client = Client()
    assert client.login(username="rep1", password=PASSWORD)
    assert not client.login(username="rep1", password="wrong")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert "login" in actions
    assert "login_failed" in actions


def test_token_changes_are_recorded_even_from_the_cli(world):
    token, _raw = ApiToken.issue(world.rep1, "laptop")
    entry = AuditEntry.objects.get(object_type="api_token", action="create")
    assert entry.object_id == str(token.pk)
    assert entry.team_id == world.team_a.pk


def test_token_revocation_from_the_cli_is_recorded(world):
    from typer.testing import CliRunner

    from helpfirst.cli.tokens import app

    token, _raw = ApiToken.issue(world.rep1, "laptop")
    result = CliRunner().invoke(app, ["revoke", str(token.pk)])
    assert result.exit_code == 0, result.output
    entry = AuditEntry.objects.get(object_type="api_token", action="update")
    assert entry.fields == ["revoked_at"]
    assert entry.team_id == world.team_a.pk
