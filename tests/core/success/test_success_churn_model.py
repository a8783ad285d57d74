"""ChurnRiskModel: scikit-learn contract, explanations, the Telco reader, and real-data quality."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

from helpfirst.core.errors import DataValidationError, ImportFileError, ModelNotFittedError
from helpfirst.core.success import (
    AdoptionSignals,
    ChurnRiskModel,
    calibration_bins,
    cross_validate_churn,
    load_telco_churn,
)

REPO_ROOT = Path(__file__).resolve().parents[3]


def telco_csv() -> Path:
    shared = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    path = shared / "ibm-telco-churn" / "Telco-Customer-Churn.csv"
    if not path.exists():
        pytest.skip(f"IBM Telco churn data not found at {path} (set HELPFIRST_SHARED_DATA)")
    return path


def synthetic_customers(n: int = 400, seed: int = 1) -> tuple[list[dict[str, object]], list[int]]:
    """Customers who churn more when usage falls, tickets pile up and they are on monthly plans."""
    rng = random.Random(seed)
    rows, labels = [], []
    for _ in range(n):
        signals = AdoptionSignals(
            usage_trend=rng.uniform(-1, 1),
            open_support_tickets=rng.randint(0, 8),
            sentiment=rng.uniform(-1, 1),
            milestones_on_time=rng.choice([None, rng.random()]),
        )
        row: dict[str, object] = {**signals.as_features(),
                                  "plan": rng.choice(["monthly", "annual"])}
        logit = (-1.5 * (signals.usage_trend or 0) + 0.3 * (signals.open_support_tickets or 0)
                 + (1.0 if row["plan"] == "monthly" else -1.0) - 0.8)
        rows.append(row)
        labels.append(int(rng.random() < 1 / (1 + np.exp(-logit))))
    return rows, labels


def test_predicting_before_fit_raises() -> None:
    with pytest.raises(ModelNotFittedError):
        ChurnRiskModel().predict_proba([{"tenure": 3}])


def test_init_stores_hyperparameters_unchanged_and_fit_returns_self() -> None:
    columns = ["usage_trend", "plan"]
    model = ChurnRiskModel(C=2.0, calibration="isotonic", columns=columns, random_state=7)
    assert model.C == 2.0
    assert model.columns is columns
    assert model.calibration == "isotonic"
    rows, labels = synthetic_customers()
    assert model.fit(rows, labels) is model
    assert model.columns is columns
    assert set(model.feature_names_) == {"usage_trend", "plan=annual", "plan=monthly"}


def test_learns_the_direction_of_each_signal_and_explains_it() -> None:
    rows, labels = synthetic_customers()
    model = ChurnRiskModel().fit(rows, labels)
    risky = {"usage_trend": -0.9, "open_support_tickets": 8, "sentiment": 0.0, "plan": "monthly"}
    safe = {"usage_trend": 0.9, "open_support_tickets": 0, "sentiment": 0.0, "plan": "annual"}
    p_risky, p_safe = model.predict_proba([risky, safe])[:, 1]
    assert p_risky > 0.7 > 0.2 > p_safe
    assert list(model.predict([risky, safe])) == [1, 0]
    drivers = model.explain([risky], top_k=3)[0]
    assert len(drivers) == 3
    assert all(d.contribution > 0 for d in drivers)
    assert {d.signal for d in drivers} == {"usage_trend", "open_support_tickets", "plan"}
    assert drivers[0].as_dict()["direction"] == "raises risk"


def test_fit_is_deterministic_and_tolerates_missing_and_unseen_values() -> None:
    rows, labels = synthetic_customers()
    first = ChurnRiskModel(random_state=3).fit(rows, labels)
    second = ChurnRiskModel(random_state=3).fit(rows, labels)
    odd = [{"usage_trend": None, "plan": "weekly"}, {}]
    np.testing.assert_array_equal(first.predict_proba(odd), second.predict_proba(odd))
    probabilities = first.predict_proba(odd)
    assert probabilities.shape == (2, 2)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)


def test_bad_labels_and_inputs_are_reported() -> None:
    rows, labels = synthetic_customers(50)
    with pytest.raises(DataValidationError) as caught:
        ChurnRiskModel().fit(rows, [*labels[:-1], 2])
    assert caught.value.location.row == 49
    with pytest.raises(DataValidationError):
        ChurnRiskModel().fit(rows, [0] * 50)
    with pytest.raises(DataValidationError):
        ChurnRiskModel(calibration="platt").fit(rows, labels)  # type: ignore[arg-type]
    model = ChurnRiskModel().fit(rows, labels)
    with pytest.raises(DataValidationError) as caught:
        model.predict_proba([{"usage_trend": "falling"}])
    assert caught.value.location.column == "usage_trend"


def test_calibration_bins_by_hand() -> None:
    """Predictions 0.05, 0.15, 0.15, 0.95 with outcomes 0, 1, 0, 1: bin 0 has 1 customer
    (0 churned), bin 1 has 2 (mean 0.15, half churned), bin 9 has 1 (churned)."""
    bins = calibration_bins([0, 1, 0, 1], [0.05, 0.15, 0.15, 0.95])
    assert [b.count for b in bins] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert bins[1].mean_predicted == pytest.approx(0.15)
    assert bins[1].observed_rate == pytest.approx(0.5)
    assert bins[2].mean_predicted is None


def test_telco_reader_reports_line_and_column(tmp_path: Path) -> None:
    header = "customerID,tenure,Contract,TotalCharges,MonthlyCharges,Churn\n"
    good = tmp_path / "good.csv"
    good.write_text(header + "A,0,Month-to-month, ,20.5,Yes\nB,5,One year,,30,No\n")
    data = load_telco_churn(good)
    assert data.churned == [1, 0]
    assert data.customer_ids == ["A", "B"]
    assert data.rows[0]["TotalCharges"] == 0.0
    assert data.rows[1]["TotalCharges"] is None
    assert "customerID" not in data.rows[0]
    assert "Churn" not in data.rows[0]
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "A,1,Month-to-month,5,20.5,Yes\nB,five,One year,5,30,No\n")
    with pytest.raises(ImportFileError) as caught:
        load_telco_churn(bad)
    assert (caught.value.location.line, caught.value.location.column) == (3, "tenure")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,label\n1,0\n")
    with pytest.raises(ImportFileError, match="missing column"):
        load_telco_churn(wrong)


def test_on_real_telco_data_beats_tenure_and_contract_alone() -> None:
    """3-fold CV on a fixed 2,500-customer sample of IBM Telco (the full 5-fold run is in
    benchmarks/churn_telco.py): the full model must rank churners well and beat the baseline."""
    data = load_telco_churn(telco_csv())
    assert len(data.rows) == 7043
    assert sum(data.churned) == 1869
    picked = sorted(random.Random(0).sample(range(len(data.rows)), 2500))
    rows = [data.rows[i] for i in picked]
    labels = [data.churned[i] for i in picked]
    full = cross_validate_churn(rows, labels, n_splits=3)
    baseline = cross_validate_churn(
        rows, labels, n_splits=3,
        make_model=lambda: ChurnRiskModel(columns=("tenure", "Contract"), calibration="none"),
    )
    assert full.roc_auc > 0.82
    assert full.roc_auc > baseline.roc_auc + 0.02
    assert full.brier < baseline.brier
    assert full.expected_calibration_error < 0.05
