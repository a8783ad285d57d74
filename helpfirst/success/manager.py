"""The manager's evidence: win rate, time to decision, realised value and churn by fit verdict.

Each decided journey is grouped by the fit verdict held when the buyer decided (see
``FitAtDecision``); journeys without one are "not assessed". Won = reached implementing (a
journey that later churned was still won). Win rate = won / (won + chose an alternative + no
decision); "not a fit" is left out, since walking away together is not losing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from django.db.models import Min, OuterRef, Q, Subquery

from helpfirst.core.business_case import cumulative_benefit_at
from helpfirst.core.errors import DataValidationError
from helpfirst.core.vocabulary import CUSTOMER_STAGES
from helpfirst.journeys.models import StageChange
from helpfirst.success.models import BusinessCase, FitAtDecision, SuccessPlan
from helpfirst.team import permissions

NOT_ASSESSED = "not assessed"
LOST_STAGES = ("chose_alternative", "no_decision")
DECIDED_STAGES = (*sorted(CUSTOMER_STAGES), "churned", "not_a_fit", *LOST_STAGES)


@dataclass
class VerdictGroup:
    """Outcomes of the journeys decided under one fit verdict."""

    verdict: str
    won: int = 0
    lost: int = 0
    not_a_fit: int = 0
    churned: int = 0
    days_to_decision: list[float] = field(default_factory=list)
    realised: float = 0.0
    promised: float = 0.0
    measured_customers: int = 0

    @property
    def decided(self) -> int:
        return self.won + self.lost + self.not_a_fit

    @property
    def win_rate(self) -> float | None:
        return self.won / (self.won + self.lost) if self.won + self.lost else None

    @property
    def median_days(self) -> float | None:
        return median(self.days_to_decision) if self.days_to_decision else None

    @property
    def churn_rate(self) -> float | None:
        return self.churned / self.won if self.won else None

    @property
    def value_share(self) -> float | None:
        return self.realised / self.promised if self.promised > 0 else None


def _realised_vs_promised(journey_ids: list[int]) -> dict[int, tuple[float, float]]:
    """Return (latest realised, promised expected by then) per won journey that measured value."""
    cases = {c.journey_id: c for c in BusinessCase.objects.filter(journey_id__in=journey_ids)}
    plans = SuccessPlan.objects.filter(journey_id__in=list(cases)).prefetch_related("checkpoints")
    out = {}
    for plan in plans:
        points = list(plan.checkpoints.all())
        if not points:
            continue
        latest = points[-1]
        try:
            inputs = cases[plan.journey_id].as_inputs()
        except (DataValidationError, TypeError):
            continue
        promised = cumulative_benefit_at(inputs, "expected",
                                         plan.months_since_start(latest.measured_on))
        out[plan.journey_id] = (float(latest.realised_benefit), promised)
    return out


def outcomes_by_fit_verdict(user) -> list[VerdictGroup]:
    """Return one group per fit verdict (assessed ones first, "not assessed" last)."""
    won_at = (
        StageChange.objects.filter(journey_id=OuterRef("pk"), to_stage__in=sorted(CUSTOMER_STAGES))
        .values("journey_id").annotate(first=Min("changed_at")).values("first")
    )
    journeys = (
        permissions.visible_journeys(user)
        .filter(Q(buying_stage__in=DECIDED_STAGES))
        .annotate(won_at=Subquery(won_at))
        .values_list("pk", "buying_stage", "created_at", "stage_changed_at", "won_at")
    )
    rows = list(journeys)
    verdicts = dict(
        FitAtDecision.objects.filter(journey_id__in=[r[0] for r in rows])
        .values_list("journey_id", "fit_verdict")
    )
    won_ids = [pk for pk, stage, _, _, won in rows if won or stage in CUSTOMER_STAGES]
    value = _realised_vs_promised(won_ids)
    groups: dict[str, VerdictGroup] = {}
    for pk, stage, created, changed, won_at_moment in rows:
        verdict = verdicts.get(pk) or NOT_ASSESSED
        group = groups.setdefault(verdict, VerdictGroup(verdict))
        was_won = won_at_moment is not None or stage in CUSTOMER_STAGES
        decided_at = won_at_moment or changed
        if was_won:
            group.won += 1
            group.churned += stage == "churned"
            if pk in value:
                realised, promised = value[pk]
                group.realised += realised
                group.promised += promised
                group.measured_customers += 1
        elif stage == "not_a_fit":
            group.not_a_fit += 1
        else:
            group.lost += 1
        group.days_to_decision.append(max(0.0, (decided_at - created).total_seconds() / 86400))
    return sorted(groups.values(), key=lambda g: (g.verdict == NOT_ASSESSED, g.verdict))

