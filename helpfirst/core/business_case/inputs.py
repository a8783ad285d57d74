"""Describe a business case in the buyer's own numbers, and check that it is usable.

A business case is built *with* the buyer: what the problem costs them today (``baseline``),
how much better it gets (``improvements``, as low / expected / high), what it costs to get there
(``costs``), over which ``horizon_months``, and at which ``discount_rate`` their finance team uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any, Literal

from helpfirst.core.errors import DataValidationError

ImprovementKind = Literal["percent_reduction", "absolute_gain"]
PeriodName = Literal["month", "quarter", "year"]
ScenarioName = Literal["low", "expected", "high"]

SCENARIOS: tuple[ScenarioName, ...] = ("low", "expected", "high")
PERIOD_MONTHS: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}
IMPROVEMENT_KINDS: tuple[str, ...] = ("percent_reduction", "absolute_gain")


@dataclass(frozen=True)
class CostLine:
    """One line of what the problem costs the buyer today, per year, in their currency."""

    name: str
    annual_cost: float
    note: str = ""


@dataclass(frozen=True)
class Improvement:
    """How much better one line gets, as a low / expected / high range.

    ``percent_reduction``: percent (0-100) of the named baseline line's annual cost that goes
    away. ``absolute_gain``: money per year gained on the named line (a saving or new revenue);
    the line need not be in the baseline.
    """

    line: str
    kind: ImprovementKind
    low: float
    expected: float
    high: float

    def value(self, scenario: ScenarioName) -> float:
        """Return the improvement figure for one scenario."""
        return float(getattr(self, scenario))


@dataclass(frozen=True)
class CostItem:
    """One thing the buyer pays to get the improvement.

    ``one_off`` is paid at ``start_month`` (month 0 means up front, before the first period);
    ``recurring_per_year`` is paid pro rata every month after ``start_month``.
    """

    name: str
    one_off: float = 0.0
    recurring_per_year: float = 0.0
    start_month: int = 0


@dataclass(frozen=True)
class BusinessCase:
    """Everything needed to compute ROI, payback, NPV and IRR for the three scenarios.

    ``ramp_up_months``: the improvement grows linearly to full effect, reaching ``m / ramp`` of
    it in month ``m`` (full from month ``ramp`` on); 0 means full effect from month 1.
    ``discount_rate`` is annual (0.08 = 8 %); ``period`` is how cash flows are reported.
    """

    baseline: tuple[CostLine, ...]
    improvements: tuple[Improvement, ...]
    costs: tuple[CostItem, ...]
    horizon_months: int = 36
    discount_rate: float = 0.08
    period: PeriodName = "year"
    ramp_up_months: int = 0
    currency: str = "EUR"
    title: str = ""
    strategies: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        # Accept lists from callers (services, JSON) but store tuples so the case stays hashable.
        for name in ("baseline", "improvements", "costs", "strategies"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        validate_business_case(self)

    @property
    def period_months(self) -> int:
        """Return the number of months in one reporting period."""
        return PERIOD_MONTHS[self.period]

    @property
    def horizon_years(self) -> float:
        """Return the horizon in years (may be fractional)."""
        return self.horizon_months / 12

    def baseline_line(self, name: str) -> CostLine | None:
        """Return the baseline line called ``name``, if there is one."""
        return next((line for line in self.baseline if line.name == name), None)

    def as_dict(self) -> dict[str, Any]:
        """Return the inputs as JSON-ready data (``from_dict`` reads it back)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BusinessCase:
        """Build a case from JSON-like data, naming the field that is missing or unknown."""
        if not isinstance(data, Mapping):
            raise _fail("must be an object with baseline, improvements and costs", "business_case")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise _fail(f"unknown field(s) {', '.join(unknown)}", unknown[0])
        values = dict(data)
        for name, item_type in (
            ("baseline", CostLine),
            ("improvements", Improvement),
            ("costs", CostItem),
        ):
            values[name] = tuple(
                _build(item_type, item, f"{name}[{index}]")
                for index, item in enumerate(values.get(name, ()))
            )
        if "strategies" in values:
            values["strategies"] = tuple(values["strategies"])
        return cls(**values)


def _build(item_type: type[Any], item: object, where: str) -> Any:
    if not isinstance(item, Mapping):
        raise _fail(f"must be an object with the fields of {item_type.__name__}", where)
    allowed = {f.name for f in fields(item_type)}
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise _fail(f"unknown field(s) {', '.join(unknown)}", f"{where}.{unknown[0]}")
    required = [f.name for f in fields(item_type) if f.default is MISSING]
    for name in required:
        if name not in item:
            raise _fail("is required", f"{where}.{name}")
    return item_type(**item)


