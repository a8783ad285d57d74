"""Compute ROI, payback, NPV and IRR for each scenario of a business case.

Definitions (what the buyer's finance team will check):

* ROI = (total benefit - total cost) / total cost over the horizon, undiscounted; ``None`` when
  nothing is paid.
* Payback = the month (fractional) from which the cumulative undiscounted cash flow stays at or
  above zero until the end of the horizon, interpolated linearly inside the month where it turns;
  ``None`` when it is still negative at the horizon.
* NPV = sum of period cash flows, each discounted at the end of its period with the annual rate.
* IRR = the annual rate that makes NPV zero, when the cash flows change sign exactly once
  (otherwise ``None``), found by bisection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from helpfirst.core.business_case.cashflows import (
    MonthlyFlow,
    PeriodCashFlow,
    monthly_flows,
    period_cash_flows,
    period_discount_factor,
)
from helpfirst.core.business_case.inputs import SCENARIOS, BusinessCase, ScenarioName

IRR_LOWEST = -0.99
IRR_HIGHEST = 100.0


def net_present_value(nets: Sequence[float], annual_rate: float, period_months: int) -> float:
    """Return the NPV of per-period nets (index 0 = now) at an annual discount rate."""
    return sum(
        net * period_discount_factor(annual_rate, index * period_months)
        for index, net in enumerate(nets)
    )


def return_on_investment(total_benefit: float, total_cost: float) -> float | None:
    """Return (benefit - cost) / cost, or ``None`` when nothing is paid."""
    if total_cost <= 0:
        return None
    return (total_benefit - total_cost) / total_cost


def payback_months(flows: Sequence[MonthlyFlow]) -> float | None:
    """Return the fractional month after which the cumulative cash flow stays non-negative."""
    cumulative = []
    running = 0.0
    for flow in flows:
        running += flow.net
        cumulative.append(running)
    if not cumulative or cumulative[-1] < 0:
        return None
    # Walk back to the last month that ended below zero; payback happens in the month after it.
    last_negative = max((i for i, value in enumerate(cumulative) if value < 0), default=None)
    if last_negative is None:
        return 0.0
    month_after = last_negative + 1
    before = cumulative[last_negative]
    step = flows[month_after].net
    # step > 0 here since cumulative goes from < 0 to >= 0.
    fraction = -before / step
    return flows[month_after].month - 1 + fraction


def _sign_changes(nets: Sequence[float]) -> int:
    signs = [1 if value > 0 else -1 for value in nets if value != 0]
    return sum(1 for a, b in pairwise(signs) if a != b)


def internal_rate_of_return(
    nets: Sequence[float], period_months: int, *, tolerance: float = 1e-9
) -> float | None:
    """Return the annual rate at which the NPV is zero, or ``None`` if not well defined."""
    if _sign_changes(nets) != 1:
        return None
    low, high = IRR_LOWEST, IRR_HIGHEST
    npv_low = net_present_value(nets, low, period_months)
    npv_high = net_present_value(nets, high, period_months)
    if npv_low == 0:
        return low
    if npv_low * npv_high > 0:
        return None
    for _ in range(200):
        middle = (low + high) / 2
        npv_middle = net_present_value(nets, middle, period_months)
        if abs(high - low) < tolerance:
            break
        if (npv_middle > 0) == (npv_low > 0):
            low, npv_low = middle, npv_middle
        else:
            high = middle
    return (low + high) / 2


@dataclass(frozen=True)
class ScenarioResult:
    """The figures for one scenario (low, expected or high)."""

    scenario: ScenarioName
    cash_flows: tuple[PeriodCashFlow, ...]
    total_benefit: float
    total_cost: float
    net_benefit: float
    roi: float | None
    payback_months: float | None
    npv: float
    irr: float | None

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "scenario": self.scenario,
            "cash_flows": [flow.as_dict() for flow in self.cash_flows],
            "total_benefit": self.total_benefit,
            "total_cost": self.total_cost,
            "net_benefit": self.net_benefit,
            "roi": self.roi,
            "payback_months": self.payback_months,
            "npv": self.npv,
            "irr": self.irr,
        }


@dataclass(frozen=True)
class BusinessCaseResult:
    """The three scenarios of a business case, computed."""

    case: BusinessCase
    scenarios: dict[str, ScenarioResult] = field(default_factory=dict)

    @property
    def expected(self) -> ScenarioResult:
        """Return the expected scenario."""
        return self.scenarios["expected"]

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data: the inputs and every scenario."""
        return {
            "inputs": self.case.as_dict(),
            "scenarios": {name: result.as_dict() for name, result in self.scenarios.items()},
        }


def evaluate_scenario(
    case: BusinessCase,
    scenario: ScenarioName = "expected",
    *,
    benefit_scale: float = 1.0,
    cost_scale: float = 1.0,
    discount_rate: float | None = None,
    with_irr: bool = True,
) -> ScenarioResult:
    """Compute cash flows, ROI, payback, NPV and IRR for one scenario."""
    rate = case.discount_rate if discount_rate is None else discount_rate
    months = monthly_flows(case, scenario, benefit_scale=benefit_scale, cost_scale=cost_scale)
    periods = period_cash_flows(
        case, scenario, benefit_scale=benefit_scale, cost_scale=cost_scale, discount_rate=rate
    )
    total_benefit = sum(flow.benefit for flow in months)
    total_cost = sum(flow.cost for flow in months)
    nets = [flow.net for flow in periods]
    return ScenarioResult(
        scenario=scenario,
        cash_flows=tuple(periods),
        total_benefit=total_benefit,
        total_cost=total_cost,
        net_benefit=total_benefit - total_cost,
        roi=return_on_investment(total_benefit, total_cost),
        payback_months=payback_months(months),
        npv=sum(flow.discounted for flow in periods),
        irr=internal_rate_of_return(nets, case.period_months) if with_irr else None,
    )


def evaluate_business_case(case: BusinessCase) -> BusinessCaseResult:
    """Compute the low, expected and high scenarios of ``case``."""
    return BusinessCaseResult(
        case=case, scenarios={name: evaluate_scenario(case, name) for name in SCENARIOS}
    )
