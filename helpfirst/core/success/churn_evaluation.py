"""Measure a churn model honestly: stratified k-fold, everything fitted inside each fold."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from helpfirst.core.errors import DataValidationError
from helpfirst.core.success.churn import ChurnRiskModel
from helpfirst.core.success.churn_features import FeatureRow


@dataclass(frozen=True)
class CalibrationBin:
    """Customers whose predicted risk fell in [low, high): mean prediction vs observed churn."""

    low: float
    high: float
    count: int
    mean_predicted: float | None
    observed_rate: float | None


@dataclass(frozen=True)
class ChurnEvaluation:
    """Out-of-fold figures for one model."""

    roc_auc: float
    pr_auc: float
    brier: float
    base_rate: float
    fold_roc_aucs: tuple[float, ...]
    calibration: tuple[CalibrationBin, ...]
    expected_calibration_error: float
    probabilities: np.ndarray

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready figures (without the per-customer probabilities)."""
        return {
            "roc_auc": self.roc_auc,
            "pr_auc": self.pr_auc,
            "brier": self.brier,
            "base_rate": self.base_rate,
            "fold_roc_aucs": list(self.fold_roc_aucs),
            "expected_calibration_error": self.expected_calibration_error,
            "calibration": [vars(item) for item in self.calibration],
        }


def calibration_bins(
    labels: Sequence[int] | np.ndarray,
    probabilities: Sequence[float] | np.ndarray,
    n_bins: int = 10,
) -> tuple[CalibrationBin, ...]:
    """Group predictions into ``n_bins`` equal-width bins and compare with what happened."""
    y = np.asarray(labels, dtype=float)
    p = np.asarray(probabilities, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1], right=False), 0, n_bins - 1)
    out = []
    for index in range(n_bins):
        mask = which == index
        count = int(mask.sum())
        out.append(
            CalibrationBin(
                low=float(edges[index]),
                high=float(edges[index + 1]),
                count=count,
                mean_predicted=float(p[mask].mean()) if count else None,
                observed_rate=float(y[mask].mean()) if count else None,
            )
        )
    return tuple(out)


def cross_validate_churn(
    rows: Sequence[FeatureRow],
    churned: Sequence[int],
    *,
    make_model: Callable[[], ChurnRiskModel] = ChurnRiskModel,
    n_splits: int = 5,
    random_state: int = 0,
    on_fold: Callable[[int], None] | None = None,
) -> ChurnEvaluation:
    """Return out-of-fold ROC AUC, PR AUC, Brier score and calibration for a model.

    A fresh model from ``make_model`` is fitted on each training fold (encoding, imputation and
    calibration included) and scores only its held-out fold.
    """
    y = np.asarray(churned, dtype=int)
    if len(rows) != len(y):
        raise DataValidationError(f"{len(rows)} rows but {len(y)} labels", field="churned")
    if n_splits < 2:
        raise DataValidationError("needs at least 2 folds", field="n_splits")
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    probabilities = np.zeros(len(y))
    fold_aucs = []
    for number, (train, test) in enumerate(folds.split(np.zeros(len(y)), y)):
        model = make_model().fit([rows[i] for i in train], y[train])
        probabilities[test] = model.predict_proba([rows[i] for i in test])[:, 1]
        fold_aucs.append(float(roc_auc_score(y[test], probabilities[test])))
        if on_fold is not None:
            on_fold(number)
    bins = calibration_bins(y, probabilities)
    ece = sum(
        b.count / len(y) * abs(b.mean_predicted - b.observed_rate)
        for b in bins
        if b.count and b.mean_predicted is not None and b.observed_rate is not None
    )
    return ChurnEvaluation(
        roc_auc=float(roc_auc_score(y, probabilities)),
        pr_auc=float(average_precision_score(y, probabilities)),
        brier=float(brier_score_loss(y, probabilities)),
        base_rate=float(y.mean()),
        fold_roc_aucs=tuple(fold_aucs),
        calibration=bins,
        expected_calibration_error=float(ece),
        probabilities=probabilities,
    )
