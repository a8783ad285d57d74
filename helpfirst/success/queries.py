"""Reads behind the business case and success pages (callers pass journeys already scoped)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from helpfirst.core import business_case as finance
from helpfirst.core.errors import DataValidationError
from helpfirst.journeys.models import Journey
from helpfirst.playbook.models import Problem
from helpfirst.success.churn_risk import ChurnRisk, churn_risk
from helpfirst.success.models import BusinessCase, SuccessPlan
from helpfirst.success.problem_signs import ProblemSign, problem_signs
from helpfirst.success.signals import UsageSignals, usage_signals
from helpfirst.team import permissions

if TYPE_CHECKING:
    from helpfirst.core import success as core

EXPANSION_DAYS = 90
GRID_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)


@dataclass
class CaseView:
    """A stored business case with its figures, tornado and grid (or why they are missing)."""

    stored: BusinessCase | None
    inputs: finance.BusinessCase | None = None
    result: finance.BusinessCaseResult | None = None
    tornado: finance.Tornado | None = None
    grid: finance.SensitivityGrid | None = None
    error: str = ""


def business_case_view(journey: Journey) -> CaseView:
    """Return the journey's business case evaluated (low / expected / high), if it has one."""
    stored = BusinessCase.objects.filter(journey=journey).first()
    view = CaseView(stored=stored)
    if stored is None:
        return view
    try:
        view.inputs = stored.as_inputs()
    except (DataValidationError, TypeError) as error:
        view.error = str(error)
        return view
    view.result = finance.evaluate_business_case(view.inputs)
    view.tornado = finance.tornado(view.inputs)
    view.grid = finance.improvement_cost_grid(
        view.inputs, improvement_factors=GRID_FACTORS, cost_factors=GRID_FACTORS
    )
    return view


@dataclass
class SuccessOverview:
    """Everything the success page shows about one won customer."""

    plan: SuccessPlan
    milestones: list[tuple[object, core.MilestoneStatus]]
    on_time_share: float | None
    value: core.ValueRealisedReport | None
    value_note: str
    signals: UsageSignals | None
    health: core.HealthScore
    reference: core.ReferenceReadiness
    churn: ChurnRisk
    expansion: list[ProblemSign] = field(default_factory=list)
    expansion_sources: int = 0


def _core_plan(plan: SuccessPlan, rows) -> core.SuccessPlan:
    from helpfirst.core import success as core  # loads scikit-learn: only when needed

    return core.SuccessPlan(
        customer=plan.journey.account.name,
        milestones=tuple(core.Milestone(r.name, r.owner_name or "—", r.due, r.done_on)
                         for r in rows),
    )


def _value_report(plan: SuccessPlan, case: BusinessCase | None):
    from helpfirst.core import success as core  # loads scikit-learn: only when needed

    if case is None:
        return None, "No business case yet: build one with the buyer to measure value against."
    try:
        inputs = case.as_inputs()
    except (DataValidationError, TypeError) as error:
        return None, f"The business case cannot be read: {error}"
    checkpoints = [
        core.ValueCheckpoint(month=plan.months_since_start(row.measured_on),
                             realised_benefit=float(row.realised_benefit),
                             label=row.label or row.measured_on.strftime("%d %b %Y"))
        for row in plan.checkpoints.all()
    ]
    if not checkpoints:
        return None, "No value checkpoint yet: measure the benefit with the customer."
    return core.value_realised(inputs, checkpoints), ""


def _expansion(user, journey: Journey, now: datetime) -> tuple[list[ProblemSign], int]:
    """Return other playbook problems the account's recent words point to."""
    touches = (
        permissions.visible_interactions(user)
        .filter(account_id=journey.account_id,
                occurred_at__gte=now - timedelta(days=EXPANSION_DAYS))
        .values_list("subject", "properties")[:500]
    )
    texts = [journey.account.priorities, journey.account.strategies]
    for subject, properties in touches:
        texts.append(subject or "")
        for value in (properties or {}).values():
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, dict):
                texts += [v for v in value.values() if isinstance(v, str)]
    own = problem_signs(f"{journey.title}\n{journey.stated_needs}",
                        Problem.objects.filter(team_id=journey.team_id))
    own_ids = {sign.problem_id for sign in own[:1]}
    signs = problem_signs("\n".join(t for t in texts if t),
                          Problem.objects.filter(team_id=journey.team_id))
    return [s for s in signs if s.problem_id not in own_ids][:5], len(touches)


def success_overview(user, journey: Journey, plan: SuccessPlan,
                     now: datetime | None = None) -> SuccessOverview:
    """Return the plan's milestones, value vs promise, health, reference, churn and expansion."""
    from helpfirst.core import success as core  # loads scikit-learn: only when needed

    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = list(plan.milestones.all())
    core_plan = _core_plan(plan, rows)
    statuses = [
        (row, core.milestone_status(item, today, due_soon_days=core_plan.due_soon_days))
        for row, item in zip(rows, core_plan.milestones, strict=True)
    ]
    on_time = core_plan.on_time_share(today)
    value, value_note = _value_report(plan, BusinessCase.objects.filter(journey=journey).first())
    signals = usage_signals([journey.pk], {journey.pk: now}).get(journey.pk)
    health = core.health_score(core.AdoptionSignals(
        usage_trend=signals.usage_trend if signals else None,
        open_support_tickets=signals.open_tickets if signals else None,
        sentiment=plan.sentiment,
        milestones_on_time=on_time,
    ))
    reference = core.reference_readiness(value, plan.sentiment, plan.reference_consent)
    expansion, sources = _expansion(user, journey, now)
    return SuccessOverview(
        plan=plan, milestones=statuses, on_time_share=on_time, value=value,
        value_note=value_note, signals=signals, health=health, reference=reference,
        churn=churn_risk(journey, signals, on_time, health, now),
        expansion=expansion, expansion_sources=sources,
    )
