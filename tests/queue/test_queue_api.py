"""GET /api/queue and POST /api/journeys/{id}/snooze, scoped like every other read."""

from __future__ import annotations

import json

from helpfirst.queue.models import Snooze


def _titles(response):
    return [row["title"] for row in response.json()]


def test_rep_reads_only_their_own_queue(client, book):
    client.force_login(book.rob)
    response = client.get("/api/queue")
    assert response.status_code == 200
    titles = _titles(response)
    assert "Hot pricing" in titles
    assert "Rita secret expansion" not in titles
    said_no = next(r for r in response.json() if r["title"] == "Said no")
    assert said_no["back_off"]
    assert "no consent" in said_no["back_off_reason"]
    assert client.get("/api/queue", {"owner_id": book.rita.pk}).status_code == 403


def test_manager_reads_the_team_or_one_rep(client, book):
    client.force_login(book.maya)
    assert "Rita secret expansion" in _titles(client.get("/api/queue"))
    assert _titles(client.get("/api/queue", {"owner_id": book.rita.pk})) == [
        "Rita secret expansion"
    ]


def test_snooze_via_api_leaves_the_queue(client, book):
    client.force_login(book.rob)
    response = client.post(
        f"/api/journeys/{book.hot.pk}/snooze",
        json.dumps({"days": 3, "reason": "Travelling"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Snooze.objects.get(journey=book.hot).reason == "Travelling"
    assert "Hot pricing" not in _titles(client.get("/api/queue"))


def test_snooze_via_api_is_scoped_and_validated(client, book):
    client.force_login(book.rob)
    other = client.post(
        f"/api/journeys/{book.secret.pk}/snooze",
        json.dumps({"days": 1}),
        content_type="application/json",
    )
    assert other.status_code == 404
    past = client.post(
        f"/api/journeys/{book.hot.pk}/snooze",
        json.dumps({"until": "2001-01-01T00:00:00Z"}),
        content_type="application/json",
    )
    assert past.status_code == 400
    assert not Snooze.objects.exists()
