"""Health score: worked example, monotonicity (Hypothesis) and validation."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpfirst.core.errors import DataValidationError
from helpfirst.core.success import AdoptionSignals, health_score, usage_trend

maybe_trend = st.none() | st.floats(min_value=-1, max_value=1)
maybe_tickets = st.none() | st.integers(min_value=0, max_value=50)
maybe_sentiment = st.none() | st.floats(min_value=-1, max_value=1)
maybe_share = st.none() | st.floats(min_value=0, max_value=1)
signals_strategy = st.builds(AdoptionSignals, maybe_trend, maybe_tickets, maybe_sentiment,
                             maybe_share)


def test_worked_example() -> None:
    """Usage -25 %: (-0.25 / 0.5 + 1) / 2 = 0.25 x 35 = 8.75 points.
    3 open tickets: 1 / (1 + 3/3) = 0.5 x 20 = 10 points.
    Sentiment 0.6: (0.6 + 1) / 2 = 0.8 x 25 = 20 points.
    Milestones 50 % on time: 0.5 x 20 = 10 points. Total 48.75 -> "watch".
    Usage loses the most (35 - 8.75 = 26.25 points), so it is the weakest component.
    """
    score = health_score(AdoptionSignals(-0.25, 3, 0.6, 0.5))
    assert score.score == pytest.approx(48.75)
    assert score.band == "watch"
    assert score.weakest is not None
    assert score.weakest.name == "usage"
    assert score.missing == ()


def test_missing_signals_renormalise_weights() -> None:
    """Only sentiment 0.6 known: the score is 0.8 x 100 = 80, healthy; the rest are missing."""
    score = health_score(AdoptionSignals(sentiment=0.6))
    assert score.score == pytest.approx(80)
    assert score.band == "healthy"
    assert set(score.missing) == {"usage", "support", "milestones"}
    empty = health_score(AdoptionSignals())
    assert empty.score is None
    assert empty.band == "unknown"


def test_usage_trend_compares_halves() -> None:
    """[10, 10, 6, 6]: (6 - 10) / 10 = -0.4; [4, 5, 6, 8, 10]: halves of 2 -> (9 - 4.5) / 4.5
    = 1.0 (clipped)."""
    assert usage_trend([10, 10, 6, 6]) == pytest.approx(-0.4)
    assert usage_trend([4, 5, 6, 8, 10]) == pytest.approx(1.0)
    assert usage_trend([5]) == 0.0
    assert usage_trend([0, 0, 1, 1]) == 1.0
    with pytest.raises(DataValidationError) as caught:
        usage_trend([1, -2])
    assert caught.value.location.field == "usage[1]"


@given(signals=signals_strategy, extra=st.integers(min_value=1, max_value=20))
def test_more_tickets_never_raise_health(signals: AdoptionSignals, extra: int) -> None:
    worse = replace(signals, open_support_tickets=(signals.open_support_tickets or 0) + extra)
    before, after = health_score(signals).score, health_score(worse).score
    if signals.open_support_tickets is not None and before is not None:
        assert after is not None
        assert after <= before + 1e-9


@given(signals=signals_strategy, delta=st.floats(min_value=0, max_value=1))
def test_better_usage_sentiment_and_milestones_never_lower_health(
    signals: AdoptionSignals, delta: float
) -> None:
    before = health_score(signals).score
    better = replace(
        signals,
        usage_trend=None if signals.usage_trend is None else min(1.0, signals.usage_trend + delta),
        sentiment=None if signals.sentiment is None else min(1.0, signals.sentiment + delta),
        milestones_on_time=(None if signals.milestones_on_time is None
                            else min(1.0, signals.milestones_on_time + delta)),
    )
    after = health_score(better).score
    if before is None:
        assert after is None
    else:
        assert after is not None
        assert before - 1e-9 <= after <= 100 + 1e-9
        assert before >= -1e-9


@pytest.mark.parametrize(
    ("signals", "field"),
    [
        (AdoptionSignals(sentiment=2), "sentiment"),
        (AdoptionSignals(milestones_on_time=1.5), "milestones_on_time"),
        (AdoptionSignals(open_support_tickets=-1), "open_support_tickets"),
        (AdoptionSignals(usage_trend=float("nan")), "usage_trend"),
    ],
)
def test_invalid_signals_name_the_field(signals: AdoptionSignals, field: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        health_score(signals)
    assert caught.value.location.field == field


def test_unknown_weight_is_rejected() -> None:
    with pytest.raises(DataValidationError) as caught:
        health_score(AdoptionSignals(sentiment=0.1), weights={"nps": 1.0})
    assert caught.value.location.field == "weights"
