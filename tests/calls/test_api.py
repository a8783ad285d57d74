"""The calls API: the same rules as the pages (consent, scoping), the analysis contract."""

from __future__ import annotations

import pytest
from django.test import Client

from helpfirst.calls.models import Call
from tests.calls.conftest import HELPFUL_CALL

CONTRACT_KEYS = {
    "duration_s",
    "timing",
    "speakers",
    "talk_ratio",
    "longest_monologue_s",
    "longest_customer_story_s",
    "questions",
    "seller_question_count",
    "seller_open_question_count",
    "pressure_tactics",
    "next_steps",
    "discovery",
    "helping_score",
    "coaching",
}


@pytest.fixture
def api(call_team):
    from helpfirst.team.models import ApiToken

    def make(user):
        _, raw = ApiToken.issue(user, "test")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


def post_call(client, payload):
    return client.post("/api/calls", payload, content_type="application/json")


def test_post_stores_and_returns_the_analysis(api, call_team):
    response = post_call(
        api(call_team.rita),
        {
            "journey_id": call_team.rita_journey.pk,
            "contact_ids": [call_team.ann.pk],
            "transcript": HELPFUL_CALL,
            "filename": "call.vtt",
            "occurred_at": "2026-06-02T10:00:00Z",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body["analysis"]) == CONTRACT_KEYS
    assert body["helping_score"] == body["analysis"]["helping_score"] == 84
    assert body["contact_ids"] == [call_team.ann.pk]
    assert body["redaction"] == "cards"
    assert Call.objects.get().uploaded_by == call_team.rita


def test_post_refuses_a_contact_without_consent(api, call_team):
    response = post_call(
        api(call_team.rita),
        {
            "journey_id": call_team.rita_journey.pk,
            "contact_ids": [call_team.ann.pk, call_team.bo.pk],
            "transcript": HELPFUL_CALL,
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "recording_consent"
    assert "Bo Dispatcher" in body["message"]
    assert not Call.objects.exists()


def test_post_explains_unknown_sides_and_bad_formats(api, call_team):
    client = api(call_team.rita)
    base = {"journey_id": call_team.rita_journey.pk, "contact_ids": [call_team.ann.pk]}
    sides = post_call(client, {**base, "transcript": HELPFUL_CALL, "seller_names": ["X"]})
    assert sides.status_code == 400
    assert sides.json()["code"] == "speaker_sides"
    bad = post_call(client, {**base, "transcript": "WEBVTT\n\nnonsense -->", "input_format": "vtt"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "transcript_format"
    unknown = post_call(client, {**base, "transcript": HELPFUL_CALL, "input_format": "doc"})
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "input_format"


def test_a_rep_cannot_post_on_a_colleagues_journey_or_with_foreign_contacts(api, call_team):
    client = api(call_team.rob)
    response = post_call(
        client,
        {
            "journey_id": call_team.rita_journey.pk,
            "contact_ids": [call_team.ann.pk],
            "transcript": HELPFUL_CALL,
        },
    )
    assert response.status_code == 404
    response = post_call(
        client,
        {
            "journey_id": call_team.rob_journey.pk,
            "contact_ids": [call_team.far_contact.pk],
            "transcript": HELPFUL_CALL,
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "contact_ids"


def test_reads_are_scoped(api, stored_calls, call_team):
    rob = api(call_team.rob)
    assert rob.get(f"/api/calls/{stored_calls.helpful.pk}").status_code == 404
    mine = rob.get(f"/api/calls/{stored_calls.pushy.pk}")
    assert mine.status_code == 200
    assert mine.json()["analysis"]["pressure_tactics"]
    assert [c["id"] for c in rob.get("/api/calls").json()["items"]] == [stored_calls.pushy.pk]
    manager = api(call_team.maya).get("/api/calls").json()
    assert {c["id"] for c in manager["items"]} == {stored_calls.helpful.pk, stored_calls.pushy.pk}
    week = api(call_team.maya).get("/api/calls", {"week": "2026-06-03"}).json()
    assert [c["id"] for c in week["items"]] == [stored_calls.helpful.pk]
    assert api(call_team.stan).get("/api/calls").json()["items"] == []


def test_practice_endpoint_explains_the_score(api, call_team):
    response = api(call_team.rob).post(
        "/api/calls/practice",
        {
            "buyer_message": "We're not interested right now.",
            "reply": "Which plan should I put you down for? The discount ends today.",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["tactics"]
    assert body["notes"]
    assert 0 <= body["score"] < 50
