"""Tracking pages, the API and the CLI: managers manage, everyone is scoped to their team."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from helpfirst.tracking.models import TrackedSite, Visitor
from tests.api.conftest import ApiClient
from tests.tracking.conftest import ORIGIN_A, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(world):
    from helpfirst.team.models import ApiToken

    def make(user) -> ApiClient:
        _, raw = ApiToken.issue(user, "test")
        return ApiClient(raw)

    return make


def test_manager_adds_a_site_from_the_page_and_sees_its_snippet(client, world):
    client.force_login(world.manager)
    form = {
        "name": "Main site",
        "allowed_origins": "www.alpha-vendor.test\nhttps://*.alpha-vendor.test",
        "page_rules": "/pricing* pricing",
        "ip_policy": "truncate",
        "consent_required": "on",
        "events_per_minute": "500",
        "enabled": "on",
    }
    response = client.post("/tracking/sites/new/", form)
    assert response.status_code == 302
    site = TrackedSite.objects.get()
    assert site.allowed_origins == ["https://www.alpha-vendor.test", "https://*.alpha-vendor.test"]
    page = client.get("/tracking/").content.decode()
    assert site.site_key in page
    assert "static/tracking/helpfirst.js" in page
    assert "<script " not in page.split('<main class="main"')[1]  # shown as text, never run


def test_bad_rules_are_shown_on_the_form_with_their_line(client, world):
    client.force_login(world.manager)
    response = client.post(
        "/tracking/sites/new/",
        {
            "name": "Main site",
            "allowed_origins": ORIGIN_A,
            "page_rules": "/pricing pricing\n/docs dokumentation",
            "ip_policy": "drop",
            "events_per_minute": "100",
        },
    )
    assert response.status_code == 200
    assert "line 2" in response.content.decode()
    assert "Unknown page type" in response.content.decode()
    assert not TrackedSite.objects.exists()


def test_reps_cannot_manage_sites_and_other_teams_cannot_see_them(client, world, sites):
    site_a, _ = sites
    client.force_login(world.rep1)
    assert client.get("/tracking/").status_code == 200
    assert client.get("/tracking/sites/new/").status_code == 403
    assert client.post(f"/tracking/sites/{site_a.pk}/rotate-key/").status_code == 403
    client.force_login(world.outsider)
    assert site_a.site_key not in client.get("/tracking/").content.decode()


def test_manager_edits_rotates_and_switches_open_tracking(client, world, sites):
    site_a, site_b = sites
    client.force_login(world.manager)
    old_key = site_a.site_key
    assert client.post(f"/tracking/sites/{site_a.pk}/rotate-key/").status_code == 302
    site_a.refresh_from_db()
    assert site_a.site_key != old_key
    assert client.get(f"/tracking/sites/{site_b.pk}/").status_code == 404
    client.post("/tracking/settings/", {"open_tracking": "on"})
    assert world.team_a.tracking_settings.open_tracking is True
    page = client.get("/tracking/links/").content.decode()
    assert "unreliable" in page


def test_visitors_page_is_scoped(client, world, sites):
    site_a, _ = sites
    post(client, site_a, kind="form_submit", email=world.c1.email)
    post(client, site_a, visitor_id="visitor-0002")
    client.force_login(world.manager)
    assert client.get("/tracking/visitors/").content.decode().count("data-visitor=") == 2
    client.force_login(world.rep2)  # c1 is rep1's contact
    assert "data-visitor=" not in client.get("/tracking/visitors/").content.decode()
    client.force_login(world.rep1)
    assert client.get("/tracking/visitors/").content.decode().count("data-visitor=") == 1


def test_api_sites_crud_for_managers_only(world, api_as):
    manager, rep, outsider = api_as(world.manager), api_as(world.rep1), api_as(world.outsider)
    created = manager.post("/api/tracking/sites", {"name": "Main", "allowed_origins": [ORIGIN_A]})
    assert created.status_code == 201, created.content
    site = created.json()
    assert site["site_key"].startswith("hfs_")
    assert site["ip_policy"] == "drop"
    assert rep.get("/api/tracking/sites").status_code == 403
    assert outsider.get("/api/tracking/sites").status_code == 403
    bad = manager.patch(f"/api/tracking/sites/{site['id']}", {"page_rules": "/x nonsense"})
    assert bad.status_code == 400
    assert "Unknown page type" in bad.json()["message"]
    ok = manager.patch(f"/api/tracking/sites/{site['id']}", {"page_rules": "/x docs"})
    assert ok.json()["page_rules"] == "/x docs"
    rotated = manager.post(f"/api/tracking/sites/{site['id']}/rotate-key", {})
    assert rotated.json()["site_key"] != site["site_key"]
    from helpfirst.team.models import Role

    world.outsider.role = Role.MANAGER
    world.outsider.save()
    assert outsider.get(f"/api/tracking/sites/{site['id']}").status_code == 404
    assert outsider.delete(f"/api/tracking/sites/{site['id']}").status_code == 404
    assert manager.delete(f"/api/tracking/sites/{site['id']}").status_code == 204


def test_api_visitors_and_links(client, world, sites, api_as):
    site_a, _ = sites
    post(client, site_a, kind="form_submit", email=world.c1.email)
    visitors = api_as(world.manager).get("/api/tracking/visitors").json()
    assert [(v["contact_id"], v["account_id"]) for v in visitors] == [(world.c1.pk, world.a1.pk)]
    assert api_as(world.outsider).get("/api/tracking/visitors").json() == []
    made = api_as(world.rep1).post(
        "/api/tracking/links", {"url": "https://www.alpha-vendor.test/", "contact_id": world.c1.pk}
    )
    assert made.status_code == 201
    assert "/l/" in made.json()["url"]
    assert (
        api_as(world.rep2)
        .post("/api/tracking/links", {"url": "https://x.test/", "contact_id": world.c1.pk})
        .status_code
        == 404
    )
    bad = api_as(world.rep1).post("/api/tracking/links", {"url": "javascript:alert(1)"})
    assert bad.status_code == 400


def test_cli_site_add_list_and_rules(world, tmp_path):
    from helpfirst.cli.tracking import app

    runner = CliRunner()
    rules = tmp_path / "rules.txt"
    rules.write_text("/pricing* pricing\n/stories/* case_study\n")
    added = runner.invoke(
        app,
        [
            "site",
            "add",
            "Main",
            "--origin",
            ORIGIN_A,
            "--team",
            "team-a",
            "--rules",
            str(rules),
            "--format",
            "json",
        ],
    )
    assert added.exit_code == 0, added.output
    site = json.loads(added.output)
    assert site["snippet"].startswith("<script ")
    listed = runner.invoke(app, ["site", "list", "--format", "json"])
    assert [s["name"] for s in json.loads(listed.output)] == ["Main"]
    tried = runner.invoke(
        app,
        [
            "site",
            "rules",
            str(site["id"]),
            "--test",
            "https://x.test/stories/acme",
            "--test",
            "https://x.test/blog/x",
            "--format",
            "json",
        ],
    )
    assert json.loads(tried.output)["tests"] == {
        "https://x.test/stories/acme": "case_study",
        "https://x.test/blog/x": "blog",
    }
    bad = tmp_path / "bad.txt"
    bad.write_text("/ok docs\n/nope sales\n")
    failed = runner.invoke(app, ["site", "rules", str(site["id"]), "--set", str(bad)])
    assert failed.exit_code == 2
    assert "line 2" in failed.output
    no_origin = runner.invoke(app, ["site", "add", "X", "--origin", "ftp://x", "--team", "team-a"])
    assert no_origin.exit_code == 2
    link = runner.invoke(
        app,
        [
            "link",
            "https://www.alpha-vendor.test/",
            "--team",
            "team-a",
            "--contact",
            str(world.c1.pk),
        ],
    )
    assert link.exit_code == 0
    assert "/l/" in link.output
    assert Visitor.objects.count() == 0
