"""Learn which buyer profiles become successful customers, from post-sale outcomes.

The target is what happened after the sale (retained with realised value versus churned), never
whether a deal closed: closing a poor fit is exactly what the method tries to avoid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from helpfirst.core.errors import DataValidationError, ModelNotFittedError


@dataclass(frozen=True)
class OutcomeHistoryCheck:
    """Say whether there is enough post-sale history to learn fit from."""

    enough: bool
    outcomes: int
    needed: int
    message: str


class OutcomeFitModel:
    """Predict P(retained with value) from buyer features (scikit-learn style).

    ``X`` is a 2-D array of numeric profile features (e.g. employees, one-hot industry,
    matched-problem confidences); ``y`` is 1 for retained-with-value, 0 for churned.
    """

    def __init__(
        self,
        min_outcomes: int = 30,
        min_per_class: int = 5,
        C: float = 1.0,  # noqa: N803 - scikit-learn's name for it
        random_state: int | None = 0,
    ) -> None:
        self.min_outcomes = min_outcomes
        self.min_per_class = min_per_class
        self.C = C
        self.random_state = random_state

    def check_history(self, y: np.ndarray | list[int]) -> OutcomeHistoryCheck:
        """Return whether ``y`` holds enough outcomes of both kinds, saying so with counts."""
        labels = np.asarray(y)
        count = int(labels.size)
        per_class = min(int((labels == 1).sum()), int((labels == 0).sum())) if count else 0
        if count < self.min_outcomes:
            message = (
                f"Not enough history ({count} outcomes, need {self.min_outcomes}); "
                "relying on the playbook."
            )
            return OutcomeHistoryCheck(False, count, self.min_outcomes, message)
        if per_class < self.min_per_class:
            message = (
                f"Not enough history of both kinds ({per_class} of the rarer outcome, need "
                f"{self.min_per_class}); relying on the playbook."
            )
            return OutcomeHistoryCheck(False, count, self.min_outcomes, message)
        return OutcomeHistoryCheck(
            True, count, self.min_outcomes, f"Learned from {count} outcomes."
        )

    def fit(
        self,
        X: np.ndarray,  # noqa: N803 - scikit-learn's name for it
        y: np.ndarray,
        feature_names: list[str] | None = None,
    ) -> OutcomeFitModel:
        """Learn from past customers; raise ``DataValidationError`` if history is too thin."""
        features = np.asarray(X, dtype=float)
        labels = np.asarray(y)
        if features.ndim != 2 or features.shape[0] != labels.shape[0]:
            raise DataValidationError("X must be 2-D with one row per outcome in y.", field="X")
        if not set(np.unique(labels)) <= {0, 1}:
            raise DataValidationError("y must be 1 (retained with value) or 0 (churned).")
        if not np.isfinite(features).all():
            raise DataValidationError("X has missing or infinite values; fill them first.")
        check = self.check_history(labels)
        if not check.enough:
            raise DataValidationError(
                check.message, detail={"outcomes": check.outcomes, "needed": check.needed}
            )
        names = feature_names or [f"feature_{i}" for i in range(features.shape[1])]
        if len(names) != features.shape[1]:
            raise DataValidationError("Give one feature name per column of X.")
        self.scaler_ = StandardScaler().fit(features)
        self.model_ = LogisticRegression(C=self.C, random_state=self.random_state, max_iter=1000)
        self.model_.fit(self.scaler_.transform(features), labels)
        self.feature_names_ = list(names)
        self.n_outcomes_ = int(labels.size)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        """Return an (n, 2) array: P(churned), P(retained with value)."""
        if not hasattr(self, "model_"):
            raise ModelNotFittedError("Fit the OutcomeFitModel on post-sale outcomes first.")
        features = np.asarray(X, dtype=float)
        return np.asarray(self.model_.predict_proba(self.scaler_.transform(features)))

    def predict(self, X: np.ndarray) -> np.ndarray:  # noqa: N803
        """Return 1 where retention with value is the likelier outcome."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def feature_importances(self) -> list[tuple[str, float]]:
        """Return (feature, standardised coefficient) pairs, strongest effect first.

        Positive pushes towards retained-with-value, negative towards churn.
        """
        if not hasattr(self, "model_"):
            raise ModelNotFittedError("Fit the OutcomeFitModel before asking what drives fit.")
        pairs = zip(self.feature_names_, self.model_.coef_[0].tolist(), strict=True)
        return sorted(((n, round(float(c), 4)) for n, c in pairs), key=lambda p: -abs(p[1]))
