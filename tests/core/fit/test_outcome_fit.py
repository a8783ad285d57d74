"""Tests for learning fit from post-sale outcomes."""

from __future__ import annotations

import numpy as np
import pytest

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.fit import OutcomeFitModel


def _history(n, seed=0):
    rng = np.random.default_rng(seed)
    problem_match = rng.uniform(0, 1, n)
    noise = rng.normal(0, 1, n)
    retained = (problem_match * 3 + rng.normal(0, 0.5, n) > 1.5).astype(int)
    return np.column_stack([problem_match, noise]), retained


def test_learns_which_feature_drives_retention():
    features, y = _history(200)
    model = OutcomeFitModel().fit(features, y, feature_names=["problem_match", "noise"])
    importances = model.feature_importances()
    assert importances[0][0] == "problem_match"
    assert importances[0][1] > 0
    proba = model.predict_proba(np.array([[0.9, 0.0], [0.1, 0.0]]))[:, 1]
    assert proba[0] > 0.8 > 0.2 > proba[1]


def test_not_enough_history_says_so_with_counts():
    features, y = _history(12)
    model = OutcomeFitModel(min_outcomes=30)
    check = model.check_history(y)
    assert not check.enough
    assert "not enough history (12 outcomes, need 30)" in check.message.lower()
    with pytest.raises(DataValidationError, match="12 outcomes, need 30"):
        model.fit(features, y)


def test_predict_before_fit_raises():
    with pytest.raises(ModelNotFittedError):
        OutcomeFitModel().predict(np.zeros((1, 2)))


def test_same_data_gives_same_model():
    features, y = _history(100, seed=3)
    a = OutcomeFitModel(random_state=1).fit(features, y).predict_proba(features)
    b = OutcomeFitModel(random_state=1).fit(features, y).predict_proba(features)
    assert np.array_equal(a, b)


def test_bad_labels_are_rejected():
    features, _ = _history(40)
    with pytest.raises(DataValidationError, match="retained"):
        OutcomeFitModel().fit(features, np.full(40, 2))
