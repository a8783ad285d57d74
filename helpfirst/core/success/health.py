"""Score a customer's health from adoption signals, and say which signal drags it down.

Each signal becomes a 0-1 component (1 = healthy); the score is their weighted mean x 100.
Signals that are unknown (``None``) are left out and the remaining weights are renormalised, so a
new customer with only a usage trend still gets a score, and the explanation says what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from helpfirst.core.errors import DataValidationError

HealthBand = Literal["healthy", "watch", "at_risk", "unknown"]

DEFAULT_WEIGHTS: dict[str, float] = {
    "usage": 0.35,
    "support": 0.2,
    "sentiment": 0.25,
    "milestones": 0.2,
}
HEALTHY_FROM = 70.0
WATCH_FROM = 45.0
# A usage change of +-50 % per comparison window already saturates the usage component.
USAGE_SATURATION = 0.5
# Three open tickets halve the support component.
TICKETS_HALF_LIFE = 3.0


@dataclass(frozen=True)
class AdoptionSignals:
    """What we know about how a customer is adopting what they bought.

    ``usage_trend``: relative change in product usage (-0.3 = down 30 %), see ``usage_trend()``.
    ``open_support_tickets``: tickets open now. ``sentiment``: -1 (angry) to 1 (delighted), from
    calls and surveys. ``milestones_on_time``: share (0-1) of due milestones done on time.
    """

    usage_trend: float | None = None
    open_support_tickets: int | None = None
    sentiment: float | None = None
    milestones_on_time: float | None = None

    def as_features(self) -> dict[str, float | None]:
        """Return the signals as a feature row for ``ChurnRiskModel``."""
        return {
            "usage_trend": self.usage_trend,
            "open_support_tickets": (
                float(self.open_support_tickets) if self.open_support_tickets is not None else None
            ),
            "sentiment": self.sentiment,
            "milestones_on_time": self.milestones_on_time,
        }


@dataclass(frozen=True)
class HealthComponent:
    """One signal's part of the score: its 0-1 value, its weight and its points."""

    name: str
    value: float
    weight: float
    points: float


@dataclass(frozen=True)
class HealthScore:
    """A 0-100 score with its band, components (weakest first) and the signals it lacked."""

    score: float | None
    band: HealthBand
    components: tuple[HealthComponent, ...]
    missing: tuple[str, ...]

    @property
    def weakest(self) -> HealthComponent | None:
        """Return the component that costs the most points, if any."""
        return self.components[0] if self.components else None

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "score": self.score,
            "band": self.band,
            "components": [asdict(item) for item in self.components],
            "missing": list(self.missing),
        }


def usage_trend(usage: Sequence[float]) -> float:
    """Return the relative change between the first and second half of a usage series.

    E.g. weekly active users ``[10, 10, 6, 6]`` -> (6 - 10) / 10 = -0.4. Clipped to [-1, 1];
    0 for fewer than two points; 1 when usage starts from zero and grows.
    """
    values = [float(value) for value in usage]
    for index, value in enumerate(values):
        if value != value or value < 0:
            raise DataValidationError(
                f"usage must be a non-negative number, got {value!r}", field=f"usage[{index}]"
            )
    if len(values) < 2:
        return 0.0
    half = len(values) // 2
    before = sum(values[:half]) / half
    after = sum(values[-half:]) / half
    if before == 0:
        return 1.0 if after > 0 else 0.0
    return max(-1.0, min(1.0, (after - before) / before))


def _check_range(value: float, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise DataValidationError(f"must be a number, got {value!r}", field=name)
    if not low <= value <= high:
        raise DataValidationError(
            f"must be between {low:g} and {high:g}, got {value:g}", field=name
        )
    return float(value)


def _components(signals: AdoptionSignals) -> dict[str, float | None]:
    out: dict[str, float | None] = dict.fromkeys(DEFAULT_WEIGHTS)
    if signals.usage_trend is not None:
        trend = _check_range(signals.usage_trend, "usage_trend", -10.0, 10.0)
        out["usage"] = (max(-1.0, min(1.0, trend / USAGE_SATURATION)) + 1) / 2
    if signals.open_support_tickets is not None:
        tickets = signals.open_support_tickets
        if isinstance(tickets, bool) or not isinstance(tickets, int) or tickets < 0:
            raise DataValidationError(
                f"must be a whole number >= 0, got {tickets!r}", field="open_support_tickets"
            )
        out["support"] = 1 / (1 + tickets / TICKETS_HALF_LIFE)
    if signals.sentiment is not None:
        out["sentiment"] = (_check_range(signals.sentiment, "sentiment", -1, 1) + 1) / 2
    if signals.milestones_on_time is not None:
        out["milestones"] = _check_range(signals.milestones_on_time, "milestones_on_time", 0, 1)
    return out


def health_score(
    signals: AdoptionSignals, *, weights: Mapping[str, float] | None = None
) -> HealthScore:
    """Return the customer's health score (0-100), band and the component that hurts most."""
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise DataValidationError(
            f"unknown signal(s) {sorted(unknown)}; use {sorted(DEFAULT_WEIGHTS)}", field="weights"
        )
    for name, weight in weights.items():
        _check_range(weight, f"weights.{name}", 0, 1e9)
    values = _components(signals)
    known = {
        name: value
        for name, value in values.items()
        if value is not None and weights.get(name, 0) > 0
    }
    missing = tuple(name for name, value in values.items() if value is None)
    total_weight = sum(weights[name] for name in known)
    if not known or total_weight <= 0:
        return HealthScore(score=None, band="unknown", components=(), missing=missing)
    components = [
        HealthComponent(
            name, value, weights[name] / total_weight, 100 * value * weights[name] / total_weight
        )
        for name, value in known.items()
    ]
    # Weakest first: the most points lost against a perfect component.
    components.sort(key=lambda c: (-(c.weight * 100 - c.points), c.name))
    score = sum(c.points for c in components)
    band: HealthBand = (
        "healthy" if score >= HEALTHY_FROM else "watch" if score >= WATCH_FROM else "at_risk"
    )
    return HealthScore(score=score, band=band, components=tuple(components), missing=missing)
