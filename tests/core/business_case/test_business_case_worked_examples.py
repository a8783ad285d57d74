"""Business-case figures checked against examples worked out by hand (arithmetic in docstrings)."""

from __future__ import annotations

import json

import pytest

from helpfirst.core.business_case import (
    BusinessCase,
    CostItem,
    CostLine,
    Improvement,
    cumulative_benefit_at,
    evaluate_business_case,
    evaluate_scenario,
    improvement_cost_grid,
    internal_rate_of_return,
    net_present_value,
    tornado,
)


def reconciliation_case(**overrides: object) -> BusinessCase:
    values: dict[str, object] = {
        "baseline": [CostLine("Manual reconciliation", 120_000)],
        "improvements": [Improvement("Manual reconciliation", "percent_reduction", 25, 50, 75)],
        "costs": [CostItem("Licence", one_off=30_000, recurring_per_year=12_000)],
        "horizon_months": 36,
        "discount_rate": 0.10,
        "period": "year",
    }
    values.update(overrides)
    return BusinessCase(**values)  # type: ignore[arg-type]


def test_yearly_case_expected_scenario() -> None:
    """Expected: 50 % of 120,000 = 60,000 a year saved; licence 12,000 a year; 30,000 up front.

    Net per year = 60,000 - 12,000 = 48,000 (4,000 a month).
    Cash flows: year 0 = -30,000; years 1-3 = +48,000.
    Total benefit = 3 x 60,000 = 180,000; total cost = 30,000 + 3 x 12,000 = 66,000.
    ROI = (180,000 - 66,000) / 66,000 = 114,000 / 66,000 = 1.727272...
    Payback = 30,000 / 4,000 = 7.5 months.
    NPV at 10 % = -30,000 + 48,000/1.1 + 48,000/1.21 + 48,000/1.331
                = -30,000 + 43,636.36 + 39,669.42 + 36,063.11 = 89,368.90.
    """
    result = evaluate_business_case(reconciliation_case()).expected
    assert [flow.net for flow in result.cash_flows] == pytest.approx([-30_000, 48_000, 48_000,
                                                                      48_000])
    assert result.total_benefit == pytest.approx(180_000)
    assert result.total_cost == pytest.approx(66_000)
    assert result.roi == pytest.approx(114_000 / 66_000)
    assert result.payback_months == pytest.approx(7.5)
    assert result.npv == pytest.approx(89_368.90, abs=0.01)
    assert result.cash_flows[-1].cumulative == pytest.approx(114_000)
    assert result.npv == pytest.approx(net_present_value([-30_000, 48_000, 48_000, 48_000],
                                                         0.10, 12))


def test_yearly_case_low_and_high_scenarios() -> None:
    """Low: 25 % of 120,000 = 30,000 a year; net 18,000 a year = 1,500 a month.

    Low payback = 30,000 / 1,500 = 20 months; ROI = (90,000 - 66,000) / 66,000 = 0.3636...
    High: 75 % -> 90,000 a year; net 78,000 a year = 6,500 a month; payback = 30,000 / 6,500
    = 4.615 months; ROI = (270,000 - 66,000) / 66,000 = 3.0909...
    """
    result = evaluate_business_case(reconciliation_case())
    low, high = result.scenarios["low"], result.scenarios["high"]
    assert low.payback_months == pytest.approx(20.0)
    assert low.roi == pytest.approx(24_000 / 66_000)
    assert high.payback_months == pytest.approx(30_000 / 6_500)
    assert high.roi == pytest.approx(204_000 / 66_000)


