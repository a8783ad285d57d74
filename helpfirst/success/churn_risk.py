"""Estimate a customer's churn risk from health signals, learned from the team's own customers.

When the team has at least ``MIN_PER_CLASS`` churned and ``MIN_PER_CLASS`` retained customers,
a ``ChurnRiskModel`` is fitted on them (usage trend, support tickets in the last 30 days,
milestones on time), each churned customer measured two weeks before they left. Otherwise the
health band stands in, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from helpfirst.core.vocabulary import CUSTOMER_STAGES
from helpfirst.journeys.models import Journey
from helpfirst.success.models import Milestone as MilestoneRow
from helpfirst.success.signals import UsageSignals, usage_signals

if TYPE_CHECKING:
    from helpfirst.core.success import ChurnRiskModel, HealthScore

MIN_PER_CLASS = 5
MAX_TRAINING_CUSTOMERS = 400
CHURN_LOOKBACK = timedelta(days=14)
BAND_RISK = {"at_risk": "high", "watch": "medium", "healthy": "low", "unknown": "unknown"}


@dataclass(frozen=True)
class ChurnRisk:
    """A churn risk: a level, a probability when learned, how it was found, and why."""

    level: str  # low, medium, high, unknown
    probability: float | None
    method: str
    drivers: tuple[str, ...] = ()


def _level(probability: float) -> str:
    return "high" if probability >= 0.5 else "medium" if probability >= 0.25 else "low"


def _features(signals: UsageSignals | None, on_time: float | None) -> dict[str, float | None]:
    return {
        "usage_trend": signals.usage_trend if signals else None,
        "recent_tickets": float(signals.recent_tickets) if signals else None,
        "milestones_on_time": on_time,
    }


def _on_time_shares(journey_ids: list[int], as_of: dict[int, datetime]) -> dict[int, float | None]:
    from helpfirst.core.success import Milestone, SuccessPlan  # loads scikit-learn lazily

    rows = MilestoneRow.objects.filter(plan__journey_id__in=journey_ids).values_list(
        "plan__journey_id", "name", "owner_name", "due", "done_on"
    )
    grouped: dict[int, list[Milestone]] = {}
    for journey_id, name, owner, due, done_on in rows:
        grouped.setdefault(journey_id, []).append(Milestone(name, owner or "—", due, done_on))
    return {
        i: SuccessPlan("customer", tuple(grouped[i])).on_time_share(as_of[i].date())
        if i in grouped else None
        for i in journey_ids
    }


def learn_churn_model(team_id: int, now: datetime) -> tuple[ChurnRiskModel | None, int, int]:
    """Fit the churn model on the team's customers; ``None`` when too few of either kind."""
    from helpfirst.core.success import ChurnRiskModel  # loads scikit-learn lazily

    customers = list(
        Journey.objects.filter(team_id=team_id, buying_stage__in=sorted(CUSTOMER_STAGES))
        .order_by("-stage_changed_at").values_list("pk", flat=True)[:MAX_TRAINING_CUSTOMERS]
    )
    churned = list(
        Journey.objects.filter(team_id=team_id, buying_stage="churned")
        .order_by("-stage_changed_at").values_list("pk", "stage_changed_at")
        [:MAX_TRAINING_CUSTOMERS]
    )
    if len(customers) < MIN_PER_CLASS or len(churned) < MIN_PER_CLASS:
        return None, len(churned), len(customers)
    as_of = dict.fromkeys(customers, now)
    as_of.update({pk: moment - CHURN_LOOKBACK for pk, moment in churned})
    ids = list(as_of)
    signals = usage_signals(ids, as_of)
    on_time = _on_time_shares(ids, as_of)
    rows = [_features(signals.get(i), on_time.get(i)) for i in ids]
    labels = [0] * len(customers) + [1] * len(churned)
    calibration = "sigmoid" if min(len(customers), len(churned)) >= 15 else "none"
    model = ChurnRiskModel(calibration=calibration, log_numbers=False, random_state=0)
    return model.fit(rows, labels), len(churned), len(customers)


def churn_risk(
    journey: Journey, signals: UsageSignals | None, on_time: float | None, health: HealthScore,
    now: datetime,
) -> ChurnRisk:
    """Return the churn risk of one customer journey, learned when possible."""
    model, churned, retained = learn_churn_model(journey.team_id, now)
    if model is None:
        level = BAND_RISK.get(health.band, "unknown")
        return ChurnRisk(
            level=level, probability=None,
            method=(f"rule of thumb from the health band: the team has {churned} churned and "
                    f"{retained} current customers, and the learned model needs "
                    f"{MIN_PER_CLASS} of each"),
        )
    row = [_features(signals, on_time)]
    probability = float(model.predict_proba(row)[0, 1])
    drivers = tuple(
        f"{item.signal.replace('_', ' ')} {'raises' if item.contribution > 0 else 'lowers'} it"
        for item in model.explain(row, top_k=2)[0] if abs(item.contribution) > 0.05
    )
    return ChurnRisk(
        level=_level(probability), probability=probability,
        method=(f"learned from {churned} churned and {retained} current customers of your team "
                "(usage trend, support tickets in the last 30 days, milestones on time)"),
        drivers=drivers,
    )
