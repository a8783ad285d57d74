"""Turn fit, readiness, value and timing into factors in (0, 1], each with its own words.

A factor of 0.5 is "neutral" (what an unknown fit, value or timeline gets); the queue names as
dominant the factor whose weighted distance from neutral is largest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from helpfirst.core.journey import Readiness
from helpfirst.core.journey.phrasing import format_money
from helpfirst.core.prioritise.candidates import (
    FitBand,
    HelpQueueCandidate,
    HelpQueueWeights,
    fit_band,
)
from helpfirst.core.vocabulary import is_customer_stage

NEUTRAL = 0.5
MIN_FIT = 0.05
READINESS_FLOOR = 0.15  # a quiet journey with a strong fit still deserves an occasional touch
MIN_VALUE = 0.3
NOT_A_FIT_VERDICTS = frozenset({"not_a_fit", "anti_fit", "no_fit"})


@dataclass(frozen=True, slots=True)
class Factor:
    """Hold one factor's value in (0, 1] and the phrase that explains it."""

    value: float
    phrase: str
    notable: bool  # worth mentioning even when not dominant


def fit_factor(candidate: HelpQueueCandidate) -> Factor:
    """Score fit: the 0-100 fit score scaled to (0, 1]; unknown fit is neutral."""
    band = fit_band(candidate.fit_score)
    if candidate.fit_verdict in NOT_A_FIT_VERDICTS:
        return Factor(MIN_FIT, "fit check says not a fit", True)
    if candidate.fit_score is None:
        return Factor(NEUTRAL, "fit not assessed yet", False)
    value = min(1.0, max(MIN_FIT, candidate.fit_score / 100.0))
    words = {FitBand.STRONG: "strong fit", FitBand.POSSIBLE: "possible fit"}.get(band, "weak fit")
    return Factor(value, words, True)


def readiness_factor(readiness: Readiness) -> Factor:
    """Score readiness: 0-100 readiness lifted to a floor, so quiet journeys are not zero."""
    value = READINESS_FLOOR + (1.0 - READINESS_FLOOR) * readiness.score / 100.0
    if readiness.headline:
        phrase = readiness.headline
    elif readiness.score >= 5:
        phrase = f"readiness {readiness.score:.0f}/100"
    else:
        phrase = "no recent buyer activity"
    return Factor(value, phrase, True)


def value_factor(candidate: HelpQueueCandidate, weights: HelpQueueWeights) -> Factor:
    """Score expected value on a log scale up to ``value_reference``; unknown value is neutral."""
    amount = candidate.expected_value
    if amount is None:
        return Factor(NEUTRAL, "value unknown", False)
    reference = max(weights.value_reference, 1.0)
    share = math.log1p(max(amount, 0.0)) / math.log1p(reference)
    value = MIN_VALUE + (1.0 - MIN_VALUE) * min(1.0, share)
    return Factor(value, format_money(amount, candidate.currency), True)


def timing_factor(candidate: HelpQueueCandidate, today: date, is_recheck: bool) -> Factor:
    """Score timing from the buyer's own timeline (a decision due soon matters most)."""
    if is_recheck:
        return Factor(0.8, "nurture re-check due", True)
    if is_customer_stage(candidate.buying_stage):
        return Factor(0.7, "customer", False)
    timeline = candidate.buyer_timeline
    if timeline is None:
        return Factor(0.6, "no buyer timeline", False)
    days = (timeline - today).days
    if days < -30:
        return Factor(0.6, f"their date passed ({timeline:%d %b})", True)
    if days < 0:
        return Factor(0.9, f"their date just passed ({timeline:%d %b})", True)
    if days <= 30:
        return Factor(1.0, f"decision due {timeline:%d %b}", True)
    if days <= 90:
        return Factor(0.85, f"decision due {timeline:%b %Y}", True)
    if days <= 180:
        return Factor(0.7, f"decision due {timeline:%b %Y}", False)
    return Factor(0.55, f"decision not before {timeline:%b %Y}", False)