def test_one_year_case_irr_npv_and_payback() -> None:
    """Pay 100 now, get 110 over one year (100 % of a 110-a-year cost removed).

    Yearly flows -100, +110: IRR = 110/100 - 1 = 10 %; NPV at 10 % = -100 + 110/1.1 = 0.
    ROI = (110 - 100) / 100 = 0.10. Monthly benefit 110/12 = 9.1667; payback = 100 / 9.1667
    = 10.909 months.
    """
    case = BusinessCase(
        baseline=[CostLine("Rework", 110)],
        improvements=[Improvement("Rework", "percent_reduction", 100, 100, 100)],
        costs=[CostItem("Set-up", one_off=100)],
        horizon_months=12,
        discount_rate=0.10,
    )
    result = evaluate_scenario(case, "expected")
    assert result.irr == pytest.approx(0.10, abs=1e-7)
    assert result.npv == pytest.approx(0.0, abs=1e-9)
    assert result.roi == pytest.approx(0.10)
    assert result.payback_months == pytest.approx(100 / (110 / 12))


def test_two_year_irr() -> None:
    """Flows -100, 0, +121 per year: 121 / 1.1^2 = 100, so IRR = 10 %."""
    assert internal_rate_of_return([-100, 0, 121], 12) == pytest.approx(0.10, abs=1e-7)


def test_irr_is_none_without_a_single_sign_change() -> None:
    """All-positive flows have no IRR; -100, +230, -132 changes sign twice (roots 10 % and 20 %)."""
    assert internal_rate_of_return([10, 10, 10], 12) is None
    assert internal_rate_of_return([-100, 230, -132], 12) is None


def quarterly_case() -> BusinessCase:
    return BusinessCase(
        baseline=[CostLine("Support hours", 48_000)],
        improvements=[
            Improvement("Support hours", "percent_reduction", 25, 50, 60),
            Improvement("Upsell revenue", "absolute_gain", 6_000, 12_000, 18_000),
        ],
        costs=[
            CostItem("Implementation", one_off=9_000),
            CostItem("Licence", recurring_per_year=12_000),
            CostItem("Upgrade", one_off=6_000, start_month=6),
        ],
        horizon_months=12,
        discount_rate=0.0,
        period="quarter",
        ramp_up_months=3,
    )


def test_quarterly_case_with_ramp_up_and_a_later_cost() -> None:
    """Full effect: 50 % of 48,000 = 24,000 + 12,000 upsell = 36,000 a year = 3,000 a month.

    Ramp-up over 3 months: benefit month 1 = 1,000, month 2 = 2,000, months 3-12 = 3,000.
    Licence 1,000 a month from month 1; implementation 9,000 at month 0; upgrade 6,000 in month 6.
    Monthly nets: m0 -9,000; m1 0; m2 1,000; m3-m12 2,000 except m6 = 2,000 - 6,000 = -4,000.
    Cumulative: -9,000, -9,000, -8,000, -6,000, -4,000, -2,000, -6,000 (m6), -4,000, -2,000,
    0 (m9), 2,000, 4,000, 6,000. Last month below zero is m8, m9 brings it to 0 -> payback 9.0.
    Quarters: Q0 -9,000; Q1 0+1,000+2,000 = 3,000; Q2 2,000+2,000-4,000 = 0; Q3 6,000; Q4 6,000.
    Discount rate 0 -> NPV = 6,000. Benefit = 1,000+2,000+10 x 3,000 = 33,000;
    cost = 9,000 + 12,000 + 6,000 = 27,000; ROI = 6,000 / 27,000 = 0.2222.
    """
    result = evaluate_scenario(quarterly_case(), "expected")
    assert [flow.net for flow in result.cash_flows] == pytest.approx([-9_000, 3_000, 0, 6_000,
                                                                      6_000])
    assert [(f.first_month, f.last_month) for f in result.cash_flows] == [
        (0, 0), (1, 3), (4, 6), (7, 9), (10, 12)
    ]
    assert result.npv == pytest.approx(6_000)
    assert result.total_benefit == pytest.approx(33_000)
    assert result.total_cost == pytest.approx(27_000)
    assert result.roi == pytest.approx(6_000 / 27_000)
    assert result.payback_months == pytest.approx(9.0)


