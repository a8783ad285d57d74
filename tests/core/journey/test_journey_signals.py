"""Unit tests for events, readiness, stage inference, give/ask, fatigue and engagement."""

from datetime import UTC, datetime, timedelta

import pytest

from helpfirst.core.errors import DataValidationError
from helpfirst.core.journey import (
    DEFAULT_UNANSWERED_TOUCH_PENALTY,
    InteractionEvent,
    contact_engagement,
    contact_fatigue,
    give_ask_balance,
    infer_buying_stage,
    readiness_score,
    summarise_activity,
)

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def ev(days_ago, kind, **kw):
    return InteractionEvent(occurred_at=NOW - timedelta(days=days_ago), kind=kind, **kw)


def page(days_ago, page_type, contact="ana"):
    return ev(days_ago, "page_view", page_type=page_type, contact_key=contact)


# --- events -------------------------------------------------------------------------------


def test_event_direction_defaults_from_kind_and_can_be_overridden():
    assert ev(1, "email_sent").direction == "outbound"
    assert ev(1, "page_view").direction == "inbound"
    assert ev(1, "call", direction="inbound").direction == "inbound"
    assert ev(1, "call", properties={"direction": "inbound"}).direction == "inbound"
    assert ev(1, "email_sent", properties={"touch_intent": "gave"}).touch_intent == "gave"


def test_event_rejects_naive_time_and_unknown_values():
    with pytest.raises(DataValidationError, match="timezone-aware"):
        InteractionEvent(occurred_at=datetime(2025, 1, 1), kind="call")
    with pytest.raises(DataValidationError, match="Unknown interaction kind 'tweet'"):
        ev(1, "tweet")
    with pytest.raises(DataValidationError, match="direction"):
        ev(1, "call", direction="sideways")
    with pytest.raises(DataValidationError, match="touch intent"):
        ev(1, "email_sent", touch_intent="begged")


def test_unknown_page_type_counts_as_other():
    assert ev(1, "page_view", page_type="weird").page_type == "other"


def test_meeting_is_both_a_touch_and_an_answer_and_connected_call_answers():
    meeting = ev(1, "meeting")
    assert meeting.is_touch
    assert meeting.is_answer
    assert not ev(1, "call").is_answer
    assert ev(1, "call", properties={"connected": True}).is_answer


# --- readiness ----------------------------------------------------------------------------


def test_readiness_is_zero_without_buyer_signals():
    assert readiness_score([], NOW).score == 0.0
    only_ours = readiness_score([ev(1, "email_sent")], NOW)
    assert only_ours.score == 0.0
    assert "only our own touches" in only_ours.explanation


def test_readiness_halves_the_weight_of_a_signal_each_half_life():
    fresh = readiness_score([page(0, "pricing")], NOW, half_life_days=10)
    old = readiness_score([page(10, "pricing")], NOW, half_life_days=10)
    assert old.points == pytest.approx(fresh.points / 2)
    assert fresh.score > old.score > 0


def test_readiness_explanation_names_the_dominant_signal_and_stakeholders():
    events = [page(1, "pricing"), page(2, "pricing"), page(3, "pricing", contact="bo")]
    events.append(page(4, "blog"))
    readiness = readiness_score(events, NOW)
    assert readiness.dominant_signal == "page:pricing"
    assert "pricing-page views" in readiness.explanation
    assert "2 stakeholders active" in readiness.explanation
    assert readiness.headline == "Pricing page 3× this week"


def test_careers_page_views_are_not_buying_signals():
    assert readiness_score([page(0, "careers")] * 5, NOW).score == 0.0


def test_future_events_are_ignored_so_history_can_be_replayed():
    activity = summarise_activity([page(-3, "pricing"), page(1, "pricing")], NOW)
    assert activity.events_counted == 1
    assert activity.events_ignored_future == 1


def test_invalid_half_life_is_reported():
    with pytest.raises(DataValidationError, match="half_life_days"):
        readiness_score([], NOW, half_life_days=0)


