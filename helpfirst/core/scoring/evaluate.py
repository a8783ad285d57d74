"""Measure scorers honestly: stratified folds fixed by a seed, every model fitted per fold.

Each model is built fresh by its factory for each fold and fitted on that fold's training rows
only (its encoders, imputers and calibration included), then scores the held-out rows. Metrics
are computed per fold and averaged.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from helpfirst.core.errors import DataValidationError
from helpfirst.core.scoring.baselines import NaiveBayesLeadScorer
from helpfirst.core.scoring.model import ConversionScorer, check_binary_target
from helpfirst.core.scoring.points import PointsLeadScorer
from helpfirst.core.scoring.table import FeatureTable

METRICS = ("roc_auc", "pr_auc", "brier", "lift_at_10pct", "fit_seconds")


class LeadScorer(Protocol):
    """What :func:`evaluate` needs from a model."""

    def fit(self, table: FeatureTable, y: np.ndarray) -> Any: ...

    def predict_proba(self, table: FeatureTable) -> np.ndarray: ...


ScorerFactory = Callable[[], LeadScorer]
Fold = tuple[np.ndarray, np.ndarray]


def default_scorers(seed: int = 0) -> dict[str, ScorerFactory]:
    """Return the three models compared by ``helpfirst score evaluate``, by contract name."""
    return {
        "helpfirst": lambda: ConversionScorer(random_state=seed),
        "naive_bayes": NaiveBayesLeadScorer,
        "points": PointsLeadScorer,
    }


def stratified_folds(y: np.ndarray, n_folds: int = 5, seed: int = 0) -> list[Fold]:
    """Split row indices into ``n_folds`` stratified (train, test) folds fixed by ``seed``."""
    target = np.asarray(y)
    smallest = int(np.bincount(target.astype(np.int64)).min())
    if n_folds < 2:
        raise DataValidationError(f"--folds must be at least 2, not {n_folds}")
    if smallest < n_folds:
        raise DataValidationError(
            f"the rarer class has {smallest} rows; need at least one per fold ({n_folds} folds)"
        )
    splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    return [(train, test) for train, test in splitter.split(np.zeros(len(target)), target)]


def lift_at(y_true: np.ndarray, scores: np.ndarray, share: float = 0.10) -> float:
    """Return the positive rate among the top ``share`` of rows by score over the overall rate.

    Ties at the cut-off are shared out in proportion (the expected value under random
    tie-breaking), so a constant score has a lift of exactly 1.
    """
    y_true = np.asarray(y_true, dtype=float)
    scores = np.asarray(scores, dtype=float)
    k = max(1, math.ceil(share * len(scores)))
    order = np.sort(scores)[::-1]
    cut = order[k - 1]
    above = scores > cut
    tied = scores == cut
    take_tied = k - int(above.sum())
    positives = y_true[above].sum() + y_true[tied].mean() * take_tied
    return float((positives / k) / y_true.mean())


def fold_metrics(y_true: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """Compute ROC AUC, PR AUC (average precision), Brier score and lift at 10%."""
    return {
        "roc_auc": float(roc_auc_score(y_true, scores)),
        "pr_auc": float(average_precision_score(y_true, scores)),
        "brier": float(brier_score_loss(y_true, scores)),
        "lift_at_10pct": lift_at(y_true, scores, 0.10),
    }


@dataclass
class ModelReport:
    """Averaged metrics of one model plus its per-fold figures and out-of-fold scores."""

    name: str
    per_fold: list[dict[str, float]] = field(default_factory=list)
    out_of_fold: np.ndarray | None = None

    def summary(self) -> dict[str, float]:
        """Return each metric averaged over folds (``fit_seconds``: mean per fold)."""
        return {m: float(np.mean([f[m] for f in self.per_fold])) for m in METRICS}

    def spread(self) -> dict[str, float]:
        """Return each metric's standard deviation over folds."""
        return {m: float(np.std([f[m] for f in self.per_fold])) for m in METRICS}


@dataclass
class EvaluationReport:
    """Everything :func:`evaluate` measured; :meth:`as_contract` gives the CLI's JSON."""

    rows: int
    positives: int
    folds: int
    models: dict[str, ModelReport]

    def as_contract(self) -> dict[str, Any]:
        """Return ``{"rows", "positives", "folds", "models": {name: {metric: value}}}``."""
        return {
            "rows": self.rows,
            "positives": self.positives,
            "folds": self.folds,
            "models": {name: report.summary() for name, report in self.models.items()},
        }


def iter_fold_scores(
    factory: ScorerFactory, table: FeatureTable, y: np.ndarray, folds: Sequence[Fold]
) -> Iterator[tuple[int, np.ndarray, float]]:
    """Yield (fold index, held-out scores, fit seconds), fitting a fresh model on each fold.

    Only ``table.take(train)`` and ``y[train]`` reach ``fit``; the test rows' labels are never
    passed to anything.
    """
    for index, (train, test) in enumerate(folds):
        model = factory()
        started = time.perf_counter()
        model.fit(table.take(train), y[train])
        seconds = time.perf_counter() - started
        scores = np.asarray(model.predict_proba(table.take(test)))[:, 1]
        yield index, scores, seconds


def evaluate(
    table: FeatureTable,
    y: np.ndarray,
    *,
    n_folds: int = 5,
    seed: int = 0,
    scorers: Mapping[str, ScorerFactory] | None = None,
    on_fold_done: Callable[[str, int], None] | None = None,
    folds: Sequence[Fold] | None = None,
) -> EvaluationReport:
    """Cross-validate each scorer on the same stratified folds and report averaged metrics.

    ``folds`` overrides the seed-fixed stratified split (used by the leakage tests).
    """
    target = check_binary_target(y, table.n_rows)
    if folds is None:
        folds = stratified_folds(target, n_folds, seed)
    n_folds = len(folds)
    chosen = dict(scorers) if scorers is not None else default_scorers(seed)
    reports: dict[str, ModelReport] = {}
    for name, factory in chosen.items():
        out_of_fold = np.full(len(target), np.nan)
        report = ModelReport(name, out_of_fold=out_of_fold)
        for index, scores, seconds in iter_fold_scores(factory, table, target, folds):
            test = folds[index][1]
            out_of_fold[test] = scores
            metrics = fold_metrics(target[test], scores)
            metrics["fit_seconds"] = seconds
            report.per_fold.append(metrics)
            if on_fold_done is not None:
                on_fold_done(name, index)
        reports[name] = report
    return EvaluationReport(
        rows=table.n_rows, positives=int(target.sum()), folds=n_folds, models=reports
    )