def test_payback_ignores_an_early_crossing_that_a_later_cost_undoes() -> None:
    """Benefit 12,000 a year = 1,000 a month, 2,500 up front, 3,000 more in month 4.

    Cumulative: m0 -2,500, m1 -1,500, m2 -500, m3 +500 (first crossing at 2.5),
    m4 +1,500 - 3,000 = -1,500, m5 -500, m6 +500. The buyer is only paid back for good from
    month 5 + 500/1,000 = 5.5.
    """
    case = BusinessCase(
        baseline=[],
        improvements=[Improvement("Time saved", "absolute_gain", 12_000, 12_000, 12_000)],
        costs=[CostItem("Pilot", one_off=2_500), CostItem("Roll-out", one_off=3_000,
                                                          start_month=4)],
        horizon_months=6,
        period="month",
    )
    assert evaluate_scenario(case).payback_months == pytest.approx(5.5)


def test_payback_none_when_never_repaid_and_roi_none_when_free() -> None:
    """Saving 1,000 a year against 10,000 up front over 2 years never pays back.

    With no cost at all there is no ROI, and the buyer is paid back from month 0.
    """
    never = BusinessCase(
        baseline=[CostLine("Paper", 1_000)],
        improvements=[Improvement("Paper", "percent_reduction", 100, 100, 100)],
        costs=[CostItem("Scanner", one_off=10_000)],
        horizon_months=24,
    )
    assert evaluate_scenario(never).payback_months is None
    free = BusinessCase(
        baseline=[CostLine("Paper", 1_000)],
        improvements=[Improvement("Paper", "percent_reduction", 10, 10, 10)],
        costs=[],
        horizon_months=12,
    )
    result = evaluate_scenario(free)
    assert result.roi is None
    assert result.payback_months == 0.0


def test_cumulative_benefit_at_checkpoint_months() -> None:
    """Quarterly case (expected): months 1-3 bring 1,000 + 2,000 + 3,000 = 6,000;
    month 4.5 adds 3,000 + half of 3,000 = 10,500.
    """
    case = quarterly_case()
    assert cumulative_benefit_at(case, "expected", 3) == pytest.approx(6_000)
    assert cumulative_benefit_at(case, "expected", 4.5) == pytest.approx(10_500)
    assert cumulative_benefit_at(case, "expected", 0) == 0.0


def test_tornado_on_the_yearly_case() -> None:
    """±20 % on the one-off (30,000) moves NPV by 2 x 6,000 = 12,000 (paid now, undiscounted).

    ±20 % on the saving: benefit 60,000 ± 12,000 a year, discounted sum of 1/1.1^t for t=1..3
    is 2.486852, so the swing is 24,000 x 2.486852 = 59,684.45, the widest bar.
    """
    chart = tornado(reconciliation_case(), change=0.2)
    by_field = {bar.field: bar for bar in chart.bars}
    assert by_field["costs[0].one_off"].swing == pytest.approx(12_000)
    assert by_field["improvements[0]"].swing == pytest.approx(59_684.45, abs=0.01)
    assert chart.bars[0].swing == pytest.approx(59_684.45, abs=0.01)
    assert chart.base_npv == pytest.approx(89_368.90, abs=0.01)


def test_grid_of_improvement_and_cost() -> None:
    """Halving the saving and doubling the costs: benefit 90,000, costs 132,000.

    ROI = (90,000 - 132,000) / 132,000 = -0.318; NPV = -60,000 + (30,000 - 24,000) x 2.486852
    = -45,078.89.
    """
    grid = improvement_cost_grid(reconciliation_case(), improvement_factors=[0.5, 1.0],
                                 cost_factors=[1.0, 2.0])
    assert grid.roi[0][1] == pytest.approx(-42_000 / 132_000)
    assert grid.npv[0][1] == pytest.approx(-45_078.89, abs=0.01)
    assert grid.npv[1][0] == pytest.approx(89_368.90, abs=0.01)
    json.dumps(grid.as_dict())


def test_as_dict_is_json_ready() -> None:
    data = evaluate_business_case(quarterly_case()).as_dict()
    text = json.dumps(data)
    assert '"payback_months": 9.0' in text
    assert data["inputs"]["period"] == "quarter"
    assert set(data["scenarios"]) == {"low", "expected", "high"}
    json.dumps(tornado(quarterly_case()).as_dict())
