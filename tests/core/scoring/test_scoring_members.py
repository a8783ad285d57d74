"""The scorer's parts: binned design, additive logit, value shares and the stacked blend."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from helpfirst.core.errors import ModelNotFittedError
from helpfirst.core.scoring.blend import StackedBlend
from helpfirst.core.scoring.linear import AdditiveLogit, BinnedDesign
from helpfirst.core.scoring.preprocess import ValueShares

NAN = np.nan


def test_small_integers_get_one_indicator_each_and_missing_its_own():
    train = np.array([[0.0], [1.0], [2.0], [NAN]])
    design = BinnedDesign(max_bins=5).fit(train, np.array([False]))
    assert design.n_outputs_ == 4  # three values + missing
    later = design.transform(np.array([[2.0], [NAN], [1.5], [7.0]])).toarray()
    assert later.tolist() == [[0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]]


def test_wide_numbers_are_binned_with_a_scaled_trend_and_categories_one_hot():
    rng = np.random.default_rng(0)
    wide = rng.normal(size=500)
    codes = rng.integers(0, 30, 500).astype(float)  # more codes than bins: still one each
    matrix = np.column_stack([wide, codes])
    design = BinnedDesign(max_bins=8).fit(matrix, np.array([False, True]))
    assert design.n_outputs_ == (8 + 1 + 1) + (30 + 1)
    out = design.transform(matrix).toarray()
    assert (out[:, :8].sum(axis=1) == 1).all()  # exactly one bin per present number
    assert out[:, 8].mean() == pytest.approx(0.0, abs=1e-9)  # the centred number
    assert (out[:, 10:].sum(axis=1) == 1).all()
    with pytest.raises(ModelNotFittedError):
        BinnedDesign().transform(matrix)


def test_additive_logit_learns_per_value_effects():
    rng = np.random.default_rng(1)
    level = rng.integers(0, 40, 4000).astype(float)
    effect = rng.normal(size=40)
    y = (rng.random(4000) < 1 / (1 + np.exp(-2 * effect[level.astype(int)]))).astype(int)
    model = AdditiveLogit().fit(level[:, None], np.array([True]), y)
    assert roc_auc_score(y, model.decision_function(level[:, None])) > 0.8


def test_value_shares_learn_from_training_rows_only():
    train = np.array([[1.0, 5.0], [1.0, 5.0], [2.0, 6.0], [3.0, NAN]])
    shares = ValueShares().fit(train)
    assert [j for j, _, _ in shares.columns_] == [0]  # column 1 has only two values
    out = shares.transform(np.array([[1.0, 0.0], [9.0, 0.0], [NAN, 0.0]]))
    assert out.shape == (3, 3)
    assert out[0, 2] == 0.5
    assert out[1, 2] == 0.0
    assert np.isnan(out[2, 2])


def test_blend_drops_a_member_that_only_helps_negatively_and_calibrates():
    rng = np.random.default_rng(2)
    truth = rng.normal(size=3000)
    y = (rng.random(3000) < 1 / (1 + np.exp(-truth))).astype(int)
    good = truth + rng.normal(scale=0.3, size=3000)
    harmful = good - 0.5 * truth  # only useful with a negative weight
    blend = StackedBlend("sigmoid").fit(np.column_stack([good, harmful]), y)
    assert blend.weights_[1] == 0.0
    assert blend.weights_[0] > 0
    p = blend.predict(np.column_stack([good, harmful]))
    assert abs(p.mean() - y.mean()) < 0.01
    iso = StackedBlend("isotonic").fit(np.column_stack([good, good]), y)
    q = iso.predict(np.column_stack([good, good]))
    assert ((q >= 0) & (q <= 1)).all()
    assert abs(q.mean() - y.mean()) < 0.01
    equal = StackedBlend.equal(2).predict(np.array([[0.0, 2.0]]))
    assert equal[0] == pytest.approx(1 / (1 + np.exp(-1.0)))
