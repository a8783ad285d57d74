"""Measure how the chance of a yes falls as contacts pile up, and set the fatigue penalty.

:func:`success_by_contacts` tabulates the success rate per number of contacts (with counts and
Wilson 95% intervals); :func:`derive_fatigue_penalty` fits a log-linear decline to it
(weighted least squares of ``log(rate)`` on the number of contacts) and returns the share of the
chance lost per extra contact.

:data:`DEFAULT_FATIGUE_PENALTY` is that figure measured on the UCI bank telemarketing calls
(``bank-additional-full.csv.gz``, 41,188 calls; column ``campaign`` = contacts made to the
client in this campaign, outcome ``y``), over 1–10 contacts, rounded to two decimals. Reproduce:

    .venv/bin/python benchmarks/contact_fatigue.py

The help queue multiplies a journey's expected good by :func:`fatigue_multiplier` — ``(1 −
penalty) ** unanswered_touches`` — so each unanswered touch in a row costs about the same share
of the chance as an extra call cost the bank. The data are observational: clients who needed
more calls may differ from the rest, so read it as "what piling on looked like", not a causal
effect.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from helpfirst.core.errors import DataValidationError

DEFAULT_FATIGUE_PENALTY = 0.11
"""Share of the chance of a yes lost per extra contact; measured on the UCI bank calls."""

WILSON_Z = 1.959963984540054


@dataclass(frozen=True)
class ContactRate:
    """Success rate among items contacted ``contacts`` times (the last bucket is "or more")."""

    contacts: int
    trials: int
    successes: int
    rate: float
    low: float
    high: float
    or_more: bool = False


def wilson_interval(successes: int, trials: int, z: float = WILSON_Z) -> tuple[float, float]:
    """Return the Wilson score interval for a binomial proportion (95% by default)."""
    if trials <= 0:
        raise DataValidationError("a Wilson interval needs at least one trial")
    if not 0 <= successes <= trials:
        raise DataValidationError(f"successes {successes} must lie between 0 and {trials}")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def success_by_contacts(
    contacts: Sequence[int] | np.ndarray,
    outcomes: Sequence[int] | np.ndarray,
    *,
    max_contacts: int = 10,
) -> list[ContactRate]:
    """Tabulate success rate by number of contacts; ``max_contacts`` and above share a bucket."""
    counts = np.asarray(contacts, dtype=np.int64)
    wins = np.asarray(outcomes, dtype=np.int64)
    if counts.shape != wins.shape:
        raise DataValidationError("contacts and outcomes must have the same length")
    if len(counts) == 0:
        raise DataValidationError("no rows to tabulate")
    if counts.min() < 1:
        raise DataValidationError("contact counts must be at least 1 (the contact that decided)")
    if not np.isin(wins, (0, 1)).all():
        raise DataValidationError("outcomes must be 0 or 1")
    capped = np.minimum(counts, max_contacts)
    table = []
    for k in range(1, max_contacts + 1):
        mask = capped == k
        trials = int(mask.sum())
        if trials == 0:
            continue
        successes = int(wins[mask].sum())
        low, high = wilson_interval(successes, trials)
        table.append(
            ContactRate(
                k, trials, successes, successes / trials, low, high, or_more=k == max_contacts
            )
        )
    return table


def derive_fatigue_penalty(table: Sequence[ContactRate], *, min_trials: int = 30) -> float:
    """Fit ``log(rate) = a + b·contacts`` (weighted by trials) and return ``1 − exp(b)``.

    Buckets with fewer than ``min_trials`` rows, no successes, or the open "or more" bucket are
    left out. The result is the share of the chance lost per extra contact (0 when the rate
    does not fall).
    """
    usable = [r for r in table if r.trials >= min_trials and r.successes > 0 and not r.or_more]
    if len(usable) < 2:
        raise DataValidationError("need at least two contact counts with successes to fit")
    x = np.array([r.contacts for r in usable], dtype=float)
    log_rate = np.log([r.rate for r in usable])
    weights = np.array([r.trials for r in usable], dtype=float)
    slope, _ = np.polyfit(x, log_rate, 1, w=np.sqrt(weights))
    return float(max(0.0, 1.0 - math.exp(slope)))


def fatigue_multiplier(unanswered_touches: int, penalty: float = DEFAULT_FATIGUE_PENALTY) -> float:
    """Return the factor (0 … 1] by which unanswered touches in a row shrink a touch's value."""
    if unanswered_touches < 0:
        raise DataValidationError("unanswered_touches cannot be negative")
    if not 0.0 <= penalty < 1.0:
        raise DataValidationError(f"penalty must be in [0, 1), not {penalty}")
    return (1.0 - penalty) ** unanswered_touches