# --- stage inference ----------------------------------------------------------------------


def test_stage_inference_reads_the_issue_example_as_deciding():
    events = [page(1, "pricing"), page(3, "pricing"), page(7, "pricing", contact="bo")]
    events.append(page(2, "security", contact="bo"))
    suggestion = infer_buying_stage(events, NOW, current_stage="evaluating")
    assert suggestion.stage == "deciding"
    assert suggestion.differs_from_current
    assert suggestion.evidence[0] == (
        "3 pricing-page views and a security-page view in 7 days, 2 stakeholders active"
    )
    assert 0 < suggestion.confidence <= 1
    assert suggestion.label == "Deciding"


def test_blog_reading_suggests_exploring_the_problem():
    events = [page(d, "blog") for d in (1, 2, 4)] + [ev(5, "content_download")]
    suggestion = infer_buying_stage(events, NOW)
    assert suggestion.stage == "exploring_problem"
    assert suggestion.differs_from_current  # no current stage given


def test_docs_and_trial_suggest_evaluating():
    events = [page(1, "docs"), page(2, "docs"), ev(3, "trial_signup"), page(4, "integrations")]
    assert infer_buying_stage(events, NOW, "exploring_solutions").stage == "evaluating"


def test_weak_evidence_does_not_move_the_journey_backwards():
    # Deciding journey: one blog read is some sign of exploring, not enough to move back.
    events = [page(1, "blog"), page(20, "pricing")]
    suggestion = infer_buying_stage(events, NOW, current_stage="deciding")
    assert suggestion.stage == "deciding"
    assert not suggestion.differs_from_current


def test_the_sale_is_never_inferred_for_a_pre_sale_journey():
    events = [ev(d, "product_usage") for d in range(1, 90)]
    suggestion = infer_buying_stage(events, NOW, current_stage="deciding")
    assert suggestion.stage in {
        "exploring_problem",
        "exploring_solutions",
        "evaluating",
        "deciding",
    }


def test_customer_with_settled_usage_is_realising_value_and_pricing_means_expanding():
    usage = [ev(d, "product_usage") for d in range(1, 120, 3)]
    settled = infer_buying_stage(usage, NOW, current_stage="implementing")
    assert settled.stage == "realising_value"
    expanding = usage + [page(d, "pricing", contact=f"p{d}") for d in (1, 2, 3, 4, 5, 6)]
    assert infer_buying_stage(expanding, NOW, "realising_value").stage == "expanding"


def test_customer_without_recent_usage_gets_a_churn_risk_note():
    usage = [ev(d, "product_usage") for d in range(60, 200, 5)]
    suggestion = infer_buying_stage(usage, NOW, current_stage="realising_value")
    assert any("churn risk" in line for line in suggestion.evidence)


def test_long_silence_on_an_open_journey_suggests_paused():
    events = [ev(120, "page_view", page_type="pricing"), ev(100, "email_sent")]
    suggestion = infer_buying_stage(events, NOW, current_stage="evaluating")
    assert suggestion.stage == "paused"
    assert "looks paused" in suggestion.evidence[-1]


def test_new_activity_after_an_exit_suggests_reopening():
    events = [page(1, "pricing"), page(2, "pricing"), page(2, "security")]
    suggestion = infer_buying_stage(events, NOW, current_stage="not_a_fit")
    assert suggestion.stage == "deciding"
    assert any("re-check" in line for line in suggestion.evidence)


def test_no_activity_keeps_the_current_stage_with_zero_confidence():
    suggestion = infer_buying_stage([], NOW, current_stage="evaluating")
    assert suggestion.stage == "evaluating"
    assert suggestion.confidence == 0.0
    assert not suggestion.differs_from_current


# --- give/ask -----------------------------------------------------------------------------


