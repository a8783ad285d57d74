"""Spread a queue's journeys and our recent touches over fit bands, from per-journey counts.

The same figures as :func:`helpfirst.core.prioritise.effort_by_fit_band`, but from
``(owner, fit_score, touches)`` rows, so the home page need not load every journey's events.
A big book's rows come as :class:`EffortRows` (columns: no 18,000 tuples per page, counted
with numpy); any other sequence of rows is counted one by one, with the same result.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from helpfirst.core.prioritise import FitBand, FitBandEffort, fit_band

BANDS = tuple(FitBand)
Row = tuple[str, float | None, int]


class EffortRows(Sequence):
    """Hold ``(owner, fit_score, touches)`` per journey as columns (read like a list of rows).

    ``owners`` and ``fit_scores`` may be shared (kept with a book's columns): only the touches
    can be set, through ``rows[i] = (owner, fit_score, touches)``. ``band`` is each journey's
    index in ``BANDS``; ``owner_code`` its owner's index in ``owner_names`` (sorted).
    """

    def __init__(
        self,
        owners: list[str],
        fit_scores: list[float | None],
        touches: np.ndarray,
        band: np.ndarray,
        owner_code: np.ndarray,
        owner_names: list[str],
    ) -> None:
        self.owners, self.fit_scores, self.touches = owners, fit_scores, touches
        self.band, self.owner_code, self.owner_names = band, owner_code, owner_names

    def __len__(self) -> int:
        return len(self.owners)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return (self.owners[index], self.fit_scores[index], int(self.touches[index]))

    def __setitem__(self, index: int, row: Row) -> None:
        owner, fit_score, touches = row
        if owner != self.owners[index] or fit_score != self.fit_scores[index]:
            raise ValueError("Only a journey's touches can change in EffortRows.")
        self.touches[index] = touches

    def __iter__(self) -> Iterator[Row]:
        return zip(self.owners, self.fit_scores, self.touches.tolist(), strict=True)


def band_codes(fit_scores: list[float | None]) -> np.ndarray:
    """Return each fit score's band as its index in ``BANDS``."""
    index = {band: i for i, band in enumerate(BANDS)}
    memo: dict = {}
    codes = np.empty(len(fit_scores), dtype=np.int64)
    for i, score in enumerate(fit_scores):
        code = memo.get(score)
        if code is None:
            code = memo[score] = index[fit_band(score)]
        codes[i] = code
    return codes


def effort_spread(rows: Sequence[Row]) -> dict[FitBand, FitBandEffort]:
    """Spread journeys and our touches over fit bands, as the core's effort_by_fit_band does."""
    if isinstance(rows, EffortRows):
        journeys = np.bincount(rows.band, minlength=len(BANDS)).tolist()
        touches = np.bincount(rows.band, weights=rows.touches, minlength=len(BANDS))
        return _spread(dict(zip(BANDS, journeys, strict=True)), _counts(touches))
    journeys = dict.fromkeys(FitBand, 0)
    touched = dict.fromkeys(FitBand, 0)
    for _, fit_score, count in rows:
        band = fit_band(fit_score)
        journeys[band] += 1
        touched[band] += count
    return _spread(journeys, touched)


def _counts(sums: np.ndarray) -> dict[FitBand, int]:
    # Sums of whole touch counts (far below 2**53): exact in float64.
    return dict(zip(BANDS, (round(v) for v in sums.tolist()), strict=True))


def _spread(journeys: dict[FitBand, int], touches: dict[FitBand, int]) -> dict:
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


def effort_spread_by_owner(rows: Sequence[Row]) -> dict[str, dict[FitBand, FitBandEffort]]:
    """Split :func:`effort_spread` per owner, owners in alphabetical order."""
    if isinstance(rows, EffortRows):
        spread = {}
        for code, owner in enumerate(rows.owner_names):
            mine = rows.owner_code == code
            if not mine.any():
                continue
            bands = rows.band[mine]
            journeys = np.bincount(bands, minlength=len(BANDS)).tolist()
            touches = np.bincount(bands, weights=rows.touches[mine], minlength=len(BANDS))
            spread[owner] = _spread(dict(zip(BANDS, journeys, strict=True)), _counts(touches))
        return spread
    by_owner: dict[str, list[Row]] = {}
    for row in rows:
        by_owner.setdefault(row[0] or "", []).append(row)
    return {owner: effort_spread(group) for owner, group in sorted(by_owner.items())}
