"""Reads of mutual action plans: the plan with its slipped steps, for us and for the buyer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from helpfirst.core.next_action import PlanStep as CorePlanStep
from helpfirst.plans.models import ActionPlan, BuyerLink, OwnerSide, PlanStep


@dataclass
class PlanStepRow:
    """One step as the pages show it: owner, date, status, and whether it slipped."""

    step: PlanStep
    days_late: int
    warnings: list[str] = field(default_factory=list)

    @property
    def slipped(self) -> bool:
        return self.days_late > 0


@dataclass
class PlanView:
    """A whole plan as the pages and the API read it."""

    plan: ActionPlan
    rows: list[PlanStepRow]
    today: date

    @property
    def slipped(self) -> list[PlanStepRow]:
        return [r for r in self.rows if r.slipped]

    @property
    def open_rows(self) -> list[PlanStepRow]:
        return [r for r in self.rows if r.step.is_open]

    @property
    def done_count(self) -> int:
        return sum(1 for r in self.rows if not r.step.is_open)


def plan_of(journey) -> ActionPlan | None:
    """Return the journey's plan, or None when it has none yet."""
    return ActionPlan.objects.filter(journey=journey).select_related("journey").first()


def plan_steps(plan: ActionPlan) -> list[PlanStep]:
    """Return the plan's steps in order with their owners (one query)."""
    return list(plan.steps.select_related("owner_user", "owner_contact", "updated_by"))


def plan_view(plan: ActionPlan, today: date | None = None) -> PlanView:
    """Return the plan with each step's lateness and ownership warnings."""
    today = today or timezone.localdate()
    rows = []
    for step in plan_steps(plan):
        warnings = []
        if step.is_open and step.owner_side == OwnerSide.UNASSIGNED:
            warnings.append("No owner: agree who on either side will do this.")
        if step.is_open and step.due_on is None:
            warnings.append("No date yet.")
        late = step.days_late(today)
        if late:
            warnings.append(f"Slipped: due {step.due_on:%d %b}, {late} days ago.")
        rows.append(PlanStepRow(step, late, warnings))
    return PlanView(plan, rows, today)


def core_plan_steps(plan: ActionPlan | None) -> tuple[CorePlanStep, ...]:
    """Turn the plan's steps into the next-action rules' ``PlanStep`` dataclasses."""
    if plan is None:
        return ()
    return tuple(
        CorePlanStep(
            title=s.title,
            owner_side="seller" if s.owner_side == OwnerSide.SELLER else "buyer",
            owner_name=s.owner_name or None,
            due_on=s.due_on,
            status=s.status,
        )
        for s in plan_steps(plan)
    )


def live_links(plan: ActionPlan) -> list[BuyerLink]:
    """Return the plan's links, newest first (revoked and expired ones included)."""
    return list(plan.buyer_links.select_related("created_by"))
