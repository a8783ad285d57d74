"""Call-analysis metrics of won versus lost journeys, side by side (for the lessons page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from helpfirst.core import vocabulary
from helpfirst.team.models import User

WON_STAGES = tuple(sorted(vocabulary.CUSTOMER_STAGES))
LOST_STAGES = ("chose_alternative", "no_decision", "churned")

METRICS = (
    ("talk_ratio", "Our talk ratio", "percent"),
    ("seller_question_count", "Questions we asked", "number"),
    ("open_question_share", "Open-question share", "percent"),
    ("longest_monologue_s", "Longest monologue", "seconds"),
    ("pressure_tactic_count", "Pressure tactics", "number"),
    ("helping_score", "Helping score", "number"),
)


@dataclass(frozen=True)
class MetricRow:
    """One metric's average on won and on lost journeys' calls."""

    label: str
    unit: str
    won: float | None
    lost: float | None


@dataclass(frozen=True)
class CallMetricsByOutcome:
    """Averages of analysed calls per outcome, with how many calls stand behind each side."""

    won_calls: int
    lost_calls: int
    rows: list[MetricRow]

    @property
    def analysed_calls(self) -> int:
        return self.won_calls + self.lost_calls


def call_metrics_by_outcome(user: User) -> CallMetricsByOutcome:
    """Average the analysed calls ``user`` may read, on won versus lost journeys."""
    from helpfirst.calls.queries import visible_calls

    calls = visible_calls(user).filter(helping_score__isnull=False)
    won = Q(journey__buying_stage__in=WON_STAGES)
    lost = Q(journey__buying_stage__in=LOST_STAGES)
    aggregates = {"won_calls": Count("id", filter=won), "lost_calls": Count("id", filter=lost)}
    for field, _label, _unit in METRICS:
        aggregates[f"won_{field}"] = Avg(field, filter=won)
        aggregates[f"lost_{field}"] = Avg(field, filter=lost)
    values = calls.aggregate(**aggregates)
    rows = [
        MetricRow(label, unit, values[f"won_{field}"], values[f"lost_{field}"])
        for field, label, unit in METRICS
    ]
    return CallMetricsByOutcome(values["won_calls"] or 0, values["lost_calls"] or 0, rows)
