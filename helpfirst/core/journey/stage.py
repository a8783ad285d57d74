"""Suggest which buying stage the buyer is in, with the evidence behind it.

The suggestion never moves a journey: the buyer drives and the rep confirms or overrides. Each
buyer signal votes for the stages it is typical of (blog reads: exploring the problem; docs and
trials: evaluating; pricing and security pages with several stakeholders: deciding), weighted
by recency. Moving away from the current stage needs clearly more evidence than staying
(backwards even more), and the sale itself is never inferred: a pre-sale journey is only
compared with pre-sale stages, a customer journey with customer stages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from helpfirst.core.journey.activity import (
    DAY_SECONDS,
    DEFAULT_HALF_LIFE_DAYS,
    EVIDENCE_WINDOW_DAYS,
    JourneyActivity,
    summarise_activity,
)
from helpfirst.core.journey.events import SIGNAL_LABELS, InteractionEvent
from helpfirst.core.journey.phrasing import count_phrase, days_ago, join_and
from helpfirst.core.vocabulary import (
    CUSTOMER_STAGES,
    STAGE_ORDER,
    BuyingStage,
    is_customer_stage,
    is_exit,
    stage_label,
)

S = BuyingStage
# signal -> {stage: votes per (decayed) occurrence}
PRE_SALE_VOTES: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "page:blog": {S.EXPLORING_PROBLEM: 1.0},
        "page:home": {S.EXPLORING_PROBLEM: 0.3, S.EXPLORING_SOLUTIONS: 0.2},
        "page:other": {S.EXPLORING_PROBLEM: 0.2},
        "email_opened": {S.EXPLORING_PROBLEM: 0.2},
        "link_clicked": {S.EXPLORING_PROBLEM: 0.3, S.EXPLORING_SOLUTIONS: 0.3},
        "content_download": {S.EXPLORING_PROBLEM: 0.6, S.EXPLORING_SOLUTIONS: 0.6},
        "webinar": {S.EXPLORING_PROBLEM: 0.6, S.EXPLORING_SOLUTIONS: 0.6},
        "page:product": {S.EXPLORING_SOLUTIONS: 1.0},
        "page:case_study": {S.EXPLORING_SOLUTIONS: 1.0, S.EVALUATING: 0.5},
        "page:integrations": {S.EXPLORING_SOLUTIONS: 0.4, S.EVALUATING: 1.0},
        "page:docs": {S.EVALUATING: 1.0},
        "trial_signup": {S.EVALUATING: 2.0},
        "product_usage": {S.EVALUATING: 0.5},
        "page:security": {S.EVALUATING: 0.8, S.DECIDING: 1.0},
        "page:pricing": {S.EVALUATING: 0.6, S.DECIDING: 1.2},
        "meeting": {S.EXPLORING_SOLUTIONS: 0.5, S.EVALUATING: 0.7, S.DECIDING: 0.7},
        "call": {S.EXPLORING_SOLUTIONS: 0.4, S.EVALUATING: 0.4, S.DECIDING: 0.4},
        "email_replied": {S.EXPLORING_SOLUTIONS: 0.2, S.EVALUATING: 0.2, S.DECIDING: 0.2},
    }
)
CUSTOMER_VOTES: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "support_ticket": {S.IMPLEMENTING: 1.0, S.REALISING_VALUE: 0.3},
        "meeting": {S.REALISING_VALUE: 0.3, S.EXPANDING: 0.3},
        "email_replied": {S.REALISING_VALUE: 0.2},
        "page:pricing": {S.EXPANDING: 1.0},
        "page:product": {S.EXPANDING: 0.6},
        "page:integrations": {S.EXPANDING: 0.6},
        "content_download": {S.EXPANDING: 0.3},
    }
)
SETTLED_USAGE_DAYS = 60  # product usage older than this means implementation is behind them
FORWARD_MARGIN = 0.25  # a later stage must beat the current one by 25% ...
BACKWARD_MARGIN = 1.0  # ... an earlier one by 100%
MIN_MOVE_VOTES = 0.5  # ... and by at least this many votes forwards,
MIN_BACKWARD_VOTES = 1.5  # ... or this many backwards
MIN_EVIDENCE_VOTES = 0.2  # less than this (e.g. one page view months ago) is no evidence
USAGE_CAP_VOTES = 2.0  # daily usage events saturate: steady use is one fact, not hundreds
QUIET_DAYS = 45  # pre-sale journeys this quiet look paused


@dataclass(frozen=True, slots=True)
class StageSuggestion:
    """Hold a suggested buying stage for the rep to accept or override, with its evidence."""

    stage: str
    confidence: float
    evidence: tuple[str, ...]
    current_stage: str | None
    differs_from_current: bool
    scores: Mapping[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Return the buyer-facing label of the suggested stage."""
        return stage_label(self.stage)


