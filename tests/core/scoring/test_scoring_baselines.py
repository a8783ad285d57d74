"""The Odoo-style naive-Bayes baseline and the hand-set points rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score

from helpfirst.core.errors import ModelNotFittedError
from helpfirst.core.scoring.baselines import NaiveBayesLeadScorer
from helpfirst.core.scoring.points import PointsLeadScorer
from helpfirst.core.scoring.table import FeatureTable


def test_naive_bayes_matches_hand_computed_smoothed_frequencies():
    # won: a, a, b   lost: b, b, b, a   (alpha = 1, levels {a, b} + 1 unseen slot)
    table = FeatureTable.from_columns({"source": list("aab") + list("bbba")})
    y = np.array([1, 1, 1, 0, 0, 0, 0])
    model = NaiveBayesLeadScorer(alpha=1.0).fit(table, y)
    p_a_won, p_a_lost = (2 + 1) / (3 + 3), (1 + 1) / (4 + 3)
    odds = (3 / 4) * (p_a_won / p_a_lost)
    got = model.predict_proba(FeatureTable.from_columns({"source": ["a"]}))[0, 1]
    assert got == pytest.approx(odds / (1 + odds))
    unseen = model.predict_proba(FeatureTable.from_columns({"source": ["zzz"]}))[0, 1]
    unseen_odds = (3 / 4) * ((0 + 1) / 6) / ((0 + 1) / 7)
    assert unseen == pytest.approx(unseen_odds / (1 + unseen_odds))


def test_naive_bayes_bins_numbers_and_learns_signal(leads):
    table, y = leads
    model = NaiveBayesLeadScorer().fit(table, y)
    assert "page_views" in model.bin_edges_
    assert roc_auc_score(y, model.predict_proba(table)[:, 1]) > 0.7


def test_points_rule_ignores_labels(leads):
    table, y = leads
    rng = np.random.default_rng(0)
    a = PointsLeadScorer().fit(table, y).points(table)
    b = PointsLeadScorer().fit(table, rng.permutation(y)).points(table)
    np.testing.assert_array_equal(a, b)


def test_points_rule_follows_its_documented_weights():
    train = FeatureTable.from_columns(
        {
            "page_views": ["0", "1", "2", "3"],
            "do_not_email": ["no", "yes", "no", "no"],
            "job_title": ["Manager", "Student", "clerk", "Director"],
            "lead_source": ["Referral", "ads", "ads", "Direct Traffic"],
        }
    )
    model = PointsLeadScorer().fit(train, np.array([1, 0, 0, 1]))
    points = model.points(train)
    # page views: percentile x 10; opt-out -10; manager/director +5, student -5; referral/direct +5
    assert points.tolist() == pytest.approx([2.5 + 5 + 5, 5.0 - 10 - 5, 7.5, 10 + 5 + 5])
    proba = model.predict_proba(train)[:, 1]
    assert (np.argsort(proba) == np.argsort(points)).all()  # the curve keeps the ranking


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=4, max_size=30), st.integers(0, 29))
def test_more_engagement_never_lowers_points(views, index):
    index %= len(views)
    train = FeatureTable.from_columns({"total_visits": [str(v) for v in views]})
    y = np.array([i % 2 for i in range(len(views))])
    model = PointsLeadScorer().fit(train, y)
    before = model.points(train.take([index]))[0]
    bumped = FeatureTable.from_columns({"total_visits": [str(views[index] + 1)]})
    assert model.points(bumped)[0] >= before
    assert math.isfinite(before)


def test_baselines_refuse_to_predict_before_fit():
    table = FeatureTable.from_columns({"a": ["x"]})
    with pytest.raises(ModelNotFittedError):
        NaiveBayesLeadScorer().predict_proba(table)
    with pytest.raises(ModelNotFittedError):
        PointsLeadScorer().predict_proba(table)
