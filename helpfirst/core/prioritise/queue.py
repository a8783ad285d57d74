"""Rank a rep's journeys by how much good a touch would do now.

``good of a touch = 100 × fitᵂ × readinessᵂ × valueᵂ × timingᵂ`` (each factor in (0, 1], the
exponents from :class:`HelpQueueWeights`), and ``priority = good × (1 − fatigue penalty)``.
Items that must back off (no consent, just touched, many unanswered touches) stay in the list,
marked and explained, below every item that may be touched. Each journey's events are read in
one pass (:func:`summarise_activity`), so a queue of hundreds of journeys stays fast.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from helpfirst.core.errors import DataValidationError
from helpfirst.core.journey import (
    Fatigue,
    fatigue_from_activity,
    give_ask_from_activity,
    readiness_from_activity,
    stage_from_activity,
    summarise_activity,
)
from helpfirst.core.journey.phrasing import days_ago
from helpfirst.core.prioritise.actions import propose_queue_action
from helpfirst.core.prioritise.candidates import (
    HelpQueueCandidate,
    HelpQueueItem,
    HelpQueueWeights,
    fit_band,
)
from helpfirst.core.prioritise.factors import (
    NEUTRAL,
    Factor,
    fit_factor,
    readiness_factor,
    timing_factor,
    value_factor,
)
from helpfirst.core.vocabulary import is_exit, is_open_stage

FACTOR_ORDER = ("readiness", "fit", "value", "timing")
DEFAULT_WEIGHTS = HelpQueueWeights()


def rank_help_queue(
    candidates: Iterable[HelpQueueCandidate],
    now: datetime,
    weights: HelpQueueWeights = DEFAULT_WEIGHTS,
) -> list[HelpQueueItem]:
    """Rank open journeys and due nurture re-checks by how much good a touch would do now.

    Closed journeys without a due re-check and snoozed journeys are left out. The order is
    deterministic: back-off last, then priority, then journey id.
    """
    if now.tzinfo is None:
        raise DataValidationError("now must be timezone-aware.", field="now")
    today = now.date()
    scored: list[tuple[tuple[bool, float, str], HelpQueueItem]] = []
    for candidate in candidates:
        if candidate.snoozed_until is not None and candidate.snoozed_until > now:
            continue
        recheck_due = (
            candidate.nurture_recheck_on is not None and candidate.nurture_recheck_on <= today
        )
        is_recheck = is_exit(candidate.buying_stage) and recheck_due
        if not (is_open_stage(candidate.buying_stage) or is_recheck):
            continue
        item = _score(candidate, now, weights, is_recheck)
        scored.append(((item.back_off, -item.priority, str(item.journey_id)), item))
    scored.sort(key=lambda pair: pair[0])
    return [replace(item, rank=rank) for rank, (_, item) in enumerate(scored, start=1)]


def _score(
    candidate: HelpQueueCandidate,
    now: datetime,
    weights: HelpQueueWeights,
    is_recheck: bool,
) -> HelpQueueItem:
    activity = summarise_activity(candidate.events, now, half_life_days=weights.half_life_days)
    readiness = readiness_from_activity(activity)
    fatigue = fatigue_from_activity(
        activity,
        candidate.may_contact,
        unanswered_touch_penalty=weights.unanswered_touch_penalty,
        max_unanswered=weights.max_unanswered,
        min_days_between_touches=weights.min_days_between_touches,
    )
    balance = give_ask_from_activity(activity)
    suggestion = stage_from_activity(activity, candidate.buying_stage)
    factors: dict[str, Factor] = {
        "readiness": readiness_factor(readiness),
        "fit": fit_factor(candidate),
        "value": value_factor(candidate, weights),
        "timing": timing_factor(candidate, now.date(), is_recheck),
    }
    exponents = {
        "readiness": weights.readiness,
        "fit": weights.fit,
        "value": weights.value,
        "timing": weights.timing,
    }
    log_good = math.fsum(exponents[name] * math.log(f.value) for name, f in factors.items())
    good = 100.0 * math.exp(log_good)
    priority = good * (1.0 - fatigue.penalty)
    # Dominant factor: the largest weighted distance from neutral; fatigue when backing off.
    lifts = {
        name: abs(exponents[name] * (math.log(f.value) - math.log(NEUTRAL)))
        for name, f in factors.items()
    }
    fatigue_lift = -math.log(max(1e-9, 1.0 - fatigue.penalty))
    if fatigue.back_off:
        dominant = "fatigue"
    else:
        dominant = max(FACTOR_ORDER, key=lambda n: (lifts[n], -FACTOR_ORDER.index(n)))
        if fatigue_lift > lifts[dominant]:
            dominant = "fatigue"
    phrases = {name: f.phrase for name, f in factors.items()}
    phrases["fatigue"] = _touch_phrase(fatigue)
    code, action = propose_queue_action(
        candidate, activity, readiness, fatigue, balance, suggestion, is_recheck
    )
    return HelpQueueItem(
        rank=0,
        journey_id=candidate.journey_id,
        title=candidate.title,
        owner=candidate.owner,
        buying_stage=candidate.buying_stage,
        priority=round(priority, 4),
        good_of_touch=round(good, 4),
        factors=MappingProxyType(
            {name: round(f.value, 4) for name, f in factors.items()}
            | {"fatigue_penalty": fatigue.penalty}
        ),
        factor_phrases=MappingProxyType(phrases),
        dominant_factor=dominant,
        explanation=_explain(factors, phrases, dominant),
        next_action=action,
        next_action_code=code,
        back_off=fatigue.back_off,
        back_off_reason=fatigue.reason if fatigue.back_off else None,
        is_recheck=is_recheck,
        fit_band=fit_band(candidate.fit_score),
        readiness=readiness,
        fatigue=fatigue,
        give_ask=balance,
        stage_suggestion=suggestion,
    )


def _touch_phrase(fatigue: Fatigue) -> str:
    if fatigue.back_off:
        return fatigue.reason.rstrip(".")
    parts = []
    if fatigue.days_since_last_touch is None:
        parts.append("not touched yet")
    else:
        parts.append(f"last touch {days_ago(fatigue.days_since_last_touch)}")
    if fatigue.unanswered_in_a_row:
        parts.append(f"{fatigue.unanswered_in_a_row} unanswered")
    return ", ".join(parts)


def _explain(
    factors: dict[str, Factor],
    phrases: dict[str, str],
    dominant: str,
) -> str:
    """Write the one-line explanation: dominant factor first, then what else is notable."""
    rest = [
        _lower_first(phrases[name])
        for name in FACTOR_ORDER
        if name != dominant and (factors[name].notable or name == "readiness")
    ]
    if dominant == "fatigue":
        return f"{phrases['fatigue']}. " + _upper_first(", ".join(rest))
    line = ", ".join([_upper_first(phrases[dominant]), *rest])
    return f"{line}; {phrases['fatigue']}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    if text[:1].isupper() and text[1:2].islower():
        return text[:1].lower() + text[1:]
    return text
