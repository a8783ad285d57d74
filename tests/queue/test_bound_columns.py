"""BoundColumns picks the same best bounds as a plain sort, and tracks what is loaded."""

from __future__ import annotations

import random

import numpy as np
import pytest

from helpfirst.queue.bound_columns import BoundColumns


@pytest.mark.parametrize("seed", range(5))
def test_best_bounds_match_a_plain_sort_ties_by_lower_id(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 300)
    ids = np.array(rng.sample(range(1, 10_000), n), dtype=np.int64)
    bound = np.array([rng.choice([0.0, 1.5, 2.0, rng.uniform(0, 90)]) for _ in range(n)])
    columns = BoundColumns(ids, bound, np.zeros(n, dtype=np.int8), bound == 0.0)
    rows = np.flatnonzero(bound >= 0.0)
    for size in (0, 1, 3, n // 2, n, n + 5):
        expected = sorted(range(n), key=lambda i: (-bound[i], ids[i]))[: max(size, 0)]
        assert columns.best(rows, size) == [int(ids[i]) for i in expected]
    picked = [int(i) for i in ids[: n // 2]]
    columns.mark_loaded([*picked, 10_001])  # an id that is not there is ignored
    assert columns.loaded.tolist() == [i < n // 2 for i in range(n)]
