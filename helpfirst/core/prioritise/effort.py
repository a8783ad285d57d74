"""Show managers how the team's effort is spread across fit bands.

"Don't spend equal effort on everyone": effort is our touches (e-mails sent, calls, meetings)
per fit band over a recent period, next to how many journeys sit in that band.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from helpfirst.core.errors import DataValidationError
from helpfirst.core.prioritise.candidates import FitBand, HelpQueueCandidate, fit_band

DEFAULT_EFFORT_DAYS = 30


@dataclass(frozen=True, slots=True)
class FitBandEffort:
    """Hold one fit band's journeys and our touches on them, with each as a share of the total."""

    band: FitBand
    journeys: int
    touches: int
    share_of_journeys: float
    share_of_touches: float
    touches_per_journey: float


def effort_by_fit_band(
    candidates: Iterable[HelpQueueCandidate],
    now: datetime,
    *,
    days: int = DEFAULT_EFFORT_DAYS,
) -> dict[FitBand, FitBandEffort]:
    """Count our touches in the last ``days`` per fit band (strong, possible, weak, unknown)."""
    if now.tzinfo is None:
        raise DataValidationError("now must be timezone-aware.", field="now")
    if days < 1:
        raise DataValidationError("days must be at least 1.", field="days")
    since_ts = (now - timedelta(days=days)).timestamp()
    now_ts = now.timestamp()
    journeys = dict.fromkeys(FitBand, 0)
    touches = dict.fromkeys(FitBand, 0)
    for candidate in candidates:
        band = fit_band(candidate.fit_score)
        journeys[band] += 1
        touches[band] += sum(
            1 for e in candidate.events if e.is_touch and since_ts <= e.timestamp <= now_ts
        )
    total_journeys = sum(journeys.values())
    total_touches = sum(touches.values())
    return {
        band: FitBandEffort(
            band=band,
            journeys=journeys[band],
            touches=touches[band],
            share_of_journeys=journeys[band] / total_journeys if total_journeys else 0.0,
            share_of_touches=touches[band] / total_touches if total_touches else 0.0,
            touches_per_journey=touches[band] / journeys[band] if journeys[band] else 0.0,
        )
        for band in FitBand
    }


def effort_by_owner_and_fit_band(
    candidates: Iterable[HelpQueueCandidate],
    now: datetime,
    *,
    days: int = DEFAULT_EFFORT_DAYS,
) -> dict[str, dict[FitBand, FitBandEffort]]:
    """Split :func:`effort_by_fit_band` per owner (journeys without an owner under "")."""
    by_owner: dict[str, list[HelpQueueCandidate]] = {}
    for candidate in candidates:
        by_owner.setdefault(candidate.owner or "", []).append(candidate)
    return {
        owner: effort_by_fit_band(group, now, days=days)
        for owner, group in sorted(by_owner.items())
    }
