"""Success rate by number of contacts, Wilson intervals, and the fatigue penalty."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.errors import DataValidationError
from helpfirst.core.scoring.fatigue import (
    DEFAULT_FATIGUE_PENALTY,
    derive_fatigue_penalty,
    fatigue_multiplier,
    success_by_contacts,
    wilson_interval,
)
from helpfirst.core.scoring.preprocess import parse_number
from helpfirst.core.scoring.table import read_table, split_target


def test_wilson_interval_known_value():
    low, high = wilson_interval(10, 100)  # textbook: 0.0552 … 0.1744
    assert low == pytest.approx(0.0552, abs=1e-4)
    assert high == pytest.approx(0.1744, abs=1e-4)
    assert wilson_interval(0, 5)[0] == 0.0


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5000), st.data())
def test_wilson_interval_contains_the_rate(trials, data):
    successes = data.draw(st.integers(0, trials))
    low, high = wilson_interval(successes, trials)
    assert 0.0 <= low <= successes / trials <= high <= 1.0


def test_table_counts_and_open_last_bucket():
    contacts = [1, 1, 1, 2, 2, 3, 7, 12]
    outcomes = [1, 0, 0, 1, 0, 0, 0, 1]
    rows = success_by_contacts(contacts, outcomes, max_contacts=5)
    assert [(r.contacts, r.trials, r.successes) for r in rows] == [
        (1, 3, 1),
        (2, 2, 1),
        (3, 1, 0),
        (5, 2, 1),
    ]
    assert rows[-1].or_more
    assert not rows[0].or_more
    with pytest.raises(DataValidationError):
        success_by_contacts([0, 1], [0, 1])


def test_penalty_recovers_a_known_geometric_decline():
    rng = np.random.default_rng(0)
    contacts = rng.integers(1, 9, 200_000)
    outcomes = (rng.random(len(contacts)) < 0.2 * 0.8 ** (contacts - 1)).astype(int)
    penalty = derive_fatigue_penalty(success_by_contacts(contacts, outcomes, max_contacts=10))
    assert penalty == pytest.approx(0.2, abs=0.02)
    flat = (rng.random(len(contacts)) < 0.2).astype(int)
    assert derive_fatigue_penalty(success_by_contacts(contacts, flat)) < 0.02


def test_multiplier_shrinks_with_each_unanswered_touch():
    assert fatigue_multiplier(0) == 1.0
    values = [fatigue_multiplier(n) for n in range(6)]
    assert all(a > b for a, b in itertools.pairwise(values))
    assert fatigue_multiplier(2, penalty=0.5) == 0.25
    with pytest.raises(DataValidationError):
        fatigue_multiplier(-1)


def test_default_penalty_is_what_the_bank_data_show(shared_data):
    path = shared_data / "uci-bank-marketing" / "bank-additional-full.csv.gz"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    table, y = split_target(read_table(path), "y", "yes")
    contacts = [int(parse_number(v)) for v in table.columns["campaign"]]
    rows = success_by_contacts(contacts, y)
    assert rows[0].rate > rows[4].rate > rows[-1].rate  # 1 call > 5 calls > 10+ calls
    assert round(derive_fatigue_penalty(rows), 2) == DEFAULT_FATIGUE_PENALTY