def test_give_ask_counts_per_journey_and_contact():
    events = [
        ev(10, "email_sent", touch_intent="gave", contact_key="ana"),
        ev(8, "email_sent", touch_intent="asked", contact_key="ana"),
        ev(6, "email_sent", touch_intent="asked", contact_key="bo"),
        ev(5, "meeting", touch_intent="neutral"),
    ]
    balance = give_ask_balance(events)
    assert (balance.gave, balance.asked, balance.neutral) == (1, 2, 1)
    assert balance.give_share == pytest.approx(1 / 3)
    assert balance.asks_in_a_row == 2
    assert balance.verdict == "asking_too_much"
    assert "give something useful before asking again" in balance.explanation
    assert dict(balance.by_contact) == {"ana": (1, 1), "bo": (0, 1)}


def test_give_ask_verdicts():
    assert give_ask_balance([]).verdict == "no_touches"
    gives = [ev(d, "email_sent", touch_intent="gave") for d in (3, 2, 1)]
    assert give_ask_balance(gives).verdict == "giving"
    assert give_ask_balance([*gives, ev(0, "email_sent", touch_intent="asked")]).verdict in {
        "giving",
        "balanced",
    }


# --- fatigue ------------------------------------------------------------------------------


def test_no_consent_always_backs_off_with_full_penalty():
    fatigue = contact_fatigue([], NOW, consent=False)
    assert fatigue.back_off
    assert fatigue.penalty == 1.0
    assert fatigue.reason == "Back off: no consent to contact."


def test_unanswered_touches_compound_and_back_off_at_the_limit():
    two = contact_fatigue([ev(30, "email_sent"), ev(20, "email_sent")], NOW, consent=True)
    assert two.unanswered_in_a_row == 2
    assert not two.back_off
    assert two.penalty == pytest.approx(1 - (1 - DEFAULT_UNANSWERED_TOUCH_PENALTY) ** 2)
    three = contact_fatigue(
        [ev(30, "email_sent"), ev(20, "email_sent"), ev(10, "call")], NOW, consent=True
    )
    assert three.back_off
    assert "3 touches in a row without an answer" in three.reason


def test_a_reply_resets_the_unanswered_count():
    events = [ev(30, "email_sent"), ev(20, "email_sent"), ev(15, "email_replied")]
    events.append(ev(10, "email_sent"))
    fatigue = contact_fatigue(events, NOW, consent=True)
    assert fatigue.unanswered_in_a_row == 1
    assert fatigue.days_since_last_answer == pytest.approx(15)


def test_just_touched_backs_off_until_the_buyer_had_time_to_answer():
    fatigue = contact_fatigue([ev(1, "email_sent")], NOW, consent=True)
    assert fatigue.back_off
    assert fatigue.back_off_until == NOW + timedelta(days=2)
    assert "last touch yesterday" in fatigue.reason


def test_following_up_a_meeting_is_not_pestering():
    fatigue = contact_fatigue([ev(1, "meeting")], NOW, consent=True)
    assert not fatigue.back_off
    assert fatigue.penalty == 0.0


def test_fatigue_penalty_is_a_parameter():
    events = [ev(30, "email_sent")]
    assert contact_fatigue(events, NOW, True, unanswered_touch_penalty=0.5).penalty == 0.5
    with pytest.raises(DataValidationError, match="unanswered_touch_penalty"):
        contact_fatigue(events, NOW, True, unanswered_touch_penalty=1.5)


# --- engagement ---------------------------------------------------------------------------


def test_contact_engagement_reports_last_activity_and_answers():
    events = [page(5, "pricing", contact="ana"), ev(3, "email_replied", contact_key="ana")]
    events.append(ev(1, "email_sent", contact_key="bo", touch_intent="gave"))
    engagement = contact_engagement(events)
    assert engagement["ana"].last_engaged_at == NOW - timedelta(days=3)
    assert engagement["ana"].last_answered_at == NOW - timedelta(days=3)
    assert engagement["bo"].last_engaged_at is None
    assert engagement["bo"].gave == 1