def infer_buying_stage(
    events: Iterable[InteractionEvent],
    now: datetime,
    current_stage: str | None = None,
    *,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> StageSuggestion:
    """Suggest the buyer's likely stage from their interactions; never changes the journey."""
    activity = summarise_activity(events, now, half_life_days=half_life_days)
    return stage_from_activity(activity, current_stage)


def stage_from_activity(activity: JourneyActivity, current_stage: str | None) -> StageSuggestion:
    """Suggest a stage from an already computed :class:`JourneyActivity`."""
    customer = is_customer_stage(current_stage)
    scores = _customer_scores(activity) if customer else _pre_sale_scores(activity)
    if current_stage is None and _usage_settled(activity):
        scores.update(_customer_scores(activity))
    total = math.fsum(scores.values())
    volume = 1.0 - math.exp(-total / 3.0)
    best = max(scores, key=lambda s: (scores[s], -STAGE_ORDER.index(S(s))))
    since_inbound = activity.days_since(activity.last_inbound_ts)
    age = activity.days_since(activity.first_ts)
    evidence: list[str] = []
    summary = _evidence_sentence(activity, best)
    if summary:
        evidence.append(summary)

    if total < MIN_EVIDENCE_VOTES:
        stage = current_stage or S.EXPLORING_PROBLEM
        confidence = 0.0
        if (
            not customer
            and not is_exit(current_stage)
            and age is not None
            and age >= QUIET_DAYS
            and (since_inbound is None or since_inbound >= QUIET_DAYS)
        ):
            stage = S.PAUSED
            quiet = since_inbound if since_inbound is not None else age
            confidence = round(min(0.9, quiet / 120.0), 2)
            evidence.append(
                "No buyer activity "
                + (f"since {days_ago(since_inbound)}" if since_inbound is not None else "at all")
                + ": the journey looks paused. Ask whether the need is still there."
            )
        else:
            evidence.append("Not enough buyer activity to suggest a stage.")
    elif current_stage in scores and best != current_stage:
        current_votes = scores[current_stage]
        forward = STAGE_ORDER.index(S(best)) > STAGE_ORDER.index(S(current_stage))
        margin = FORWARD_MARGIN if forward else BACKWARD_MARGIN
        least = MIN_MOVE_VOTES if forward else MIN_BACKWARD_VOTES
        if scores[best] >= max(current_votes * (1.0 + margin), current_votes + least):
            stage = best
            evidence.append(
                f"Looks like {stage_label(best)} rather than "
                f"{stage_label(current_stage)}; confirm with the buyer."
            )
        else:
            stage = current_stage
            evidence.append(
                f"Some signs of {stage_label(best)}, not yet enough to suggest "
                f"moving from {stage_label(current_stage)}."
            )
        confidence = round(scores[stage] / total * volume, 2)
    else:
        stage = best
        confidence = round(scores[best] / total * volume, 2)
        if is_exit(current_stage):
            evidence.append(
                f"New activity after {stage_label(str(current_stage)).lower()}: "
                f"looks like {stage_label(best)}; worth a re-check."
            )
        elif best == current_stage:
            evidence.append(f"Consistent with {stage_label(best)}.")
        else:
            evidence.append(f"Looks like {stage_label(best)}.")
    if customer:
        usage_gap = activity.days_since(activity.last_usage_ts)
        if usage_gap is not None and usage_gap >= QUIET_DAYS:
            evidence.append(f"No product usage for {int(usage_gap)} days: churn risk.")
    return StageSuggestion(
        stage=str(stage),
        confidence=confidence,
        evidence=tuple(evidence),
        current_stage=current_stage,
        differs_from_current=current_stage is None or stage != current_stage,
        scores=MappingProxyType({str(k): round(v, 4) for k, v in scores.items()}),
    )


def _pre_sale_scores(activity: JourneyActivity) -> dict[str, float]:
    scores = dict.fromkeys(STAGE_ORDER[:4], 0.0)
    _add_votes(scores, activity.decayed, PRE_SALE_VOTES)
    active = len(activity.contacts_window)
    if active >= 3 and scores[S.DECIDING] > 0:
        scores[S.DECIDING] += 0.5 * (min(active, 6) - 2)
    elif active == 2 and scores[S.EVALUATING] > 0:
        scores[S.EVALUATING] += 0.5
    return scores


def _customer_scores(activity: JourneyActivity) -> dict[str, float]:
    scores = dict.fromkeys(STAGE_ORDER[4:], 0.0)
    _add_votes(scores, activity.decayed, CUSTOMER_VOTES)
    raw_usage = activity.decayed.get("product_usage", 0.0)
    usage = USAGE_CAP_VOTES * (1.0 - math.exp(-raw_usage / USAGE_CAP_VOTES))
    if _usage_settled(activity):
        scores[S.REALISING_VALUE] += usage
    else:
        scores[S.IMPLEMENTING] += 0.5 * usage
        scores[S.REALISING_VALUE] += 0.3 * usage
    if len(activity.contacts_window) >= 3 and scores[S.EXPANDING] > 0:
        scores[S.EXPANDING] += 0.5
    return scores


def _add_votes(
    scores: dict[str, float],
    decayed: Mapping[str, float],
    votes: Mapping[str, Mapping[str, float]],
) -> None:
    for signal, amount in decayed.items():
        for stage, weight in votes.get(signal, {}).items():
            if stage in scores:
                scores[stage] += weight * amount


def _usage_settled(activity: JourneyActivity) -> bool:
    first = activity.days_since(activity.first_usage_ts)
    return first is not None and first >= SETTLED_USAGE_DAYS


def _evidence_sentence(activity: JourneyActivity, stage: str) -> str | None:
    """Say what the buyer did lately: "3 pricing-page views ... in 7 days, 2 stakeholders"."""
    counts = activity.counts_window
    if not counts or activity.earliest_window_ts is None:
        return None
    votes = CUSTOMER_VOTES if stage in CUSTOMER_STAGES else PRE_SALE_VOTES

    def relevance(signal: str) -> tuple[float, int, str]:
        return (-votes.get(signal, {}).get(stage, 0.0) * counts[signal], -counts[signal], signal)

    ordered = sorted((s for s in counts if s in SIGNAL_LABELS), key=relevance)
    shown = [s for s in ordered if votes.get(s, {}).get(stage, 0.0) > 0][:3] or ordered[:3]
    if not shown:
        return None
    phrases = [count_phrase(counts[s], *SIGNAL_LABELS[s]) for s in shown]
    earliest = min(activity.window_first_ts.get(s, activity.now_ts) for s in shown)
    span = max(1, math.ceil((activity.now_ts - earliest) / DAY_SECONDS))
    span = min(span, EVIDENCE_WINDOW_DAYS)
    text = f"{join_and(phrases)} in {span} day{'s' if span > 1 else ''}"
    active = len(activity.contacts_window)
    if active > 1:
        text += f", {active} stakeholders active"
    text = text[0].upper() + text[1:]
    return text
