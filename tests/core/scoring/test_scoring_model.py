"""The ConversionScorer learns real signal, is calibrated-ish, and explains itself."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.scoring.model import ConversionScorer, FeatureContribution
from helpfirst.core.scoring.table import FeatureTable


@pytest.fixture(scope="module")
def fitted(make_leads):
    table, y = make_leads(n=800, seed=1)
    test_table, test_y = make_leads(n=800, seed=2)
    return ConversionScorer(random_state=0).fit(table, y), test_table, test_y


def test_learns_signal_and_returns_probabilities(fitted):
    model, table, y = fitted
    proba = model.predict_proba(table)
    assert proba.shape == (table.n_rows, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert roc_auc_score(y, proba[:, 1]) > 0.70  # the true logit reaches 0.742 here
    assert abs(proba[:, 1].mean() - y.mean()) < 0.05  # calibrated on average


def test_explain_puts_driving_features_first_with_the_right_sign(fitted):
    model, _, _ = fitted
    row = {"page_views": "9", "lead_source": "referral", "noise": "0.1", "do_not_email": "no"}
    reasons = model.explain(row)
    assert all(isinstance(r, FeatureContribution) for r in reasons)
    by_name = {r.feature: r for r in reasons}
    assert {reasons[0].feature, reasons[1].feature} == {"page_views", "lead_source"}
    assert by_name["page_views"].contribution > 0.05
    assert by_name["lead_source"].contribution > 0.02
    assert by_name["lead_source"].value == "referral"
    assert abs(by_name["noise"].contribution) < by_name["page_views"].contribution / 3
    cold = {r.feature: r for r in model.explain({**row, "page_views": "0", "lead_source": "ads"})}
    assert cold["page_views"].contribution < 0
    assert len(model.explain(row, top=2)) == 2


def test_predicting_before_fit_raises():
    with pytest.raises(ModelNotFittedError):
        ConversionScorer().predict_proba(FeatureTable.from_columns({"a": [1]}))


def test_hyperparameters_stored_unchanged_and_fit_is_deterministic(leads):
    table, y = leads
    model = ConversionScorer(calibration="sigmoid", random_state=3)
    assert model.calibration == "sigmoid"
    assert model.random_state == 3
    a = model.fit(table, y).predict_proba(table)
    b = ConversionScorer(calibration="sigmoid", random_state=3).fit(table, y).predict_proba(table)
    np.testing.assert_array_equal(a, b)


def test_rejects_bad_targets(leads):
    table, y = leads
    with pytest.raises(DataValidationError):
        ConversionScorer().fit(table, np.zeros_like(y))
    with pytest.raises(DataValidationError):
        ConversionScorer().fit(table, y[:-1])
    with pytest.raises(DataValidationError, match="calibration"):
        ConversionScorer(calibration="magic").fit(table, y)


def test_learns_a_trend_from_a_date_column_and_explains_it_once():
    rng = np.random.default_rng(4)
    n = 1200
    day = rng.integers(0, 700, n)
    dates = [f"{np.datetime64('2017-01-01') + int(d)}" for d in day]
    source = rng.choice(["web", "fair"], n)
    y = (rng.random(n) < 0.02 + 0.9 * (day / 700) ** 2).astype(np.int64)

    table = FeatureTable.from_columns({"first_contact": dates, "source": list(source)})
    train, test = np.arange(800), np.arange(800, n)
    model = ConversionScorer(random_state=0).fit(table.take(train), y[train])
    assert model.feature_names_ == ["first_contact", "source"]
    oracle = roc_auc_score(y[test], day[test])  # the true ranking
    assert roc_auc_score(y[test], model.predict_proba(table.take(test))[:, 1]) > oracle - 0.03
    reasons = model.explain({"first_contact": "2018-11-30", "source": "web"})
    assert [r.feature for r in reasons] == ["first_contact", "source"]
    assert reasons[0].contribution > 0.1
    assert reasons[0].value == "2018-11-30"


def test_without_calibration_both_members_are_fitted_on_every_row(leads):
    table, y = leads
    model = ConversionScorer(calibration=None, random_state=0).fit(table, y)
    assert len(model.members_) == 1
    assert roc_auc_score(y, model.predict_proba(table)[:, 1]) > 0.7


def test_tiny_and_lopsided_tables_still_fit():
    tiny = FeatureTable.from_columns({"a": list("xyxyxyxyxy"), "n": [str(i) for i in range(10)]})
    proba = ConversionScorer().fit(tiny, np.array([0, 1] * 5)).predict_proba(tiny)
    assert proba.shape == (10, 2)
    rng = np.random.default_rng(0)
    rare = FeatureTable.from_columns({"n": [f"{v:.3f}" for v in rng.normal(size=300)]})
    y = np.array([1] * 6 + [0] * 294)
    won = ConversionScorer().fit(rare, y).predict_proba(rare)[:, 1]
    assert 0 < won.mean() < 0.1
