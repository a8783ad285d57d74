"""Score how ready a buyer is for a helpful touch now, with signals that fade over time.

Each buyer signal carries points (a pricing-page view 3, a meeting 4, a blog read 0.5), halved
every ``half_life_days``. The decayed sum, raised a little when several stakeholders are active,
maps to 0-100 by ``100 × (1 − e^(−points / 12))``: diminishing returns, so ten blog reads never
outweigh a trial sign-up and a meeting.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from helpfirst.core.journey.activity import (
    DEFAULT_HALF_LIFE_DAYS,
    JourneyActivity,
    summarise_activity,
)
from helpfirst.core.journey.events import SIGNAL_HEADLINES, SIGNAL_LABELS, InteractionEvent
from helpfirst.core.journey.phrasing import days_ago

SIGNAL_POINTS: Mapping[str, float] = MappingProxyType(
    {
        "page:pricing": 3.0,
        "page:security": 2.5,
        "page:case_study": 2.0,
        "page:integrations": 2.0,
        "page:docs": 1.5,
        "page:product": 1.0,
        "page:blog": 0.5,
        "page:home": 0.3,
        "page:other": 0.3,
        "page:careers": 0.0,  # job seekers, not buyers
        "email_opened": 0.5,
        "link_clicked": 1.0,
        "email_replied": 3.0,
        "content_download": 2.0,
        "webinar": 2.0,
        "call": 3.0,
        "meeting": 4.0,
        "trial_signup": 5.0,
        "product_usage": 0.5,
        "support_ticket": 0.5,
    }
)
READINESS_SCALE_POINTS = 12.0
# Each extra active stakeholder (last 30 days) adds 10% to the points, up to five people.
STAKEHOLDER_BONUS = 0.10
MAX_STAKEHOLDERS_COUNTED = 5


@dataclass(frozen=True, slots=True)
class Readiness:
    """Hold a readiness score (0-100) and why it is what it is."""

    score: float
    points: float
    stakeholder_multiplier: float
    contributions: tuple[tuple[str, float], ...]
    dominant_signal: str | None
    headline: str | None
    explanation: str
    half_life_days: float


def readiness_score(
    events: Iterable[InteractionEvent],
    now: datetime,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> Readiness:
    """Score how ready the buyer is now, from their interactions with time decay."""
    return readiness_from_activity(summarise_activity(events, now, half_life_days=half_life_days))


def signal_headline(activity: JourneyActivity) -> str | None:
    """Name the strongest recent signal as a queue headline: "Pricing page 3× this week"."""
    for counts, period in (
        (activity.counts_recent, "this week"),
        (activity.counts_window, "this month"),
    ):
        best = _strongest(counts)
        if best is not None:
            name = SIGNAL_HEADLINES.get(best, best)
            count = counts[best]
            return f"{name} {count}× {period}" if count > 1 else f"{name} {period}"
    return None


def readiness_from_activity(activity: JourneyActivity) -> Readiness:
    """Score readiness from an already computed :class:`JourneyActivity`."""
    contributions = sorted(
        (
            (signal, SIGNAL_POINTS.get(signal, 0.0) * amount)
            for signal, amount in activity.decayed.items()
        ),
        key=lambda item: (-item[1], item[0]),
    )
    contributions = [item for item in contributions if item[1] > 0.0]
    base = math.fsum(points for _, points in contributions)
    active = min(len(activity.contacts_window), MAX_STAKEHOLDERS_COUNTED)
    multiplier = 1.0 + STAKEHOLDER_BONUS * max(0, active - 1)
    points = base * multiplier
    score = 100.0 * (1.0 - math.exp(-points / READINESS_SCALE_POINTS))
    dominant = contributions[0][0] if contributions else None
    headline = signal_headline(activity)
    return Readiness(
        score=round(score, 1),
        points=points,
        stakeholder_multiplier=multiplier,
        contributions=tuple((signal, round(p, 3)) for signal, p in contributions),
        dominant_signal=dominant,
        headline=headline,
        explanation=_explain(activity, score, points, contributions, active),
        half_life_days=activity.half_life_days,
    )


def _strongest(counts: Mapping[str, int]) -> str | None:
    best: str | None = None
    best_points = 0.0
    for signal in sorted(counts):
        points = SIGNAL_POINTS.get(signal, 0.0) * counts[signal]
        if points > best_points:
            best, best_points = signal, points
    return best


def _explain(
    activity: JourneyActivity,
    score: float,
    points: float,
    contributions: list[tuple[str, float]],
    active: int,
) -> str:
    if not contributions:
        if activity.events_counted == 0:
            return "Readiness 0/100: no buyer activity recorded yet."
        return "Readiness 0/100: no buying signals, only our own touches."
    signal, top = contributions[0]
    plural = SIGNAL_LABELS.get(signal, (signal, signal))[1]
    text = f"Readiness {score:.0f}/100, mostly from {plural} ({top:.1f} of {points:.1f} points)"
    if active > 1:
        text += f"; {active} stakeholders active"
    since = activity.days_since(activity.last_inbound_ts)
    if since is not None and since >= 14:
        text += f"; last buyer activity {days_ago(since)}"
    return text + f"; signals halve every {activity.half_life_days:g} days."
