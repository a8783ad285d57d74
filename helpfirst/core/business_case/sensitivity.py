"""Show the buyer which assumptions the case rests on: a tornado and an improvement x cost grid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from helpfirst.core.business_case.inputs import BusinessCase, Improvement, ScenarioName
from helpfirst.core.business_case.metrics import evaluate_scenario
from helpfirst.core.errors import DataValidationError

DEFAULT_FACTORS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5)


@dataclass(frozen=True)
class TornadoBar:
    """How far the NPV moves when one input goes down and up by the swing."""

    input_name: str
    field: str
    npv_when_lower: float
    npv_when_higher: float

    @property
    def swing(self) -> float:
        """Return the width of the bar: |NPV(higher) - NPV(lower)|."""
        return abs(self.npv_when_higher - self.npv_when_lower)

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {**asdict(self), "swing": self.swing}


@dataclass(frozen=True)
class Tornado:
    """Every input's NPV swing, widest first, around the base NPV."""

    scenario: ScenarioName
    change: float
    base_npv: float
    bars: tuple[TornadoBar, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "scenario": self.scenario,
            "change": self.change,
            "base_npv": self.base_npv,
            "bars": [bar.as_dict() for bar in self.bars],
        }


@dataclass(frozen=True)
class SensitivityGrid:
    """NPV and ROI when all improvements and all costs are scaled by the given factors.

    ``npv[i][j]`` and ``roi[i][j]`` belong to ``improvement_factors[i]`` and ``cost_factors[j]``.
    """

    scenario: ScenarioName
    improvement_factors: tuple[float, ...]
    cost_factors: tuple[float, ...]
    npv: tuple[tuple[float, ...], ...]
    roi: tuple[tuple[float | None, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "scenario": self.scenario,
            "improvement_factors": list(self.improvement_factors),
            "cost_factors": list(self.cost_factors),
            "npv": [list(row) for row in self.npv],
            "roi": [list(row) for row in self.roi],
        }


def _scaled_improvement(item: Improvement, factor: float) -> Improvement:
    cap = 100.0 if item.kind == "percent_reduction" else float("inf")
    return replace(
        item,
        low=min(item.low * factor, cap),
        expected=min(item.expected * factor, cap),
        high=min(item.high * factor, cap),
    )


def _variations(case: BusinessCase) -> list[tuple[str, str, Callable[[float], BusinessCase]]]:
    """List (input name, field, build-case-with-input-times-factor) for every numeric input."""
    out: list[tuple[str, str, Callable[[float], BusinessCase]]] = []

    def swap(attr: str, index: int, new: object, items: tuple[Any, ...]) -> BusinessCase:
        changed = list(items)
        changed[index] = new
        return replace(case, **{attr: tuple(changed)})

    for i, line in enumerate(case.baseline):
        out.append(
            (
                f"Current cost: {line.name}",
                f"baseline[{i}].annual_cost",
                lambda f, i=i, line=line: swap(
                    "baseline", i, replace(line, annual_cost=line.annual_cost * f), case.baseline
                ),
            )
        )
    for i, item in enumerate(case.improvements):
        out.append(
            (
                f"Improvement: {item.line}",
                f"improvements[{i}]",
                lambda f, i=i, item=item: swap(
                    "improvements", i, _scaled_improvement(item, f), case.improvements
                ),
            )
        )
    for i, cost in enumerate(case.costs):
        for attr, label in (("one_off", "one-off"), ("recurring_per_year", "recurring")):
            if getattr(cost, attr) > 0:
                out.append(
                    (
                        f"Cost ({label}): {cost.name}",
                        f"costs[{i}].{attr}",
                        lambda f, i=i, cost=cost, attr=attr: swap(
                            "costs", i, replace(cost, **{attr: getattr(cost, attr) * f}), case.costs
                        ),
                    )
                )
    out.append(
        (
            "Discount rate",
            "discount_rate",
            lambda f: replace(case, discount_rate=min(case.discount_rate * f, 0.999)),
        )
    )
    return out


def tornado(
    case: BusinessCase, *, change: float = 0.2, scenario: ScenarioName = "expected"
) -> Tornado:
    """Return each input's NPV swing when it moves by ``-change`` and ``+change`` (0.2 = 20 %)."""
    if not 0 < change < 1:
        raise DataValidationError("must be a fraction between 0 and 1 (0.2 = 20 %)", field="change")
    bars = []
    for name, field_name, build in _variations(case):
        lower = evaluate_scenario(build(1 - change), scenario, with_irr=False).npv
        higher = evaluate_scenario(build(1 + change), scenario, with_irr=False).npv
        bars.append(TornadoBar(name, field_name, lower, higher))
    bars.sort(key=lambda bar: (-bar.swing, bar.field))
    base = evaluate_scenario(case, scenario, with_irr=False).npv
    return Tornado(scenario=scenario, change=change, base_npv=base, bars=tuple(bars))


def _check_factors(factors: Sequence[float], field_name: str) -> tuple[float, ...]:
    if not factors:
        raise DataValidationError("needs at least one factor", field=field_name)
    out = []
    for value in factors:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise DataValidationError(
                f"factors must be non-negative numbers, got {value!r}", field=field_name
            )
        out.append(float(value))
    return tuple(out)


def improvement_cost_grid(
    case: BusinessCase,
    *,
    improvement_factors: Sequence[float] = DEFAULT_FACTORS,
    cost_factors: Sequence[float] = DEFAULT_FACTORS,
    scenario: ScenarioName = "expected",
) -> SensitivityGrid:
    """Return NPV and ROI for every (improvement factor, cost factor) pair."""
    rows = _check_factors(improvement_factors, "improvement_factors")
    cols = _check_factors(cost_factors, "cost_factors")
    npv_rows, roi_rows = [], []
    for benefit_scale in rows:
        results = [
            evaluate_scenario(
                case, scenario, benefit_scale=benefit_scale, cost_scale=cost_scale, with_irr=False
            )
            for cost_scale in cols
        ]
        npv_rows.append(tuple(result.npv for result in results))
        roi_rows.append(tuple(result.roi for result in results))
    return SensitivityGrid(scenario, rows, cols, tuple(npv_rows), tuple(roi_rows))
