"""Invariants of the business-case maths (Hypothesis) and the validation messages."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.business_case import (
    BusinessCase,
    CostItem,
    CostLine,
    Improvement,
    evaluate_business_case,
    evaluate_scenario,
    monthly_flows,
    net_present_value,
)
from helpfirst.core.errors import DataValidationError

money = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
percent = st.floats(min_value=0, max_value=100, allow_nan=False)
PERIODS = {"month": 1, "quarter": 3, "year": 12}


@st.composite
def business_cases(draw: st.DrawFn) -> BusinessCase:
    period = draw(st.sampled_from(sorted(PERIODS)))
    horizon = PERIODS[period] * draw(st.integers(min_value=1, max_value=60 // PERIODS[period]))
    names = draw(st.lists(st.sampled_from(["Rework", "Churn", "Overtime"]), min_size=1,
                          max_size=3, unique=True))
    baseline = [CostLine(name, draw(money)) for name in names]
    improvements = []
    for name in names:
        low, expected, high = sorted(draw(st.tuples(percent, percent, percent)))
        improvements.append(Improvement(name, "percent_reduction", low, expected, high))
    if draw(st.booleans()):
        low, expected, high = sorted(draw(st.tuples(money, money, money)))
        improvements.append(Improvement("New revenue", "absolute_gain", low, expected, high))
    costs = [
        CostItem(f"Cost {i}", draw(money), draw(money), draw(st.integers(0, horizon - 1)))
        for i in range(draw(st.integers(0, 3)))
    ]
    return BusinessCase(
        baseline=baseline,
        improvements=improvements,
        costs=costs,
        horizon_months=horizon,
        discount_rate=draw(st.floats(min_value=0, max_value=0.5)),
        period=period,
        ramp_up_months=draw(st.integers(0, 18)),
    )


def close_or_below(a: float, b: float) -> bool:
    """Return a <= b allowing for float rounding on sums of up to a few million."""
    return a <= b + 1e-6 * max(1.0, abs(a), abs(b))


@settings(max_examples=60, deadline=None)
@given(case=business_cases(), extra=st.floats(min_value=1, max_value=1e5), month=st.integers(0, 59),
       scale=st.floats(min_value=1, max_value=3))
def test_higher_costs_never_raise_roi_or_npv(case: BusinessCase, extra: float, month: int,
                                             scale: float) -> None:
    more = replace(case, costs=(*case.costs, CostItem("Extra", extra, extra,
                                                      month % case.horizon_months)))
    for scenario in ("low", "expected", "high"):
        before = evaluate_scenario(case, scenario)
        after = evaluate_scenario(more, scenario)
        scaled = evaluate_scenario(case, scenario, cost_scale=scale)
        for other in (after, scaled):
            assert close_or_below(other.npv, before.npv)
            if before.roi is not None and other.roi is not None:
                assert close_or_below(other.roi, before.roi)


@settings(max_examples=60, deadline=None)
@given(case=business_cases(), scale=st.floats(min_value=1, max_value=3))
def test_higher_improvement_never_lowers_npv(case: BusinessCase, scale: float) -> None:
    better = replace(case, improvements=tuple(
        replace(item, **{
            s: min(item.value(s) * scale, 100.0 if item.kind == "percent_reduction" else math.inf)
            for s in ("low", "expected", "high")
        })
        for item in case.improvements
    ))
    for scenario in ("low", "expected", "high"):
        assert close_or_below(evaluate_scenario(case, scenario).npv,
                              evaluate_scenario(better, scenario).npv)
    result = evaluate_business_case(case).scenarios
    assert close_or_below(result["low"].npv, result["expected"].npv)
    assert close_or_below(result["expected"].npv, result["high"].npv)


@settings(max_examples=60, deadline=None)
@given(case=business_cases())
def test_zero_discount_rate_makes_npv_the_undiscounted_sum(case: BusinessCase) -> None:
    result = evaluate_scenario(replace(case, discount_rate=0.0))
    undiscounted = sum(flow.net for flow in result.cash_flows)
    assert result.npv == pytest.approx(undiscounted, rel=1e-9, abs=1e-6)
    assert result.npv == pytest.approx(result.net_benefit, rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(case=business_cases())
def test_payback_matches_the_cumulative_cash_flow(case: BusinessCase) -> None:
    result = evaluate_scenario(case)
    months = monthly_flows(case, "expected")
    cumulative = []
    running = 0.0
    for flow in months:
        running += flow.net
        cumulative.append(running)
    tolerance = 1e-6 * max(1.0, max(abs(c) for c in cumulative))
    if result.payback_months is None:
        assert cumulative[-1] < 0
        assert result.cash_flows[-1].cumulative < 0
        return
    paid_back_from = math.ceil(result.payback_months)
    assert 0 <= result.payback_months <= case.horizon_months
    # From the payback month on, the buyer never goes back below zero ...
    assert all(value >= -tolerance for value in cumulative[paid_back_from:])
    for flow in result.cash_flows:
        if flow.last_month >= paid_back_from:
            assert flow.cumulative >= -tolerance
    # ... and just before it, they were still below zero.
    if result.payback_months > 0:
        assert cumulative[paid_back_from - 1] < 0


@settings(max_examples=40, deadline=None)
@given(case=business_cases())
def test_npv_at_the_irr_is_zero(case: BusinessCase) -> None:
    result = evaluate_scenario(case)
    if result.irr is None:
        return
    nets = [flow.net for flow in result.cash_flows]
    scale = max(abs(n) for n in nets)
    assert abs(net_present_value(nets, result.irr, case.period_months)) <= 1e-5 * scale


def base_kwargs() -> dict[str, object]:
    return {
        "baseline": [CostLine("Rework", 1_000)],
        "improvements": [Improvement("Rework", "percent_reduction", 10, 20, 30)],
        "costs": [CostItem("Licence", one_off=100)],
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"horizon_months": 0}, "horizon_months"),
        ({"horizon_months": 18, "period": "year"}, "horizon_months"),
        ({"period": "week"}, "period"),
        ({"discount_rate": 8}, "discount_rate"),
        ({"discount_rate": -0.1}, "discount_rate"),
        ({"ramp_up_months": -1}, "ramp_up_months"),
        ({"baseline": [CostLine("Rework", -5)]}, "baseline[0].annual_cost"),
        ({"baseline": [CostLine("Rework", 1), CostLine("Rework", 2)]}, "baseline[1]"),
        ({"improvements": []}, "improvements"),
        ({"improvements": [Improvement("Other", "percent_reduction", 1, 2, 3)]},
         "improvements[0].line"),
        ({"improvements": [Improvement("Rework", "percent_reduction", 10, 20, 130)]},
         "improvements[0].high"),
        ({"improvements": [Improvement("Rework", "percent_reduction", 30, 20, 10)]},
         "improvements[0]"),
        ({"improvements": [Improvement("Rework", "bigger", 1, 2, 3)]},  # type: ignore[arg-type]
         "improvements[0].kind"),
        ({"costs": [CostItem("Licence", one_off=float("nan"))]}, "costs[0].one_off"),
        ({"costs": [CostItem("Licence", start_month=36)]}, "costs[0].start_month"),
        ({"costs": [CostItem("", one_off=1)]}, "costs[0].name"),
    ],
)
def test_invalid_inputs_name_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        BusinessCase(**{**base_kwargs(), **change})  # type: ignore[arg-type]
    assert caught.value.location.field == field
    assert caught.value.as_dict()["code"] == "data_validation"


@settings(max_examples=40, deadline=None)
@given(case=business_cases())
def test_as_dict_round_trips_through_json(case: BusinessCase) -> None:
    data = json.loads(json.dumps(case.as_dict()))
    assert BusinessCase.from_dict(data) == case


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"baseline": [{"name": "Rework"}]}, "baseline[0].annual_cost"),
        ({"costs": [{"name": "Licence", "monthly": 3}]}, "costs[0].monthly"),
        ({"improvements": ["20 %"]}, "improvements[0]"),
    ],
)
def test_from_dict_names_the_bad_field(change: dict[str, object], field: str) -> None:
    data = {
        "baseline": [{"name": "Rework", "annual_cost": 1000}],
        "improvements": [{"line": "Rework", "kind": "percent_reduction", "low": 1,
                          "expected": 2, "high": 3}],
        "costs": [],
        **change,
    }
    with pytest.raises(DataValidationError) as caught:
        BusinessCase.from_dict(data)
    assert caught.value.location.field == field
