from __future__ import annotations

import pytest

from helpfirst.journeys.models import StageChange


@pytest.mark.django_db
def test_account_contact_journey_lifecycle(world, api_as):
    rep = api_as(world.rep1)
    created = rep.post("/api/accounts", {"name": "Delta AG", "domain": "delta.example"})
    assert created.status_code == 201, created.content
    account = created.json()
    assert account["owner_id"] == world.rep1.pk
    contact = rep.post(
        "/api/contacts",
        {"account_id": account["id"], "first_name": "Dee", "stakeholder_role": "economic_buyer"},
    )
    assert contact.status_code == 201, contact.content
    journey = rep.post("/api/journeys", {"account_id": account["id"], "title": "Delta forecasting"})
    assert journey.status_code == 201, journey.content
    jid = journey.json()["id"]
    moved = rep.post(f"/api/journeys/{jid}/stage", {"to_stage": "evaluating", "reason": "trial"})
    assert moved.status_code == 201, moved.content
    history = rep.get(f"/api/journeys/{jid}/stages").json()
    assert [h["to_stage"] for h in history] == ["evaluating", "exploring_problem"]
    patched = rep.patch(f"/api/accounts/{account['id']}", {"industry": "Retail"})
    assert patched.json()["industry"] == "Retail"


@pytest.mark.django_db
def test_exit_needs_a_reason(world, api_as):
    rep = api_as(world.rep1)
    response = rep.post(f"/api/journeys/{world.j1.pk}/stage", {"to_stage": "not_a_fit"})
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert not StageChange.objects.filter(journey=world.j1, to_stage="not_a_fit").exists()
    ok = rep.post(
        f"/api/journeys/{world.j1.pk}/stage",
        {
            "to_stage": "not_a_fit",
            "reason": "They need payroll",
            "referred_to": "PayCo",
            "recheck_on": "2027-03-01",
        },
    )
    assert ok.status_code == 201
    world.j1.refresh_from_db()
    assert world.j1.referred_to == "PayCo"
    assert str(world.j1.recheck_on) == "2027-03-01"


@pytest.mark.django_db
def test_unknown_stage_is_422_not_500(world, api_as):
    response = api_as(world.rep1).post(
        f"/api/journeys/{world.j1.pk}/stage", {"to_stage": "closed_won"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("to_stage")


@pytest.mark.django_db
def test_manager_edits_playbook_and_duplicates_are_clear(world, api_as):
    manager = api_as(world.manager)
    first = manager.post("/api/playbook/problems", {"title": "Forecasts nobody trusts"})
    assert first.status_code == 201, first.content
    again = manager.post("/api/playbook/problems", {"title": "Forecasts nobody trusts"})
    assert again.status_code == 400
    assert "already" in again.json()["message"]
    content = manager.post(
        "/api/playbook/content",
        {
            "title": "Finance case study",
            "format": "case_study",
            "problem_ids": [first.json()["id"]],
            "buying_stages": ["evaluating"],
        },
    )
    assert content.status_code == 201, content.content
    assert content.json()["problem_ids"] == [first.json()["id"]]


@pytest.mark.django_db
def test_malformed_json_is_4xx(world, api_as):
    response = api_as(world.rep1).post_raw("/api/accounts", b"{not json")
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_nul_characters_are_refused_with_the_field_named(world, api_as):
    response = api_as(world.manager).post("/api/playbook/problems", {"title": "Churn\x00"})
    assert response.status_code == 400
    assert response.json()["field"] == "title"
    batch = [{"source": "web", "external_id": "x", "kind": "note", "subject": "a\x00b"}]
    response = api_as(world.manager).post("/api/interactions", batch)
    assert response.status_code == 400
    assert response.json()["field"] == "[0].subject"
    assert api_as(world.rep1).get("/api/accounts?q=a%00").status_code == 400
