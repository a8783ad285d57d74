"""Card numbers are redacted as transcripts and notes are stored, unless the team opts out."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from helpfirst.core.privacy import CARD_MARK
from helpfirst.interactions.models import Interaction
from helpfirst.privacy.models import PrivacySettings
from helpfirst.team.models import ApiToken
from tests.factories import InteractionFactory

pytestmark = pytest.mark.django_db
CARD = "4111 1111 1111 1111"


def test_notes_saved_through_models_are_redacted(world):
    from helpfirst.journeys.services import change_buying_stage

    note = InteractionFactory(
        account=world.a1, kind="note", subject=f"card {CARD}", properties={"text": f"use {CARD}"}
    )
    note.refresh_from_db()
    assert note.subject == f"card {CARD_MARK}"
    assert note.properties == {"text": f"use {CARD_MARK}"}
    world.j1.stated_needs = f"Paid with {CARD}; order 1234567890123 stays"
    world.j1.save()
    world.j1.refresh_from_db()
    assert world.j1.stated_needs == f"Paid with {CARD_MARK}; order 1234567890123 stays"
    change = change_buying_stage(world.j1, "evaluating", changed_by=world.rep1, reason=CARD)
    change.refresh_from_db()
    assert change.reason == CARD_MARK


def test_api_ingest_is_redacted(world):
    _, raw = ApiToken.issue(world.rep1, "t")
    items = [
        {
            "source": "mail",
            "external_id": "m1",
            "kind": "email_replied",
            "occurred_at": "2026-03-01T09:30:00Z",
            "account_id": world.a1.pk,
            "subject": "my card",
            "properties": {"body": f"Card: {CARD}. Call me on +44 20 7946 0958."},
        }
    ]
    response = Client().post(
        "/api/interactions",
        json.dumps(items),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    stored = Interaction.objects.get(external_id="m1")
    assert stored.properties["body"] == f"Card: {CARD_MARK}. Call me on +44 20 7946 0958."


def test_call_transcripts_are_redacted(world):
    from helpfirst.calls.services import record_call
    from tests.factories import ContactFactory

    buyer = ContactFactory(account=world.a1, first_name="Bea", recording_consent=True)
    call = record_call(
        world.j1,
        contacts=[buyer],
        transcript_text="Rep One: How will you pay?\nBea: With 4111-1111-1111-1111.\n",
        seller_names=["Rep One"],
    )
    call.refresh_from_db()
    assert "4111" not in call.transcript_text
    assert "4111" not in json.dumps(call.utterances)


def test_a_team_can_turn_it_off(world):
    PrivacySettings.objects.create(team=world.team_a, redact_card_numbers=False)
    kept = InteractionFactory(account=world.a1, kind="note", subject=f"card {CARD}")
    kept.refresh_from_db()
    assert kept.subject == f"card {CARD}"
    other = InteractionFactory(account=world.b1, kind="note", subject=f"card {CARD}")
    other.refresh_from_db()
    assert other.subject == f"card {CARD_MARK}"
