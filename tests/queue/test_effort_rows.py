"""Effort spread from columns (EffortRows) equals the spread from plain rows."""

from __future__ import annotations

import random

import numpy as np
import pytest

from helpfirst.queue.effort import EffortRows, band_codes, effort_spread, effort_spread_by_owner


def _columns(rows):
    owners = [r[0] for r in rows]
    scores = [r[1] for r in rows]
    keys = [o or "" for o in owners]
    names = sorted(set(keys))
    codes = np.array([names.index(k) for k in keys], dtype=np.int64)
    touches = np.array([r[2] for r in rows], dtype=np.int64)
    return EffortRows(owners, scores, touches, band_codes(scores), codes, names)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_columns_spread_like_rows(seed):
    rng = random.Random(seed)
    rows = [
        (
            rng.choice(["Ana Rep", "Bo", "", "Zed"]),
            rng.choice([None, 0.0, 39.9, 40.0, 69.99, 70.0, 100.0, float(rng.randint(0, 100))]),
            rng.randint(0, 30),
        )
        for _ in range(rng.randint(0, 400))
    ]
    columns = _columns(rows)
    assert list(columns) == rows
    assert len(columns) == len(rows)
    assert effort_spread(columns) == effort_spread(rows)
    assert effort_spread_by_owner(columns) == effort_spread_by_owner(rows)
    if rows:
        owner, score, _ = columns[0]
        columns[0] = (owner, score, 7)
        rows[0] = (owner, score, 7)
        assert effort_spread(columns) == effort_spread(rows)
        assert columns[:2] == rows[:2]
        with pytest.raises(ValueError, match="touches"):
            columns[0] = ("someone else", score, 1)
