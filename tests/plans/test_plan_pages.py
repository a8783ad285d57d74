"""Plan pages and API: conflicts shown clearly, buyer links without login, scoping by owner."""

from __future__ import annotations

import pytest
from django.test import Client

from helpfirst.plans import services
from helpfirst.plans.models import BuyerLink

pytestmark = pytest.mark.django_db


def _form(step, **changes):
    data = {
        "title": step.title,
        "owner": "unassigned",
        "due_on": step.due_on.isoformat() if step.due_on else "",
        "status": step.status,
        "internal_note": "",
        "version": step.version,
        **changes,
    }
    return {f"step-{step.pk}-{k}": v for k, v in data.items()}


def test_owner_edits_a_step_and_a_stale_form_gets_a_conflict_page(plan, world, client_as):
    step = plan.steps.get(title="Security review")
    stale = _form(step, title="Security review (ISO pack)")
    client = client_as(world.rep1)
    url = f"/journeys/{world.j1.pk}/plan/steps/{step.pk}/"
    assert client.post(url, _form(step, status="in_progress")).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 409
    assert b"Not saved: someone else changed this plan" in response.content
    step.refresh_from_db()
    assert step.status == "in_progress"
    assert step.title == "Security review"


def test_a_rep_cannot_see_or_edit_another_reps_plan(plan, world, client_as, token_for):
    other = client_as(world.rep2)
    assert other.get(f"/journeys/{world.j1.pk}/plan/").status_code == 404
    assert other.get(f"/journeys/{world.j1.pk}/plan/print/").status_code == 404
    headers = token_for(world.rep2)
    api = Client()
    response = api.get(f"/api/journeys/{world.j1.pk}/plan", **headers)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    step = plan.steps.first()
    put = api.put(
        f"/api/journeys/{world.j1.pk}/plan/steps/{step.pk}",
        {"title": "Hacked", "version": step.version},
        content_type="application/json",
        **headers,
    )
    assert put.status_code == 404
    assert client_as(world.manager).get(f"/journeys/{world.j1.pk}/plan/").status_code == 200


def test_api_reads_the_plan_and_refuses_stale_writes(plan, world, token_for):
    headers = token_for(world.rep1)
    api = Client()
    body = api.get(f"/api/journeys/{world.j1.pk}/plan", **headers).json()
    assert body["deal_type"] == "new_purchase"
    assert len(body["steps"]) == 8
    step = body["steps"][0]
    url = f"/api/journeys/{world.j1.pk}/plan/steps/{step['id']}"
    ok = api.put(
        url,
        {"status": "done", "version": step["version"]},
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == step["version"] + 1
    stale = api.put(
        url,
        {"title": "Other", "version": step["version"]},
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "plan_edit_conflict"
    bad = api.put(
        url, {"status": "maybe", "version": 2}, content_type="application/json", **headers
    )
    assert bad.status_code == 422
    added = api.post(
        f"/api/journeys/{world.j1.pk}/plan/steps",
        {"title": "Reference call"},
        content_type="application/json",
        **headers,
    )
    assert added.status_code == 201
    assert added.json()["warnings"]


def test_buyer_link_works_without_login_and_dies_when_revoked(plan, world, client_as):
    step = plan.steps.first()
    services.update_step(step, expected_version=step.version, internal_note="Price is soft")
    owner = client_as(world.rep1)
    page = owner.post(f"/journeys/{world.j1.pk}/plan/links/", {"days": 7, "label": "Champion"})
    assert page.status_code == 200
    url = page.context["new_link"]["url"]
    path = url[url.index("/b/") :]
    anonymous = Client()
    shared = anonymous.get(path)
    assert shared.status_code == 200
    assert b"Problem agreed" in shared.content
    assert b"Price is soft" not in shared.content  # internal notes never shown
    assert shared["Cache-Control"] == "no-store"
    link = BuyerLink.objects.get()
    owner.post(f"/journeys/{world.j1.pk}/plan/links/{link.pk}/revoke/")
    gone = anonymous.get(path)
    assert gone.status_code == 410
    assert b"no longer works" in gone.content
    assert b"Problem agreed" not in gone.content
    assert anonymous.get("/b/not-a-real-token/").status_code == 404


def test_another_rep_cannot_create_links_for_a_plan(plan, world, client_as):
    response = client_as(world.rep2).post(f"/journeys/{world.j1.pk}/plan/links/", {"days": 7})
    assert response.status_code == 404
    assert not BuyerLink.objects.exists()


def test_journey_page_shows_the_plan_panel_with_slipped_steps(plan, world, client_as):
    response = client_as(world.rep1).get(f"/journeys/{world.j1.pk}/")
    assert response.status_code == 200
    assert b"Mutual action plan" in response.content
    assert b"slipped" in response.content  # the plan started 1 May 2026 and today is later
