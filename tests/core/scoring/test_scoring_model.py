"""The ConversionScorer learns real signal, is calibrated-ish, and explains itself."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.scoring.model import ConversionScorer, FeatureContribution


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
    from helpfirst.core.scoring.table import FeatureTable

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
