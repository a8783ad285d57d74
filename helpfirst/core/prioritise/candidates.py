"""Describe what goes into the help queue and what comes out of it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from helpfirst.core.journey import (
    DEFAULT_HALF_LIFE_DAYS,
    DEFAULT_MAX_UNANSWERED,
    DEFAULT_MIN_DAYS_BETWEEN_TOUCHES,
    DEFAULT_UNANSWERED_TOUCH_PENALTY,
    Fatigue,
    GiveAskBalance,
    InteractionEvent,
    Readiness,
    StageSuggestion,
)


class FitBand(StrEnum):
    """Group journeys by how well the buyer fits what we solve (for the manager's effort view)."""

    STRONG = "strong"
    POSSIBLE = "possible"
    WEAK = "weak"
    UNKNOWN = "unknown"


STRONG_FIT_FROM = 70.0
POSSIBLE_FIT_FROM = 40.0


def fit_band(fit_score: float | None) -> FitBand:
    """Place a 0-100 fit score in a band: strong (70+), possible (40+), weak, or unknown."""
    if fit_score is None:
        return FitBand.UNKNOWN
    if fit_score >= STRONG_FIT_FROM:
        return FitBand.STRONG
    if fit_score >= POSSIBLE_FIT_FROM:
        return FitBand.POSSIBLE
    return FitBand.WEAK


@dataclass(frozen=True, slots=True)
class HelpQueueCandidate:
    """Hold one journey (or nurture re-check) that could appear in a rep's help queue.

    ``may_contact`` is the consent of the person we would reach out to. ``snoozed_until`` hides
    the journey until then. ``contact_name`` and ``open_plan_step`` only make the proposed action
    more specific.
    """

    journey_id: str | int
    title: str
    buying_stage: str
    owner: str | None = None
    events: Sequence[InteractionEvent] = ()
    fit_score: float | None = None
    fit_verdict: str | None = None
    expected_value: float | None = None
    currency: str = "EUR"
    buyer_timeline: date | None = None
    may_contact: bool = True
    nurture_recheck_on: date | None = None
    snoozed_until: datetime | None = None
    contact_name: str | None = None
    open_plan_step: str | None = None


@dataclass(frozen=True, slots=True)
class HelpQueueWeights:
    """Set how much each factor counts: priority = 100 × Π factorᵂ × (1 − fatigue penalty).

    Each factor lies in (0, 1]; the exponents are the weights (0 switches a factor off).
    ``value_reference`` is the expected value that earns the full value factor.
    """

    fit: float = 1.0
    readiness: float = 1.0
    value: float = 0.5
    timing: float = 0.5
    value_reference: float = 50_000.0
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    unanswered_touch_penalty: float = DEFAULT_UNANSWERED_TOUCH_PENALTY
    max_unanswered: int = DEFAULT_MAX_UNANSWERED
    min_days_between_touches: float = DEFAULT_MIN_DAYS_BETWEEN_TOUCHES


@dataclass(frozen=True, slots=True)
class HelpQueueItem:
    """Hold one ranked entry of a help queue, explained in one line, with the next action.

    ``factors`` holds the factor values (fit, readiness, value, timing in 0-1, and the fatigue
    penalty); ``factor_phrases`` the words used for each in ``explanation``;
    ``dominant_factor`` names the one that moved the priority most.
    """

    rank: int
    journey_id: str | int
    title: str
    owner: str | None
    buying_stage: str
    priority: float
    good_of_touch: float
    factors: Mapping[str, float]
    factor_phrases: Mapping[str, str]
    dominant_factor: str
    explanation: str
    next_action: str
    next_action_code: str
    back_off: bool
    back_off_reason: str | None
    is_recheck: bool
    fit_band: FitBand
    readiness: Readiness
    fatigue: Fatigue
    give_ask: GiveAskBalance
    stage_suggestion: StageSuggestion
