"""The demo's recorded calls become analysed calls once, whatever how often the loader runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from helpfirst.calls.models import Call
from helpfirst.demo.call_analyses import analyse_demo_calls
from helpfirst.demo.transcripts import build_demo_transcripts
from tests.factories import InteractionFactory


def test_demo_call_interactions_become_calls_once(call_team):
    t = call_team
    demos = build_demo_transcripts(
        count=4, seller_names=["Rita Rep"] * 4, buyer_names=["Ann Buyer"] * 4
    )
    start = datetime(2026, 5, 1, 9, tzinfo=UTC)
    for index, demo in enumerate(demos):
        InteractionFactory(
            account=t.acme,
            journey=t.rita_journey,
            contact=t.ann,
            kind="call",
            occurred_at=start + timedelta(days=7 * index),
            subject=f"Call {index}",
            properties={
                "transcript": demo.text,
                "input_format": demo.input_format,
                "filename": demo.filename,
                "seller": demo.seller,
            },
        )
    InteractionFactory(
        account=t.acme,
        journey=t.rita_journey,
        contact=t.bo,
        kind="call",
        properties={"transcript": demos[0].text, "seller": "Rita Rep"},
    )
    InteractionFactory(account=t.acme, kind="call")  # no transcript: not a recorded call

    first = analyse_demo_calls(t.team)
    assert first.created == 4
    assert len(first.skipped) == 1
    assert "Bo Dispatcher" in first.skipped[0]
    second = analyse_demo_calls(t.team)
    assert (second.created, second.already_there) == (0, 4)
    calls = Call.objects.filter(team=t.team).order_by("occurred_at")
    assert calls.count() == 4
    assert all(c.interaction_id and c.helping_score is not None for c in calls)
    assert calls[0].occurred_at == start
    assert calls[0].title == "Call 0"
    assert {c.input_format for c in calls} == {d.input_format for d in demos}
