"""Combine the scorer's members into one calibrated probability, learned on held-out scores.

:class:`StackedBlend` is fitted on *out-of-fold* log-odds of the members (boosted trees and the
additive logistic model), i.e. on scores each member gave rows it did not learn from, all inside
the training rows of the caller. A two-input logistic regression learns how much to trust each
member (weights kept non-negative: a member that only helps by being subtracted is dropped) and
is itself a sigmoid calibration; ``isotonic`` adds a monotone step calibration of the blended
log-odds on the same held-out scores.
"""

from __future__ import annotations

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

CALIBRATIONS = ("isotonic", "sigmoid", None)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


class StackedBlend:
    """Learn non-negative member weights and a calibration from held-out member log-odds."""

    def __init__(self, calibration: str | None = "isotonic") -> None:
        self.calibration = calibration

    def fit(self, logits: np.ndarray, y: np.ndarray) -> StackedBlend:
        """Fit on an ``(n, members)`` array of out-of-fold log-odds and the 0/1 target."""
        use = np.ones(logits.shape[1], dtype=bool)
        while True:
            model = LogisticRegression(C=100.0, max_iter=1000).fit(logits[:, use], y)
            coef = model.coef_[0]
            if (coef > 0).all() or use.sum() == 1:
                break
            use[np.flatnonzero(use)[int(np.argmin(coef))]] = False
        self.weights_ = np.zeros(logits.shape[1])
        self.weights_[use] = coef
        self.intercept_ = float(model.intercept_[0])
        self.isotonic_ = None
        if self.calibration == "isotonic":
            blended = self.decision_function(logits)
            self.isotonic_ = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
            self.isotonic_.fit(blended, y)
        return self

    @classmethod
    def equal(cls, members: int) -> StackedBlend:
        """Return an uncalibrated blend that averages the members' log-odds."""
        blend = cls(calibration=None)
        blend.weights_ = np.full(members, 1.0 / members)
        blend.intercept_ = 0.0
        blend.isotonic_ = None
        return blend

    def decision_function(self, logits: np.ndarray) -> np.ndarray:
        """Return the blended log-odds."""
        return logits @ self.weights_ + self.intercept_

    def predict(self, logits: np.ndarray) -> np.ndarray:
        """Return the calibrated probability of conversion."""
        blended = self.decision_function(logits)
        if self.isotonic_ is not None:
            return np.asarray(self.isotonic_.predict(blended))
        return sigmoid(blended)
