"""Measure the value a customer has realised against what the business case promised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from helpfirst.core.business_case import BusinessCase, cumulative_benefit_at
from helpfirst.core.errors import DataValidationError

ValueState = Literal["ahead", "on_track", "behind", "too_early"]


@dataclass(frozen=True)
class ValueCheckpoint:
    """What the customer has gained so far, measured ``month`` months after the start."""

    month: float
    realised_benefit: float
    label: str = ""


@dataclass(frozen=True)
class ValueRealisation:
    """Realised versus promised benefit at one checkpoint.

    ``state``: ``ahead`` at or above the high scenario (and above the expected one),
    ``on_track`` at or above the low one, ``behind`` below it,
    ``too_early`` when nothing was promised yet (e.g. during ramp-up).
    """

    month: float
    label: str
    realised: float
    promised_low: float
    promised_expected: float
    promised_high: float
    share_of_expected: float | None
    state: ValueState

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True)
class ValueRealisedReport:
    """Every checkpoint, in month order; ``latest`` is the most recent one."""

    checkpoints: tuple[ValueRealisation, ...]

    @property
    def latest(self) -> ValueRealisation | None:
        """Return the most recent checkpoint, if any."""
        return self.checkpoints[-1] if self.checkpoints else None

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        latest = self.latest
        return {
            "checkpoints": [item.as_dict() for item in self.checkpoints],
            "latest_share_of_expected": latest.share_of_expected if latest else None,
            "latest_state": latest.state if latest else None,
        }


def value_realised(
    business_case: BusinessCase, checkpoints: Sequence[ValueCheckpoint]
) -> ValueRealisedReport:
    """Compare each checkpoint's realised benefit with the cumulative benefit promised by then.

    The promise is the business case's cumulative benefit (ramp-up included) up to the checkpoint
    month; past the case's horizon it stays at the horizon's total.
    """
    rows = []
    for index, point in enumerate(checkpoints):
        where = f"checkpoints[{index}]"
        if not isinstance(point, ValueCheckpoint):
            raise DataValidationError("must be a ValueCheckpoint", field=where)
        for name in ("month", "realised_benefit"):
            value = getattr(point, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise DataValidationError(
                    f"must be a number, got {value!r}", field=f"{where}.{name}"
                )
        if point.month < 0:
            raise DataValidationError(
                "cannot be before the start (month 0)", field=f"{where}.month"
            )
        low, expected, high = (
            cumulative_benefit_at(business_case, s, point.month)
            for s in ("low", "expected", "high")
        )
        realised = float(point.realised_benefit)
        if expected <= 0 and high <= 0:
            state: ValueState = "too_early"
        elif realised >= high and realised > expected:
            state = "ahead"
        elif realised >= low:
            state = "on_track"
        else:
            state = "behind"
        rows.append(
            ValueRealisation(
                month=float(point.month),
                label=point.label,
                realised=realised,
                promised_low=low,
                promised_expected=expected,
                promised_high=high,
                share_of_expected=realised / expected if expected > 0 else None,
                state=state,
            )
        )
    rows.sort(key=lambda row: row.month)
    return ValueRealisedReport(tuple(rows))
