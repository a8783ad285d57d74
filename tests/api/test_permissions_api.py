"""A rep cannot read or change another rep's journey through any API endpoint."""

from __future__ import annotations

import pytest


def result_ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.django_db
def test_lists_are_scoped(world, api_as):
    rep1 = api_as(world.rep1)
    assert result_ids(rep1.get("/api/journeys")) == {world.j1.pk, world.j3.pk}
    assert result_ids(rep1.get("/api/accounts")) == {world.a1.pk, world.a2.pk}
    assert world.i2.pk not in result_ids(rep1.get("/api/interactions"))
    manager = api_as(world.manager)
    assert world.jb.pk not in result_ids(manager.get("/api/journeys"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/api/journeys/{j2}", None),
        ("patch", "/api/journeys/{j2}", {"title": "mine now"}),
        ("delete", "/api/journeys/{j2}", None),
        ("post", "/api/journeys/{j2}/stage", {"to_stage": "deciding", "reason": "x"}),
        ("get", "/api/journeys/{j2}/stages", None),
        ("get", "/api/accounts/{b1}", None),
        ("get", "/api/interactions?journey_id={j2}", None),
    ],
)
def test_other_reps_journey_is_invisible(world, api_as, method, path, payload):
    client = api_as(world.rep1)
    url = path.format(j2=world.j2.pk, b1=world.b1.pk)
    args = (url,) if payload is None else (url, payload)
    response = getattr(client, method)(*args)
    if "?" in url:
        assert response.json()["items"] == []
    else:
        assert response.status_code == 404, (url, response.content)
    world.j2.refresh_from_db()
    assert world.j2.title == "Beta onboarding"
    assert world.j2.buying_stage == "exploring_solutions"


@pytest.mark.django_db
def test_outsider_cannot_reach_team_a(world, api_as):
    client = api_as(world.outsider)
    assert client.get(f"/api/accounts/{world.a1.pk}").status_code == 404
    assert client.get(f"/api/contacts/{world.c1.pk}").status_code == 404
    assert client.get("/api/playbook/problems").json() == []


@pytest.mark.django_db
def test_rep_cannot_edit_playbook(world, api_as):
    response = api_as(world.rep1).post("/api/playbook/problems", {"title": "Churn"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
