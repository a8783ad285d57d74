"""Score leads the way common CRMs do, as yardsticks for :class:`ConversionScorer`.

- :class:`NaiveBayesLeadScorer` follows Odoo CRM's predictive lead scoring: for every field,
  how often each value occurs among won and among lost leads; the per-field likelihoods are
  multiplied naive-Bayes style with the won/lost prior. Numeric fields are cut into quantile
  bins learned from the training rows; "missing" is a value of its own; counts are Laplace
  smoothed (Odoo adds 0.1; ``alpha`` sets it here).
- :class:`PointsLeadScorer` (in :mod:`helpfirst.core.scoring.points`) is a hand-set points rule.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from helpfirst.core.errors import ModelNotFittedError
from helpfirst.core.scoring.model import check_binary_target
from helpfirst.core.scoring.preprocess import (
    ColumnKind,
    category_of,
    infer_column_kind,
    parse_number,
)
from helpfirst.core.scoring.table import FeatureTable

MISSING_KEY = "(missing)"


class NaiveBayesLeadScorer:
    """Combine per-field won/lost value frequencies naive-Bayes style (Odoo CRM's method)."""

    def __init__(self, n_bins: int = 10, alpha: float = 1.0) -> None:
        self.n_bins = n_bins
        self.alpha = alpha

    def _keys(self, name: str, values: np.ndarray) -> list[str]:
        edges = self.bin_edges_.get(name)
        if edges is None:
            return [category_of(v) or MISSING_KEY for v in values]
        numbers = np.array([parse_number(v) for v in values], dtype=float)
        bins = np.searchsorted(edges, numbers, side="right")
        return [
            MISSING_KEY if np.isnan(x) else f"bin{b}" for x, b in zip(numbers, bins, strict=False)
        ]

    def fit(self, table: FeatureTable, y: np.ndarray) -> NaiveBayesLeadScorer:
        """Count each field value among won and lost training rows."""
        target = check_binary_target(y, table.n_rows)
        self.bin_edges_: dict[str, np.ndarray] = {}
        self.log_ratios_: dict[str, dict[str, float]] = {}
        self.unseen_log_ratio_: dict[str, float] = {}
        n_won = int(target.sum())
        n_lost = len(target) - n_won
        for name, values in table.columns.items():
            kind, _ = infer_column_kind(values)
            if kind is ColumnKind.IGNORED:
                continue
            if kind is ColumnKind.NUMERIC:
                numbers = np.array([parse_number(v) for v in values], dtype=float)
                finite = numbers[~np.isnan(numbers)]
                quantiles = np.linspace(0, 1, self.n_bins + 1)[1:-1]
                self.bin_edges_[name] = np.unique(np.quantile(finite, quantiles))
            keys = self._keys(name, values)
            won = Counter(k for k, t in zip(keys, target, strict=False) if t == 1)
            lost = Counter(k for k, t in zip(keys, target, strict=False) if t == 0)
            levels = set(won) | set(lost)
            slots = len(levels) + 1  # one slot for values never seen in training
            won_total = n_won + self.alpha * slots
            lost_total = n_lost + self.alpha * slots
            self.log_ratios_[name] = {
                key: float(
                    np.log((won[key] + self.alpha) / won_total)
                    - np.log((lost[key] + self.alpha) / lost_total)
                )
                for key in levels
            }
            self.unseen_log_ratio_[name] = float(
                np.log(self.alpha / won_total) - np.log(self.alpha / lost_total)
            )
        self.prior_log_odds_ = float(np.log(n_won / n_lost))
        return self

    def predict_proba(self, table: FeatureTable) -> np.ndarray:
        """Return an ``(n, 2)`` array of [P(lost), P(won)] per row."""
        if not hasattr(self, "log_ratios_"):
            raise ModelNotFittedError("NaiveBayesLeadScorer: call fit() before predicting")
        log_odds = np.full(table.n_rows, self.prior_log_odds_)
        for name, ratios in self.log_ratios_.items():
            values = table.columns.get(name)
            if values is None:
                continue
            unseen = self.unseen_log_ratio_[name]
            log_odds += np.array([ratios.get(k, unseen) for k in self._keys(name, values)])
        won = 1.0 / (1.0 + np.exp(-np.clip(log_odds, -50, 50)))
        return np.column_stack([1.0 - won, won])
