"""Spread a queue's journeys and our recent touches over fit bands, from per-journey counts.

The same figures as :func:`helpfirst.core.prioritise.effort_by_fit_band`, but from
``(owner, fit_score, touches)`` rows, so the home page need not load every journey's events.
"""

from __future__ import annotations

from helpfirst.core.prioritise import FitBand, FitBandEffort, fit_band


def effort_spread(rows: list[tuple[str, float | None, int]]) -> dict[FitBand, FitBandEffort]:
    """Spread journeys and our touches over fit bands, as the core's effort_by_fit_band does."""
    journeys = dict.fromkeys(FitBand, 0)
    touches = dict.fromkeys(FitBand, 0)
    for _, fit_score, count in rows:
        band = fit_band(fit_score)
        journeys[band] += 1
        touches[band] += count
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


def effort_spread_by_owner(
    rows: list[tuple[str, float | None, int]],
) -> dict[str, dict[FitBand, FitBandEffort]]:
    """Split :func:`effort_spread` per owner, owners in alphabetical order."""
    by_owner: dict[str, list[tuple[str, float | None, int]]] = {}
    for row in rows:
        by_owner.setdefault(row[0] or "", []).append(row)
    return {owner: effort_spread(group) for owner, group in sorted(by_owner.items())}
