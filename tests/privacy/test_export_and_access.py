"""Export everything about a person; only managers and admins may export or erase."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from typer.testing import CliRunner

from helpfirst.accounts.models import Contact
from helpfirst.audit.models import AuditEntry
from helpfirst.team.models import ApiToken
from tests.privacy.conftest import EMAIL

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    _, raw = ApiToken.issue(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_export_holds_everything(person, world):
    response = Client().get(f"/api/contacts/{person.pk}/privacy-export", **_bearer(world.manager))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["contact"]["email"] == EMAIL
    assert data["consent"] == {"may_contact": True, "recording_consent": True}
    assert data["account"]["name"] == "Alpha GmbH"
    assert len(data["interactions"]) == 2
    assert data["stakeholder_seats"][0]["journey_id"] == world.j1.pk
    lines = next(c for c in data["call_lines"] if c["call_id"] == world.call.pk)["lines"]
    assert len(lines) == 3
    assert "board stopped trusting" in lines[0]["text"]
    assert data["transcripts_on_interactions"][0]["lines_spoken"] == 3
    tables = {m["table"] for m in data["mentions"]}
    assert {"debriefs.Debrief", "plans.PlanStep", "success.Milestone"} <= tables
    assert "journeys.Journey" in tables
    assert any(r["table"] == "plans.PlanStep" for r in data["linked_records"])
    entry = AuditEntry.objects.get(action="export", object_type="contact")
    assert entry.object_id == str(person.pk)
    assert entry.username == "manager"


@pytest.mark.parametrize(
    ("who", "status"), [("rep1", 403), ("rep2", 404), ("outsider", 404), ("manager", 200)]
)
def test_api_export_permissions(person, world, who, status):
    user = getattr(world, who)
    response = Client().get(f"/api/contacts/{person.pk}/privacy-export", **_bearer(user))
    assert response.status_code == status


def test_api_erase_for_managers_only(person, world):
    client = Client()
    body = {"data": json.dumps({"confirm": "erase"}), "content_type": "application/json"}
    denied = client.post(f"/api/contacts/{person.pk}/erase", **body, **_bearer(world.rep1))
    assert denied.status_code == 403
    assert Contact.objects.filter(pk=person.pk).exists()
    unconfirmed = client.post(f"/api/contacts/{person.pk}/erase", **_bearer(world.manager))
    assert unconfirmed.status_code == 400
    done = client.post(f"/api/contacts/{person.pk}/erase", **body, **_bearer(world.manager))
    assert done.status_code == 200, done.content
    assert done.json()["counts"]["contacts"] == 1
    assert not Contact.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(action="erase", via="api", username="manager").exists()


def test_pages(person, world, admin):
    client = Client()
    client.force_login(world.rep1)
    assert client.get(f"/privacy/contacts/{person.pk}/").status_code == 403
    assert (
        client.post(f"/privacy/contacts/{person.pk}/erase/", {"confirm": "erase"}).status_code
        == 403
    )
    client.force_login(world.outsider)
    assert client.get(f"/privacy/contacts/{person.pk}/").status_code == 404
    client.force_login(world.manager)
    page = client.get(f"/privacy/contacts/{person.pk}/")
    assert page.status_code == 200
    assert "Export everything" in page.content.decode()
    download = client.get(f"/privacy/contacts/{person.pk}/export.json")
    assert download.status_code == 200
    assert json.loads(download.content)["contact"]["id"] == person.pk
    unconfirmed = client.post(f"/privacy/contacts/{person.pk}/erase/", {"confirm": "no"})
    assert unconfirmed.status_code == 302
    assert Contact.objects.filter(pk=person.pk).exists()
    erased = client.post(f"/privacy/contacts/{person.pk}/erase/", {"confirm": "erase"})
    assert erased.status_code == 302
    assert not Contact.objects.filter(pk=person.pk).exists()


def test_cli_export_and_erase(person, world, admin, tmp_path):
    from helpfirst.cli.privacy import app

    runner = CliRunner()
    target = tmp_path / "zelda.json"
    result = runner.invoke(
        app, ["export", str(person.pk), "--team", "team-a", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["contact"]["email"] == EMAIL
    denied = runner.invoke(app, ["erase", str(person.pk), "--team", "team-a", "--as", "rep1"])
    assert denied.exit_code == 2
    missing = runner.invoke(app, ["export", "999999", "--team", "team-a"])
    assert missing.exit_code == 2
    erased = runner.invoke(
        app, ["erase", str(person.pk), "--team", "team-a", "--yes", "--format", "json"]
    )
    assert erased.exit_code == 0, erased.output
    assert json.loads(erased.output)["counts"]["contacts"] == 1
    assert AuditEntry.objects.filter(action="erase", username="admin").exists()


def test_account_page_links_managers_to_the_privacy_page(person, world):
    client = Client()
    client.force_login(world.manager)
    page = client.get(f"/accounts/{world.a1.pk}/").content.decode()
    assert f"/privacy/contacts/{person.pk}/" in page
    client.force_login(world.rep1)
    page = client.get(f"/accounts/{world.a1.pk}/").content.decode()
    assert f"/privacy/contacts/{person.pk}/" not in page
