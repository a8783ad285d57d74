"""Storing calls: consent, redaction, sides, and metrics that match the analysis exactly."""

from __future__ import annotations

import pytest

from helpfirst.calls.models import Call, Redaction
from helpfirst.calls.services import (
    RecordingConsentError,
    default_seller_names,
    record_call,
)
from helpfirst.core.conversation import analyse_call, parse_transcript
from helpfirst.core.errors import DataValidationError, SpeakerSidesError, TranscriptFormatError
from tests.calls.conftest import HELPFUL_CALL, PII_CALL


def test_metrics_columns_repeat_the_analysis_contract(stored_calls):
    call = Call.objects.get(pk=stored_calls.helpful.pk)
    expected = analyse_call(parse_transcript(HELPFUL_CALL), ["Rita Rep"]).as_dict()
    assert call.analysis == expected
    assert call.talk_ratio == expected["talk_ratio"]
    assert call.seller_question_count == expected["seller_question_count"] == 3
    assert call.seller_open_question_count == expected["seller_open_question_count"] == 2
    assert call.open_question_share == pytest.approx(2 / 3, abs=1e-4)
    assert call.longest_monologue_s == expected["longest_monologue_s"]
    assert call.pressure_tactic_count == 0
    assert call.next_step_agreed is True
    assert call.helping_score == expected["helping_score"]
    assert call.input_format == "vtt"
    assert call.timing == "measured"
    assert call.has_sides
    assert [c.pk for c in call.contacts.all()] == [stored_calls.helpful.contacts.get().pk]
    assert call.owner.username == "rita"
    assert call.account.name == "Acme Freight"
    assert len(call.utterances) == 6
    assert call.utterances[0][0] == "Rita Rep"
    # coaching notes keep their moment, which as_dict() drops
    assert [n["text"] for n in call.coaching_moments] == expected["coaching"]


def test_pushy_call_stores_its_tactics(stored_calls):
    call = stored_calls.pushy
    assert call.pressure_tactic_count == 4
    assert call.helping_score < 30
    assert {t["kind"] for t in call.analysis["pressure_tactics"]} >= {
        "false_urgency",
        "assumptive_close",
        "ignoring_no",
    }


def test_a_contact_without_recording_consent_blocks_the_call(call_team):
    with pytest.raises(RecordingConsentError, match="Bo Dispatcher has not agreed to recording"):
        record_call(
            call_team.rita_journey,
            contacts=[call_team.ann, call_team.bo],
            transcript_text=HELPFUL_CALL,
        )
    assert not Call.objects.exists()


def test_consent_error_names_every_missing_contact_for_the_api(call_team):
    with pytest.raises(RecordingConsentError) as caught:
        record_call(call_team.rita_journey, contacts=[call_team.bo], transcript_text=HELPFUL_CALL)
    assert caught.value.as_dict()["code"] == "recording_consent"
    assert caught.value.detail["contacts"] == [{"id": call_team.bo.pk, "name": "Bo Dispatcher"}]


def test_a_call_needs_linked_contacts_of_the_journeys_account(call_team):
    with pytest.raises(DataValidationError, match="Link the buyer-side contact"):
        record_call(call_team.rita_journey, contacts=[], transcript_text=HELPFUL_CALL)
    with pytest.raises(DataValidationError, match="not at Acme Freight"):
        record_call(
            call_team.rita_journey, contacts=[call_team.ann_bolt], transcript_text=HELPFUL_CALL
        )


def test_redaction_of_contact_details_reaches_every_stored_copy(call_team):
    call = record_call(
        call_team.rita_journey,
        contacts=[call_team.ann],
        transcript_text=PII_CALL,
        redaction=Redaction.ALL,
    )
    stored = " ".join([call.transcript_text, str(call.utterances), str(call.analysis)])
    for secret in ("ann@acme.example", "7946", "4111 1111"):
        assert secret not in stored
    assert "[email]" in call.transcript_text
    assert "[phone]" in call.transcript_text
    assert "[card]" in call.utterances[1][3]


def test_card_numbers_are_redacted_by_default_but_nothing_else(call_team):
    call = record_call(call_team.rita_journey, contacts=[call_team.ann], transcript_text=PII_CALL)
    assert call.redaction == Redaction.CARDS
    assert "[card]" in call.transcript_text
    assert "4111" not in call.transcript_text
    assert "ann@acme.example" in call.transcript_text


def test_redaction_can_be_switched_off(call_team):
    call = record_call(
        call_team.rita_journey,
        contacts=[call_team.ann],
        transcript_text=PII_CALL,
        redaction=Redaction.NONE,
    )
    assert "4111 1111 1111 1111" in call.transcript_text


def test_unknown_sides_are_an_error_listing_the_speakers(call_team):
    with pytest.raises(SpeakerSidesError, match="Rita Rep, Ann Buyer"):
        record_call(
            call_team.rita_journey,
            contacts=[call_team.ann],
            transcript_text=HELPFUL_CALL,
            seller_names=["Somebody Else"],
        )
    assert not Call.objects.exists()


def test_unreadable_transcripts_are_a_format_error(call_team):
    with pytest.raises(TranscriptFormatError):
        record_call(
            call_team.rita_journey,
            contacts=[call_team.ann],
            transcript_text='{"segments": [',
            input_format="json",
        )


def test_default_seller_names_are_the_owner_and_the_roster(call_team, monkeypatch):
    monkeypatch.setenv("HELPFIRST_TEAM_ROSTER", "Pat Partner, rita rep")
    names = default_seller_names(call_team.rita_journey)
    assert names == ["Rita Rep", "rita", "Pat Partner"]
