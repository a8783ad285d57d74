"""Only admins read the audit log: page, API and CLI; filters and paging work."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from typer.testing import CliRunner

from helpfirst.audit.services import record
from helpfirst.team.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(world, admin, admin_b):
    for i in range(60):
        record("export", object_type="accounts", label=f"export {i}", user=world.manager)
    record("update", object_type="contact", object_id=world.c1.pk, user=world.rep1)
    record("export", object_type="accounts", label="other team", user=admin_b)


def test_page_is_for_admins_only(world, admin, entries):
    client = Client()
    for user in (world.rep1, world.manager, world.outsider):
        client.force_login(user)
        assert client.get("/audit/").status_code == 404
    client.force_login(admin)
    page = client.get("/audit/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "export 59" in body
    assert "other team" not in body
    assert client.get("/audit/?page=2").status_code == 200
    filtered = client.get("/audit/?who=rep1&action=update&object_type=contact").content.decode()
    assert "contact #" in filtered
    assert "export 5" not in filtered
    assert client.get("/audit/?since=garbage&page=x&action=nope").status_code == 200


def test_anonymous_is_sent_to_login(world):
    assert Client().get("/audit/").status_code == 302


def test_api_is_for_admins_only(world, admin, entries):
    client = Client()
    for user, status in ((world.rep1, 403), (world.manager, 403), (admin, 200)):
        _, raw = ApiToken.issue(user, "t")
        response = client.get("/api/audit", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == status
    data = response.json()
    assert data["count"] >= 61
    assert all(item["label"] != "other team" for item in data["items"])
    only = client.get(
        "/api/audit", {"who": "rep1", "action": "update"}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).json()
    assert only["count"] == 1
    assert only["items"][0]["object_type"] == "contact"


def test_cli_lists_entries_as_json(world, admin, entries):
    from helpfirst.cli.audit import app

    result = CliRunner().invoke(
        app,
        [
            "list",
            "--team",
            "team-a",
            "--action",
            "update",
            "--object-type",
            "contact",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["object_type"] for r in rows] == ["contact"]
    text = CliRunner().invoke(app, ["list", "--team", "team-a", "--limit", "3"])
    assert text.exit_code == 0
    assert "export 59" in text.output
    bad = CliRunner().invoke(app, ["list", "--team", "team-a", "--action", "nope"])
    assert bad.exit_code == 2
