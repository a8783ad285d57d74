"""The regularised additive half of the scorer: binned one-hot design + L2 logistic regression.

:class:`BinnedDesign` turns the preprocessed matrix into a sparse 0/1 design learned from the
training rows alone (it never sees a target):

- a category column gets one indicator per kept level, plus one for "(other)";
- a numeric column with at most ``max_bins`` distinct values gets one indicator per value (so a
  small integer such as a count of calls or a month number acts as a category), and a wider one
  is cut at its training quantiles into at most ``max_bins`` bins, plus a centred, scaled copy
  of the number itself (clipped to the training range) so a trend inside the bins is kept;
- every column gets a missing-value indicator when a value is missing.

A level unseen in training (a new category, a value between the known small integers) simply
sets no indicator. On this design an L2-penalised logistic regression is a smooth,
well-regularised additive model: strong where the signal is many small per-value effects
(high-cardinality categories), where boosted trees are noisy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from helpfirst.core.errors import ModelNotFittedError


@dataclass(frozen=True)
class _Block:
    """What the design learned about one input column."""

    column: int
    categorical: bool
    levels: np.ndarray  # exact values with their own indicator (categories, small integers)
    edges: np.ndarray  # quantile cut points (wide numeric columns only)
    center: float = 0.0
    scale: float = 1.0
    low: float = 0.0
    high: float = 0.0

    @property
    def width(self) -> int:
        if len(self.edges):
            return len(self.edges) + 1 + 1 + 1  # bins, the scaled number, missing
        return len(self.levels) + 1  # levels, missing


class BinnedDesign:
    """Encode a preprocessed float matrix as a sparse one-hot / binned design (no target)."""

    def __init__(self, max_bins: int = 16) -> None:
        self.max_bins = max_bins

    def fit(self, matrix: np.ndarray, categorical: np.ndarray) -> BinnedDesign:
        """Learn levels, quantile edges and scaling per column from the training matrix."""
        blocks = []
        for j in range(matrix.shape[1]):
            column = matrix[:, j]
            finite = column[~np.isnan(column)]
            levels = np.unique(finite)
            if categorical[j] or len(levels) <= self.max_bins:
                blocks.append(_Block(j, bool(categorical[j]), levels, np.empty(0)))
                continue
            inner = np.linspace(0, 1, self.max_bins + 1)[1:-1]
            edges = np.unique(np.quantile(finite, inner))
            low, high = float(finite.min()), float(finite.max())
            scale = float(finite.std()) or 1.0
            center = float(finite.mean())
            blocks.append(_Block(j, False, np.empty(0), edges, center, scale, low, high))
        self.blocks_ = blocks
        self.n_outputs_ = sum(b.width for b in blocks)
        return self

    def transform(self, matrix: np.ndarray) -> sparse.csr_matrix:
        """Return the ``(n, n_outputs_)`` sparse design for ``matrix``."""
        if not hasattr(self, "blocks_"):
            raise ModelNotFittedError("BinnedDesign: call fit() before transform()")
        n = matrix.shape[0]
        rows, cols, vals = [], [], []
        offset = 0
        every = np.arange(n)
        for block in self.blocks_:
            column = matrix[:, block.column]
            missing = np.isnan(column)
            if len(block.edges):
                index = np.searchsorted(block.edges, column, side="right")
                scaled = (np.clip(column, block.low, block.high) - block.center) / block.scale
                present = every[~missing]
                rows += [present, present]
                cols += [
                    offset + index[~missing],
                    np.full(len(present), offset + len(block.edges) + 1),
                ]
                vals += [np.ones(len(present)), scaled[~missing]]
            else:
                position = np.searchsorted(block.levels, column)
                position = np.minimum(position, max(len(block.levels) - 1, 0))
                known = ~missing & (len(block.levels) > 0)
                if len(block.levels):
                    known &= block.levels[position] == column
                hit = every[known]
                rows.append(hit)
                cols.append(offset + position[known])
                vals.append(np.ones(len(hit)))
            gap = every[missing]
            rows.append(gap)
            cols.append(np.full(len(gap), offset + block.width - 1))
            vals.append(np.ones(len(gap)))
            offset += block.width
        return sparse.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(n, self.n_outputs_),
        )


class AdditiveLogit:
    """:class:`BinnedDesign` followed by an L2-penalised logistic regression."""

    def __init__(self, c: float = 0.3, max_bins: int = 16) -> None:
        self.c = c
        self.max_bins = max_bins

    def fit(self, matrix: np.ndarray, categorical: np.ndarray, y: np.ndarray) -> AdditiveLogit:
        self.design_ = BinnedDesign(self.max_bins).fit(matrix, categorical)
        self.model_ = LogisticRegression(C=self.c, max_iter=2000)
        self.model_.fit(self.design_.transform(matrix), y)
        return self

    def decision_function(self, matrix: np.ndarray) -> np.ndarray:
        """Return the log-odds of conversion per row."""
        return np.asarray(self.model_.decision_function(self.design_.transform(matrix)))
