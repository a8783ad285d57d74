"""A queue's rankable journeys' priority bounds as numpy columns, and which ones are loaded.

:func:`helpfirst.queue.summary.scan_queue` hands its bounds over as columns already; the SQL
fallback (:mod:`helpfirst.queue.bounds`) as :class:`~helpfirst.queue.summary.Bound` objects,
turned into columns here. :mod:`helpfirst.queue.page` picks the best unloaded bounds from them
without walking 18,000 Python objects per round.
"""

from __future__ import annotations

import numpy as np

from helpfirst.queue.summary import ODD, Scan

__all__ = ["BoundColumns", "bound_columns"]


class BoundColumns:
    """The rankable journeys' bounds as columns, and which of them are loaded."""

    def __init__(self, ids: np.ndarray, bound: np.ndarray, state: np.ndarray, zero: np.ndarray):
        self.ids, self.bound, self.state, self.zero = ids, bound, state, zero
        self.loaded = np.zeros(len(ids), dtype=bool)
        self._order = np.argsort(ids, kind="stable")
        self._sorted = ids[self._order]

    def mark_loaded(self, pks: list[int]) -> None:
        if not pks or not len(self.ids):
            return
        wanted = np.asarray(pks, dtype=np.int64)
        at = np.searchsorted(self._sorted, wanted).clip(max=len(self._sorted) - 1)
        found = self._sorted[at] == wanted
        self.loaded[self._order[at[found]]] = True

    def best(self, rows: np.ndarray, size: int) -> list[int]:
        """Return the ids of the ``size`` best bounds among ``rows`` (ties: lower id first)."""
        if size <= 0 or not len(rows):
            return []
        if len(rows) > size:
            cut = np.argpartition(-self.bound[rows], size - 1)[:size]
            edge = self.bound[rows[cut]].min()
            rows = rows[self.bound[rows] >= edge]  # every tie at the edge, ordered below
        order = np.lexsort((self.ids[rows], -self.bound[rows]))[:size]
        return self.ids[rows[order]].tolist()


def bound_columns(scan: Scan) -> BoundColumns:
    """Return the scan's bounds as :class:`BoundColumns` (kept on the scan)."""
    if scan.arrays is None:
        b = scan.bounds
        scan.arrays = (
            np.array([x.journey_id for x in b], dtype=np.int64),
            np.array([x.priority_bound for x in b], dtype=np.float64),
            np.array([ODD if x.back_off is None else int(x.back_off) for x in b], dtype=np.int8),
            np.array([x.exact_zero for x in b], dtype=bool),
        )
    if not isinstance(scan.arrays, BoundColumns):
        scan.arrays = BoundColumns(*scan.arrays)
    return scan.arrays
