"""Tests for the help queue: ranking, explanations, back-off, and effort by fit band."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.journey import InteractionEvent
from helpfirst.core.prioritise import (
    FitBand,
    HelpQueueCandidate,
    HelpQueueWeights,
    effort_by_fit_band,
    effort_by_owner_and_fit_band,
    fit_band,
    rank_help_queue,
)
from helpfirst.core.vocabulary import BuyingStage, InteractionKind, PageType

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def ev(days_ago, kind, **kw):
    return InteractionEvent(occurred_at=NOW - timedelta(days=days_ago), kind=kind, **kw)


def pricing(days_ago, contact="ana"):
    return ev(days_ago, "page_view", page_type="pricing", contact_key=contact)


def candidate(journey_id, **kw):
    kw.setdefault("title", f"Journey {journey_id}")
    kw.setdefault("buying_stage", "evaluating")
    return HelpQueueCandidate(journey_id=journey_id, **kw)


def test_hot_strong_fit_journey_ranks_first_with_the_issue_style_explanation():
    hot = candidate(
        "hot",
        events=(pricing(1), pricing(2), pricing(4), ev(9, "email_sent", touch_intent="gave")),
        fit_score=85,
        expected_value=40_000,
    )
    cold = candidate("cold", events=(ev(60, "page_view", page_type="blog"),), fit_score=45)
    queue = rank_help_queue([cold, hot], NOW)
    assert [item.journey_id for item in queue] == ["hot", "cold"]
    assert [item.rank for item in queue] == [1, 2]
    top = queue[0]
    for phrase in ("Pricing page 3× this week", "strong fit", "€40k", "last touch 9 days ago"):
        assert phrase.lower() in top.explanation.lower()
    assert top.next_action
    assert not top.back_off
    assert top.back_off_reason is None


def test_items_that_must_back_off_are_kept_marked_and_ranked_last():
    no_consent = candidate("a", events=(pricing(1),), fit_score=95, may_contact=False)
    just_touched = candidate("b", events=(pricing(1), ev(0.5, "email_sent")), fit_score=95)
    ignored = candidate("c", events=tuple(ev(d, "email_sent") for d in (30, 20, 10)))
    quiet = candidate("d", fit_score=20)
    queue = rank_help_queue([no_consent, just_touched, ignored, quiet], NOW)
    assert queue[0].journey_id == "d"
    backing_off = {item.journey_id: item for item in queue if item.back_off}
    assert set(backing_off) == {"a", "b", "c"}
    assert "no consent" in backing_off["a"].explanation
    assert "Don't reach out" in backing_off["a"].next_action
    assert "give them until" in backing_off["b"].explanation
    assert "3 touches in a row without an answer" in backing_off["c"].back_off_reason
    assert all(item.dominant_factor == "fatigue" for item in backing_off.values())


def test_closed_snoozed_and_not_yet_due_rechecks_are_left_out():
    queue = rank_help_queue(
        [
            candidate("open"),
            candidate("won-customer", buying_stage="realising_value"),
            candidate("churned", buying_stage="churned"),
            candidate("later", buying_stage="not_a_fit", nurture_recheck_on=date(2025, 9, 1)),
            candidate("due", buying_stage="not_a_fit", nurture_recheck_on=date(2025, 6, 1)),
            candidate("snoozed", snoozed_until=NOW + timedelta(days=2)),
            candidate("woke", snoozed_until=NOW - timedelta(days=2)),
        ],
        NOW,
    )
    ids = {item.journey_id for item in queue}
    assert ids == {"open", "won-customer", "due", "woke"}
    due = next(item for item in queue if item.journey_id == "due")
    assert due.is_recheck
    assert "re-check" in due.explanation.lower()
    assert due.next_action_code == "recheck"


def test_a_reply_waiting_on_us_is_proposed_first():
    item = rank_help_queue(
        [candidate(1, events=(ev(5, "email_sent"), ev(2, "email_replied")), contact_name="Ana")],
        NOW,
    )[0]
    assert item.next_action_code == "reply"
    assert "Ana" in item.next_action


def test_weights_can_switch_a_factor_off():
    big = candidate("big", expected_value=1_000_000, fit_score=50)
    small = candidate("small", expected_value=1_000, fit_score=50)
    by_value = rank_help_queue([small, big], NOW)
    assert by_value[0].journey_id == "big"
    flat = rank_help_queue([small, big], NOW, HelpQueueWeights(value=0.0))
    assert flat[0].priority == flat[1].priority
    assert [i.journey_id for i in flat] == ["big", "small"]  # ties broken by journey id


def test_buyer_timeline_close_raises_priority():
    soon = candidate("soon", buyer_timeline=date(2025, 6, 20))
    far = candidate("far", buyer_timeline=date(2026, 6, 20))
    queue = rank_help_queue([far, soon], NOW)
    assert queue[0].journey_id == "soon"
    assert "decision due 20 Jun" in queue[0].explanation


def test_not_a_fit_verdict_sinks_the_item():
    fit = candidate("fit", fit_score=60)
    anti = candidate("anti", fit_score=60, fit_verdict="not_a_fit")
    assert rank_help_queue([anti, fit], NOW)[0].journey_id == "fit"


def test_naive_now_is_rejected():
    from helpfirst.core.errors import DataValidationError

    with pytest.raises(DataValidationError, match="timezone-aware"):
        rank_help_queue([], datetime(2025, 1, 1))


def test_fit_bands():
    assert fit_band(None) is FitBand.UNKNOWN
    assert fit_band(70) is FitBand.STRONG
    assert fit_band(69.9) is FitBand.POSSIBLE
    assert fit_band(10) is FitBand.WEAK


def test_effort_by_fit_band_counts_recent_touches_only():
    touches = (*tuple(ev(d, "email_sent") for d in (1, 5, 10)), ev(45, "call"), pricing(2))
    candidates = [
        candidate(1, fit_score=90, events=touches, owner="ann"),
        candidate(2, fit_score=20, events=(ev(3, "meeting"),), owner="bob"),
        candidate(3, fit_score=None, owner="bob"),
    ]
    effort = effort_by_fit_band(candidates, NOW)
    assert list(effort) == [FitBand.STRONG, FitBand.POSSIBLE, FitBand.WEAK, FitBand.UNKNOWN]
    assert effort[FitBand.STRONG].touches == 3
    assert effort[FitBand.WEAK].touches == 1
    assert effort[FitBand.STRONG].share_of_touches == pytest.approx(0.75)
    assert effort[FitBand.UNKNOWN].journeys == 1
    assert effort[FitBand.UNKNOWN].touches == 0
    per_owner = effort_by_owner_and_fit_band(candidates, NOW)
    assert set(per_owner) == {"ann", "bob"}
    assert per_owner["bob"][FitBand.WEAK].touches == 1


# --- invariants ---------------------------------------------------------------------------

event_st = st.builds(
    lambda age, kind, page_type, contact: InteractionEvent(
        NOW - timedelta(days=age), kind, page_type=page_type, contact_key=contact
    ),
    st.floats(min_value=0.0, max_value=120.0),
    st.sampled_from(list(InteractionKind)),
    st.sampled_from(list(PageType)),
    st.sampled_from([None, "ana", "bo"]),
)
candidate_st = st.builds(
    lambda i, stage, fit, value, consent, timeline, history: HelpQueueCandidate(
        journey_id=i,
        title=f"J{i}",
        buying_stage=stage,
        fit_score=fit,
        expected_value=value,
        may_contact=consent,
        buyer_timeline=timeline,
        events=tuple(history),
    ),
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(list(BuyingStage)[:7]),
    st.none() | st.floats(min_value=0, max_value=100),
    st.none() | st.floats(min_value=0, max_value=2_000_000),
    st.booleans(),
    st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 1, 1)),
    st.lists(event_st, max_size=12),
)
queues = st.lists(candidate_st, max_size=12, unique_by=lambda c: c.journey_id)


@settings(max_examples=60, deadline=None)
@given(queues)
def test_queue_invariants(candidates):
    queue = rank_help_queue(candidates, NOW)
    assert len(queue) == len(candidates)
    # Deterministic: same input in any order gives the same ranking.
    again = rank_help_queue(list(reversed(candidates)), NOW)
    assert [i.journey_id for i in again] == [i.journey_id for i in queue]
    seen_back_off = False
    for item in queue:
        assert item.explanation.strip()
        assert item.next_action.strip()
        # The explanation mentions the dominant factor in its own words.
        assert item.factor_phrases[item.dominant_factor].lower() in item.explanation.lower()
        assert 0.0 <= item.priority <= item.good_of_touch <= 100.0
        seen_back_off = seen_back_off or item.back_off
        assert item.back_off or not seen_back_off  # back-off items come last
    for source, item in zip(
        sorted(candidates, key=lambda c: c.journey_id),
        sorted(queue, key=lambda i: i.journey_id),
        strict=True,
    ):
        if not source.may_contact:
            assert item.back_off
            assert "no consent" in item.explanation