def _fail(message: str, field_name: str) -> DataValidationError:
    return DataValidationError(message, field=field_name)


def _check_number(value: object, field_name: str, *, minimum: float | None = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"must be a number, got {value!r}", field_name)
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise _fail("must be a finite number", field_name)
    if minimum is not None and number < minimum:
        raise _fail(f"must be at least {minimum:g}, got {number:g}", field_name)
    return number


def _check_name(value: object, field_name: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _fail("needs a name (a non-empty text)", field_name)


def _validate_baseline(case: BusinessCase) -> None:
    seen: set[str] = set()
    for index, line in enumerate(case.baseline):
        where = f"baseline[{index}]"
        if not isinstance(line, CostLine):
            raise _fail("must be a CostLine", where)
        _check_name(line.name, f"{where}.name")
        if line.name in seen:
            raise _fail(f"cost line {line.name!r} appears twice; merge or rename it", where)
        seen.add(line.name)
        _check_number(line.annual_cost, f"{where}.annual_cost")


def _validate_improvements(case: BusinessCase) -> None:
    if not case.improvements:
        raise _fail("add at least one expected improvement", "improvements")
    for index, item in enumerate(case.improvements):
        where = f"improvements[{index}]"
        if not isinstance(item, Improvement):
            raise _fail("must be an Improvement", where)
        _check_name(item.line, f"{where}.line")
        if item.kind not in IMPROVEMENT_KINDS:
            raise _fail(f"kind must be one of {', '.join(IMPROVEMENT_KINDS)}", f"{where}.kind")
        values = [_check_number(item.value(s), f"{where}.{s}") for s in SCENARIOS]
        if item.kind == "percent_reduction":
            if case.baseline_line(item.line) is None:
                raise _fail(
                    f"no baseline cost line called {item.line!r}; add it to the baseline "
                    "or use kind 'absolute_gain'",
                    f"{where}.line",
                )
            for scenario, value in zip(SCENARIOS, values, strict=True):
                if value > 100:
                    raise _fail(
                        f"a reduction cannot exceed 100 %, got {value:g}", f"{where}.{scenario}"
                    )
        if not values[0] <= values[1] <= values[2]:
            raise _fail(
                f"needs low <= expected <= high, got {values[0]:g} / {values[1]:g} / {values[2]:g}",
                where,
            )


def _validate_costs(case: BusinessCase) -> None:
    for index, item in enumerate(case.costs):
        where = f"costs[{index}]"
        if not isinstance(item, CostItem):
            raise _fail("must be a CostItem", where)
        _check_name(item.name, f"{where}.name")
        _check_number(item.one_off, f"{where}.one_off")
        _check_number(item.recurring_per_year, f"{where}.recurring_per_year")
        if isinstance(item.start_month, bool) or not isinstance(item.start_month, int):
            raise _fail("must be a whole number of months", f"{where}.start_month")
        if not 0 <= item.start_month < case.horizon_months:
            raise _fail(
                f"must be between 0 and {case.horizon_months - 1} (inside the horizon)",
                f"{where}.start_month",
            )


def validate_business_case(case: BusinessCase) -> None:
    """Raise ``DataValidationError`` naming the first field that makes the case unusable."""
    if case.period not in PERIOD_MONTHS:
        raise _fail("must be one of month, quarter, year", "period")
    if isinstance(case.horizon_months, bool) or not isinstance(case.horizon_months, int):
        raise _fail("must be a whole number of months", "horizon_months")
    if case.horizon_months <= 0:
        raise _fail("must be at least one month", "horizon_months")
    if case.horizon_months > 600:
        raise _fail("must be at most 600 months (50 years)", "horizon_months")
    if case.horizon_months % case.period_months:
        raise _fail(
            f"must be a multiple of {case.period_months} months when reporting per {case.period}",
            "horizon_months",
        )
    rate = _check_number(case.discount_rate, "discount_rate")
    if rate >= 1:
        raise _fail("is an annual fraction (0.08 = 8 %); it must be below 1", "discount_rate")
    if isinstance(case.ramp_up_months, bool) or not isinstance(case.ramp_up_months, int):
        raise _fail("must be a whole number of months", "ramp_up_months")
    if case.ramp_up_months < 0:
        raise _fail("cannot be negative", "ramp_up_months")
    _validate_baseline(case)
    _validate_improvements(case)
    _validate_costs(case)
