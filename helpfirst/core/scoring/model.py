"""Learn how likely a lead or journey is to move forward, from any table of past outcomes.

:class:`ConversionScorer` = :class:`TabularPreprocessor` (fitted on the training rows) →
gradient-boosted trees with native categorical splits and early stopping → probability
calibration (isotonic or sigmoid, cross-fitted on the training rows only). It works on any
:class:`FeatureTable`, so the same learner scores journeys from the team's own history and the
public benchmark tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.scoring.preprocess import TabularPreprocessor
from helpfirst.core.scoring.table import FeatureTable


class FeatureContribution(NamedTuple):
    """One reason behind a score: a feature, its value for this item, and how much it moved
    the predicted probability (in probability points, positive = raises the chance)."""

    feature: str
    value: object
    contribution: float


def check_binary_target(y: np.ndarray, n_rows: int) -> np.ndarray:
    """Validate a 0/1 target aligned with ``n_rows`` rows and return it as an int array."""
    target = np.asarray(y)
    if target.shape != (n_rows,):
        raise DataValidationError(f"target has shape {target.shape}; expected ({n_rows},)")
    if not np.isin(target, (0, 1)).all():
        raise DataValidationError("target must hold only 0 and 1")
    target = target.astype(np.int64)
    if target.min() == target.max():
        raise DataValidationError("target has a single class; need positives and negatives")
    return target


class ConversionScorer:
    """Score the chance that a row converts, calibrated, with per-row explanations.

    Parameters are stored unchanged; learned state ends in ``_``. ``calibration`` is
    ``"isotonic"``, ``"sigmoid"`` or ``None``; ``calibration_folds`` internal folds are used to
    fit it (on the training rows only). ``background_size`` rows of training data are kept as
    the reference for :meth:`explain`. ``n_threads`` caps the OpenMP threads of the trees
    (``None``: all cores); 1 by default because OpenMP threads spin badly when the machine is
    shared with the web app or other jobs.
    """

    def __init__(
        self,
        learning_rate: float = 0.1,
        max_iter: int = 300,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 40,
        l2_regularization: float = 1.0,
        calibration: str | None = "isotonic",
        calibration_folds: int = 3,
        min_category_count: int = 10,
        background_size: int = 64,
        n_threads: int | None = 1,
        random_state: int | None = 0,
    ) -> None:
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.min_category_count = min_category_count
        self.background_size = background_size
        self.n_threads = n_threads
        self.random_state = random_state

    def _trees(self, categorical: np.ndarray) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization,
            categorical_features=categorical if categorical.any() else None,
            early_stopping=True,
            validation_fraction=0.1,
            n_iter_no_change=20,
            random_state=self.random_state,
        )

    def fit(self, table: FeatureTable, y: np.ndarray) -> ConversionScorer:
        """Learn the encoding, the trees and the calibration from ``table`` and 0/1 ``y``."""
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            return self._fit(table, y)

    def _fit(self, table: FeatureTable, y: np.ndarray) -> ConversionScorer:
        target = check_binary_target(y, table.n_rows)
        if self.calibration not in ("isotonic", "sigmoid", None):
            raise DataValidationError(
                f"calibration must be 'isotonic', 'sigmoid' or None, not {self.calibration!r}"
            )
        preprocessor = TabularPreprocessor(min_category_count=self.min_category_count)
        matrix = preprocessor.fit(table).transform(table)
        trees = self._trees(preprocessor.categorical_mask_)
        folds = min(self.calibration_folds, int(np.bincount(target).min()))
        if self.calibration is None or folds < 2:
            model = trees.fit(matrix, target)
        else:
            # Shuffled inner folds: files are often sorted (by date, by outcome); unshuffled
            # folds would calibrate each model on a different period than it learned from.
            inner = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            model = CalibratedClassifierCV(trees, method=self.calibration, cv=inner)
            model.fit(matrix, target)
        rng = np.random.default_rng(self.random_state)
        size = min(self.background_size, len(matrix))
        self.preprocessor_ = preprocessor
        self.model_ = model
        self.background_ = matrix[rng.choice(len(matrix), size=size, replace=False)]
        self.feature_names_ = list(preprocessor.feature_names_)
        self.base_rate_ = float(target.mean())
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise ModelNotFittedError("ConversionScorer: call fit() before predicting")

    def predict_proba(self, table: FeatureTable) -> np.ndarray:
        """Return an ``(n, 2)`` array of [P(not converted), P(converted)] per row."""
        self._check_fitted()
        matrix = self.preprocessor_.transform(table)
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            return np.asarray(self.model_.predict_proba(matrix))

    def explain(
        self, row: Mapping[str, object], top: int | None = None
    ) -> list[FeatureContribution]:
        """Say which of a row's values moved its score, largest effect first.

        Each feature's contribution is the row's probability minus the average probability
        when that feature alone takes the values of the stored training background rows (an
        interventional one-at-a-time attribution). A feature the model does not use gets 0.
        Contributions need not add up to the score's distance from the base rate when features
        interact.
        """
        self._check_fitted()
        encoded = self.preprocessor_.transform(FeatureTable.from_rows([dict(row)]))[0]
        n_bg, n_features = self.background_.shape
        probes = np.repeat(encoded[None, :], n_bg * n_features, axis=0)
        for j in range(n_features):
            probes[j * n_bg : (j + 1) * n_bg, j] = self.background_[:, j]
        batch = np.vstack([encoded[None, :], probes])
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            scores = np.asarray(self.model_.predict_proba(batch))[:, 1]
        own = scores[0]
        replaced = scores[1:].reshape(n_features, n_bg).mean(axis=1)
        reasons = [
            FeatureContribution(name, row.get(name), float(own - replaced[j]))
            for j, name in enumerate(self.feature_names_)
        ]
        reasons.sort(key=lambda r: abs(r.contribution), reverse=True)
        return reasons[:top] if top is not None else reasons
