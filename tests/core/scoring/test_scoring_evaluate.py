"""Cross-validation: metrics, fixed folds, and no label leakage from a test fold."""

from __future__ import annotations

import numpy as np
import pytest

from helpfirst.core.errors import DataValidationError
from helpfirst.core.scoring.evaluate import (
    METRICS,
    default_scorers,
    evaluate,
    iter_fold_scores,
    lift_at,
    stratified_folds,
)


def test_lift_handles_ties_and_perfect_ranking():
    y = np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0] * 10)
    assert lift_at(y, np.zeros(len(y))) == pytest.approx(1.0)
    assert lift_at(y, y.astype(float)) == pytest.approx(10.0)
    assert lift_at(y, 1.0 - y) == pytest.approx(0.0)


def test_folds_are_stratified_and_fixed_by_seed():
    y = np.array([1] * 30 + [0] * 70)
    a, b = stratified_folds(y, 5, seed=7), stratified_folds(y, 5, seed=7)
    assert all((ta == tb).all() for (_, ta), (_, tb) in zip(a, b, strict=False))
    assert [int(y[test].sum()) for _, test in a] == [6] * 5
    c = stratified_folds(y, 5, seed=8)
    assert any((ta != tc).any() for (_, ta), (_, tc) in zip(a, c, strict=False))
    with pytest.raises(DataValidationError, match="rarer class"):
        stratified_folds(np.array([1, 1, 0, 0, 0, 0]), 3)


def fold_scores(run, factory, table, y, folds, k):
    return next(scores for index, scores, _ in run(factory, table, y, folds) if index == k)


def leaky_fold_scores(factory, table, y, folds):
    """A deliberately wrong evaluator: fits on every row, test fold included (the canary)."""
    for index, (_, test) in enumerate(folds):
        model = factory().fit(table, y)
        yield index, model.predict_proba(table.take(test))[:, 1], 0.0


def test_fold_labels_never_reach_training(leads):
    """Flip every label in fold k: fold k's own scores must not move, for every model.

    The same check run on ``leaky_fold_scores`` must notice the leak, or this test proves
    nothing.
    """
    table, y = leads
    folds = stratified_folds(y, 3, seed=0)
    k = 1
    flipped = y.copy()
    flipped[folds[k][1]] = 1 - y[folds[k][1]]
    for name, factory in default_scorers(0).items():
        before = fold_scores(iter_fold_scores, factory, table, y, folds, k)
        after = fold_scores(iter_fold_scores, factory, table, flipped, folds, k)
        np.testing.assert_array_equal(before, after, err_msg=f"{name} saw fold {k}'s labels")
        if name != "points":  # the points rule only ranks, so only its curve could leak
            leaky_before = fold_scores(leaky_fold_scores, factory, table, y, folds, k)
            leaky_after = fold_scores(leaky_fold_scores, factory, table, flipped, folds, k)
            assert not np.array_equal(leaky_before, leaky_after), f"canary silent for {name}"


def test_evaluate_out_of_fold_scores_ignore_the_fold_labels(leads):
    table, y = leads
    folds = stratified_folds(y, 3, seed=0)
    flipped = y.copy()
    test = folds[2][1]
    flipped[test] = 1 - y[test]
    scorers = {"naive_bayes": default_scorers(0)["naive_bayes"]}
    a = evaluate(table, y, scorers=scorers, folds=folds).models["naive_bayes"].out_of_fold
    b = evaluate(table, flipped, scorers=scorers, folds=folds).models["naive_bayes"].out_of_fold
    np.testing.assert_array_equal(a[test], b[test])
    assert not np.array_equal(a, b)  # the other folds did learn from the flipped labels


def test_evaluate_reports_the_contract(leads):
    table, y = leads
    report = evaluate(table, y, n_folds=3, seed=0)
    contract = report.as_contract()
    assert contract["rows"] == len(y)
    assert contract["positives"] == int(y.sum())
    assert contract["folds"] == 3
    assert set(contract["models"]) == {"helpfirst", "naive_bayes", "points"}
    for metrics in contract["models"].values():
        assert set(metrics) == set(METRICS)
        assert 0.5 < metrics["roc_auc"] <= 1.0
        assert 0.0 <= metrics["brier"] <= 0.25
    helpfirst = contract["models"]["helpfirst"]
    assert helpfirst["roc_auc"] > contract["models"]["points"]["roc_auc"]
