"""Build a business case with the buyer: baseline, improvement, costs → ROI, payback, NPV, IRR.

Pure maths, no Django. Typical use::

    case = BusinessCase(baseline=[...], improvements=[...], costs=[...], horizon_months=36)
    result = evaluate_business_case(case)          # low / expected / high
    result.expected.npv, result.expected.payback_months
    tornado(case).bars, improvement_cost_grid(case).npv
"""

from helpfirst.core.business_case.cashflows import (
    MonthlyFlow,
    PeriodCashFlow,
    annual_benefit,
    cumulative_benefit_at,
    monthly_flows,
    period_cash_flows,
)
from helpfirst.core.business_case.inputs import (
    SCENARIOS,
    BusinessCase,
    CostItem,
    CostLine,
    Improvement,
    validate_business_case,
)
from helpfirst.core.business_case.metrics import (
    BusinessCaseResult,
    ScenarioResult,
    evaluate_business_case,
    evaluate_scenario,
    internal_rate_of_return,
    net_present_value,
    payback_months,
    return_on_investment,
)
from helpfirst.core.business_case.sensitivity import (
    SensitivityGrid,
    Tornado,
    TornadoBar,
    improvement_cost_grid,
    tornado,
)

__all__ = [
    "SCENARIOS",
    "BusinessCase",
    "BusinessCaseResult",
    "CostItem",
    "CostLine",
    "Improvement",
    "MonthlyFlow",
    "PeriodCashFlow",
    "ScenarioResult",
    "SensitivityGrid",
    "Tornado",
    "TornadoBar",
    "annual_benefit",
    "cumulative_benefit_at",
    "evaluate_business_case",
    "evaluate_scenario",
    "improvement_cost_grid",
    "internal_rate_of_return",
    "monthly_flows",
    "net_present_value",
    "payback_months",
    "period_cash_flows",
    "return_on_investment",
    "tornado",
    "validate_business_case",
]
