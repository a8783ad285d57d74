"""Turn a business case into cash flows: month by month, then per reporting period.

Conventions (stated once, used everywhere):

* Month 0 is "now": one-off costs with ``start_month == 0`` fall there, undiscounted.
* Months 1..horizon each carry one twelfth of the annual benefit (scaled by the ramp-up) and one
  twelfth of each recurring cost that has started (``month > start_month``); a one-off cost with
  ``start_month = m > 0`` falls in month ``m``.
* Period ``t`` (1-based) covers months ``(t-1)*p+1 .. t*p`` and is treated as paid at its end;
  period 0 holds month 0.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from helpfirst.core.business_case.inputs import BusinessCase, ScenarioName


@dataclass(frozen=True)
class MonthlyFlow:
    """Benefit and cost in one month (month 0 = up front)."""

    month: int
    benefit: float
    cost: float

    @property
    def net(self) -> float:
        """Return benefit minus cost."""
        return self.benefit - self.cost


@dataclass(frozen=True)
class PeriodCashFlow:
    """One reporting period's cash flow, with running and discounted figures."""

    period: int
    first_month: int
    last_month: int
    benefit: float
    cost: float
    net: float
    cumulative: float
    discount_factor: float
    discounted: float
    cumulative_discounted: float

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return asdict(self)


def annual_benefit(case: BusinessCase, scenario: ScenarioName, *, scale: float = 1.0) -> float:
    """Return the full-effect benefit per year for one scenario (before ramp-up)."""
    total = 0.0
    for item in case.improvements:
        value = item.value(scenario) * scale
        if item.kind == "percent_reduction":
            line = case.baseline_line(item.line)
            assert line is not None  # guaranteed by validation
            total += line.annual_cost * min(value, 100.0) / 100.0
        else:
            total += value
    return total


def ramp_factor(case: BusinessCase, month: int) -> float:
    """Return the share (0-1) of the full improvement reached in ``month`` (1-based)."""
    if month <= 0:
        return 0.0
    if case.ramp_up_months <= 0:
        return 1.0
    return min(1.0, month / case.ramp_up_months)


def monthly_flows(
    case: BusinessCase,
    scenario: ScenarioName,
    *,
    benefit_scale: float = 1.0,
    cost_scale: float = 1.0,
) -> list[MonthlyFlow]:
    """Return months 0..horizon with benefit and cost for one scenario.

    ``benefit_scale`` and ``cost_scale`` multiply the improvements and all costs; the
    sensitivity view uses them.
    """
    per_month_benefit = annual_benefit(case, scenario, scale=benefit_scale) / 12.0
    flows = []
    for month in range(case.horizon_months + 1):
        cost = 0.0
        for item in case.costs:
            if month == item.start_month:
                cost += item.one_off
            if month > item.start_month:
                cost += item.recurring_per_year / 12.0
        flows.append(
            MonthlyFlow(
                month=month,
                benefit=per_month_benefit * ramp_factor(case, month),
                cost=cost * cost_scale,
            )
        )
    return flows


def period_discount_factor(annual_rate: float, months: float) -> float:
    """Return ``1 / (1 + annual_rate) ** (months / 12)``: today's value of money at ``months``."""
    return float((1.0 + annual_rate) ** (-months / 12.0))


def period_cash_flows(
    case: BusinessCase,
    scenario: ScenarioName,
    *,
    benefit_scale: float = 1.0,
    cost_scale: float = 1.0,
    discount_rate: float | None = None,
) -> list[PeriodCashFlow]:
    """Return period 0 (up front) and periods 1..N, each discounted at its end."""
    rate = case.discount_rate if discount_rate is None else discount_rate
    months = monthly_flows(case, scenario, benefit_scale=benefit_scale, cost_scale=cost_scale)
    size = case.period_months
    groups = [[months[0]]] + [
        months[start : start + size] for start in range(1, case.horizon_months + 1, size)
    ]
    out: list[PeriodCashFlow] = []
    cumulative = cumulative_discounted = 0.0
    for period, group in enumerate(groups):
        benefit = sum(m.benefit for m in group)
        cost = sum(m.cost for m in group)
        net = benefit - cost
        factor = period_discount_factor(rate, period * size)
        cumulative += net
        cumulative_discounted += net * factor
        out.append(
            PeriodCashFlow(
                period=period,
                first_month=group[0].month,
                last_month=group[-1].month,
                benefit=benefit,
                cost=cost,
                net=net,
                cumulative=cumulative,
                discount_factor=factor,
                discounted=net * factor,
                cumulative_discounted=cumulative_discounted,
            )
        )
    return out


def cumulative_benefit_at(case: BusinessCase, scenario: ScenarioName, month: float) -> float:
    """Return the benefit promised from month 1 up to ``month`` (fractions pro rata)."""
    if month <= 0:
        return 0.0
    flows = monthly_flows(case, scenario)
    whole = min(int(month), case.horizon_months)
    total = sum(flow.benefit for flow in flows[1 : whole + 1])
    if whole < case.horizon_months and month > whole:
        total += flows[whole + 1].benefit * (month - whole)
    return total
