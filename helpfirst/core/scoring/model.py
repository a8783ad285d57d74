"""Learn how likely a lead or journey is to move forward, from any table of past outcomes.

:class:`ConversionScorer` = :class:`TabularPreprocessor` (fitted on the training rows) → two
members, each fitted on the same rows:

- gradient-boosted trees with native categorical splits, a minimum leaf size, L2 and early
  stopping on an inner validation split (interactions, thresholds);
- :class:`AdditiveLogit`, an L2 logistic regression on a binned one-hot design (smooth per-value
  effects, missing-value indicators, small integers as categories);

→ :class:`StackedBlend`, which learns the members' weights and the calibration from out-of-fold
scores of ``calibration_folds`` shuffled, stratified inner folds of the training rows. The
members fitted in each inner fold are kept, and their calibrated probabilities averaged. Nothing
outside the rows passed to :meth:`~ConversionScorer.fit` is ever seen. It works on any
:class:`FeatureTable`, so the same learner scores journeys from the team's own history and the
public benchmark tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.scoring.blend import CALIBRATIONS, StackedBlend
from helpfirst.core.scoring.linear import AdditiveLogit
from helpfirst.core.scoring.preprocess import TabularPreprocessor, ValueShares
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


class _Members(NamedTuple):
    trees: HistGradientBoostingClassifier
    linear: AdditiveLogit


class ConversionScorer:
    """Score the chance that a row converts, calibrated, with per-row explanations.

    Parameters are stored unchanged; learned state ends in ``_``. ``calibration`` is
    ``"isotonic"``, ``"sigmoid"`` or ``None`` (no inner folds: both members fitted on all rows,
    log-odds averaged); ``calibration_folds`` inner folds are used to learn the blend and the
    calibration (on the training rows only). ``min_samples_leaf`` is capped at 2% of the rows
    (at least 10) so small tables still grow trees; with fewer than 20 rows of the rarer class
    the trees stop at ``min(max_iter, 100)`` rounds instead of early stopping. ``linear_c`` is
    the inverse L2 strength of the additive model and ``max_bins`` its bins per numeric column.
    ``background_size`` rows of training data are kept as the reference for :meth:`explain`.
    ``n_threads`` caps the OpenMP and BLAS threads (``None``: all cores); 1 by default because
    threads spin badly when the machine is shared with the web app or other jobs.
    """

    def __init__(
        self,
        learning_rate: float = 0.05,
        max_iter: int = 500,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 80,
        l2_regularization: float = 3.0,
        linear_c: float = 0.3,
        max_bins: int = 16,
        calibration: str | None = "isotonic",
        calibration_folds: int = 5,
        min_category_count: int = 5,
        background_size: int = 64,
        n_threads: int | None = 1,
        random_state: int | None = 0,
    ) -> None:
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.linear_c = linear_c
        self.max_bins = max_bins
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.min_category_count = min_category_count
        self.background_size = background_size
        self.n_threads = n_threads
        self.random_state = random_state

    def _fit_members(self, matrix: np.ndarray, y: np.ndarray) -> _Members:
        categorical = self.preprocessor_.categorical_mask_
        shares = np.zeros(len(self.shares_.columns_), dtype=bool)
        tree_categorical = np.concatenate([categorical, shares])
        # Early stopping holds out 10% stratified: only when each class can spare rows for it.
        stop_early = int(np.bincount(y, minlength=2).min()) >= 20
        trees = HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_iter=self.max_iter if stop_early else min(self.max_iter, 100),
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=min(self.min_samples_leaf, max(10, len(y) // 50)),
            l2_regularization=self.l2_regularization,
            categorical_features=tree_categorical if categorical.any() else None,
            early_stopping=stop_early,
            validation_fraction=0.1,
            n_iter_no_change=30,
            random_state=self.random_state,
        ).fit(self.shares_.transform(matrix), y)
        linear = AdditiveLogit(c=self.linear_c, max_bins=self.max_bins)
        return _Members(trees, linear.fit(matrix, categorical, y))

    def _logits(self, members: _Members, matrix: np.ndarray) -> np.ndarray:
        trees = members.trees.decision_function(self.shares_.transform(matrix))
        return np.column_stack([trees, members.linear.decision_function(matrix)])

    def fit(self, table: FeatureTable, y: np.ndarray) -> ConversionScorer:
        """Learn the encoding, both members, their blend and the calibration from ``table``."""
        with threadpool_limits(limits=self.n_threads):
            return self._fit(table, y)

    def _fit(self, table: FeatureTable, y: np.ndarray) -> ConversionScorer:
        target = check_binary_target(y, table.n_rows)
        if self.calibration not in CALIBRATIONS:
            raise DataValidationError(
                f"calibration must be 'isotonic', 'sigmoid' or None, not {self.calibration!r}"
            )
        self.preprocessor_ = TabularPreprocessor(min_category_count=self.min_category_count)
        matrix = self.preprocessor_.fit(table).transform(table)
        self.shares_ = ValueShares().fit(matrix)  # no target: safe to learn from every row
        folds = min(self.calibration_folds, int(np.bincount(target).min()))
        if self.calibration is None or folds < 2:
            self.members_ = [self._fit_members(matrix, target)]
            self.blend_ = StackedBlend.equal(2)
        else:
            # Shuffled inner folds: files are often sorted (by date, by outcome); unshuffled
            # folds would blend and calibrate on a different period than the members learned.
            inner = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            held_out = np.empty((len(target), 2))
            self.members_ = []
            for learn, check in inner.split(matrix, target):
                members = self._fit_members(matrix[learn], target[learn])
                held_out[check] = self._logits(members, matrix[check])
                self.members_.append(members)
            self.blend_ = StackedBlend(self.calibration).fit(held_out, target)
        rng = np.random.default_rng(self.random_state)
        size = min(self.background_size, table.n_rows)
        self.feature_names_ = list(self.preprocessor_.used_columns_)
        chosen = rng.choice(table.n_rows, size=size, replace=False)
        self.background_ = table.take(chosen)
        self.base_rate_ = float(target.mean())
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "blend_"):
            raise ModelNotFittedError("ConversionScorer: call fit() before predicting")

    def _proba(self, table: FeatureTable) -> np.ndarray:
        matrix = self.preprocessor_.transform(table)
        with threadpool_limits(limits=self.n_threads):
            each = [self.blend_.predict(self._logits(m, matrix)) for m in self.members_]
        return np.mean(each, axis=0)

    def predict_proba(self, table: FeatureTable) -> np.ndarray:
        """Return an ``(n, 2)`` array of [P(not converted), P(converted)] per row."""
        self._check_fitted()
        won = self._proba(table)
        return np.column_stack([1.0 - won, won])

    def explain(
        self, row: Mapping[str, object], top: int | None = None
    ) -> list[FeatureContribution]:
        """Say which of a row's values moved its score, largest effect first.

        Each input column's contribution is the row's probability minus the average
        probability when that column alone takes the values of the stored training background
        rows (an interventional one-at-a-time attribution over raw columns, so a date counts
        once however many parts it is read as). A column the model does not use gets 0.
        Contributions need not add up to the score's distance from the base rate when features
        interact.
        """
        self._check_fitted()
        names = self.feature_names_
        n_bg = self.background_.n_rows
        probes: dict[str, np.ndarray] = {}
        for j, name in enumerate(names):
            column = np.empty(1 + n_bg * len(names), dtype=object)
            column.fill(row.get(name))
            start = 1 + j * n_bg
            column[start : start + n_bg] = self.background_.columns[name]
            probes[name] = column
        scores = self._proba(FeatureTable(probes))
        own = scores[0]
        replaced = scores[1:].reshape(len(names), n_bg).mean(axis=1)
        reasons = [
            FeatureContribution(name, row.get(name), float(own - replaced[j]))
            for j, name in enumerate(names)
        ]
        reasons.sort(key=lambda r: abs(r.contribution), reverse=True)
        return reasons[:top] if top is not None else reasons
