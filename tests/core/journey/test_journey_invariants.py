"""Hypothesis invariants of the journey analytics: decay, fatigue, stage suggestions."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.journey import (
    InteractionEvent,
    contact_fatigue,
    give_ask_balance,
    infer_buying_stage,
    readiness_score,
)
from helpfirst.core.journey.events import SIGNAL_LABELS
from helpfirst.core.vocabulary import BuyingStage, InteractionKind, PageType, TouchIntent

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)

ages = st.floats(min_value=0.0, max_value=400.0, allow_nan=False)
events = st.builds(
    lambda age, kind, page_type, contact, direction, intent: InteractionEvent(
        occurred_at=NOW - timedelta(days=age),
        kind=kind,
        page_type=page_type,
        contact_key=contact,
        direction=direction,
        touch_intent=intent,
    ),
    ages,
    st.sampled_from(list(InteractionKind)),
    st.sampled_from(list(PageType)),
    st.sampled_from([None, "ana", "bo", "cy", "di"]),
    st.sampled_from([None, None, "inbound", "outbound"]),
    st.sampled_from([None, *TouchIntent]),
)
histories = st.lists(events, max_size=40)
half_lives = st.floats(min_value=0.5, max_value=90.0)
stages = st.sampled_from([None, *BuyingStage])


@given(
    st.sampled_from(list(PageType)),
    ages,
    st.floats(min_value=0.0, max_value=100.0),
    half_lives,
)
def test_readiness_decay_is_monotone_in_age(page_type, age, extra, half_life):
    def score_at(days):
        event = InteractionEvent(NOW - timedelta(days=days), "page_view", page_type=page_type)
        return readiness_score([event], NOW, half_life_days=half_life).score

    assert score_at(age + extra) <= score_at(age)


@given(histories, events, half_lives)
def test_adding_an_interaction_never_lowers_readiness(history, extra, half_life):
    before = readiness_score(history, NOW, half_life_days=half_life).score
    after = readiness_score([*history, extra], NOW, half_life_days=half_life).score
    assert after >= before
    assert 0.0 <= after <= 100.0


@given(histories)
def test_readiness_explanation_names_its_dominant_signal(history):
    readiness = readiness_score(history, NOW)
    assert readiness.explanation
    if readiness.dominant_signal is not None:
        assert SIGNAL_LABELS[readiness.dominant_signal][1] in readiness.explanation


@given(histories, st.floats(min_value=0.001, max_value=60.0), st.booleans())
def test_another_unanswered_touch_never_lowers_fatigue(history, gap, consent):
    latest = max((e.occurred_at for e in history), default=NOW - timedelta(days=400))
    touch_at = latest + timedelta(days=gap)  # strictly after everything else
    now = max(NOW, touch_at)
    touch = InteractionEvent(touch_at, "email_sent")
    before = contact_fatigue(history, now, consent)
    after = contact_fatigue([*history, touch], now, consent)
    assert after.penalty >= before.penalty
    assert after.back_off or not before.back_off
    assert after.unanswered_in_a_row == before.unanswered_in_a_row + 1
    assert 0.0 <= after.penalty <= 1.0


@given(histories)
def test_no_consent_always_backs_off(history):
    fatigue = contact_fatigue(history, NOW, consent=False)
    assert fatigue.back_off
    assert fatigue.penalty == 1.0
    assert "no consent" in fatigue.reason


@settings(max_examples=150)
@given(histories, stages)
def test_stage_suggestion_is_well_formed_and_only_suggests(history, current):
    suggestion = infer_buying_stage(history, NOW, current_stage=current)
    assert suggestion.stage in set(BuyingStage)
    assert 0.0 <= suggestion.confidence <= 1.0
    assert suggestion.evidence
    assert all(suggestion.evidence)
    assert suggestion.differs_from_current == (current is None or suggestion.stage != current)
    assert suggestion.current_stage == current


@given(histories)
def test_give_ask_counts_add_up(history):
    balance = give_ask_balance(history)
    assert balance.asks_in_a_row <= balance.asked
    assert sum(g for g, _ in balance.by_contact.values()) <= balance.gave
    assert balance.explanation
    if balance.give_share is not None:
        assert 0.0 <= balance.give_share <= 1.0
