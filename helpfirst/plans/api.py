"""REST endpoints for the mutual action plan: read it, start it, add and change steps."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from helpfirst.plans import queries, services
from helpfirst.plans.models import DealType, OwnerSide, PlanStep, StepStatus
from helpfirst.site.api_types import ObjectId, PathId
from helpfirst.team import permissions

router = Router(tags=["plans"])


class PlanStepOut(Schema):
    id: int
    title: str
    owner_side: str
    owner_user_id: int | None
    owner_contact_id: int | None
    owner_name: str
    due_on: date | None
    status: str
    internal_note: str
    version: int
    days_late: int
    slipped: bool
    warnings: list[str]
    updated_at: datetime


class PlanOut(Schema):
    journey_id: int
    deal_type: str
    goal: str
    slipped_count: int
    steps: list[PlanStepOut]


class PlanStartIn(Schema):
    deal_type: DealType = DealType.NEW_PURCHASE


class PlanStepIn(Schema):
    title: str | None = Field(None, max_length=200)
    owner_side: OwnerSide | None = None
    owner_user_id: ObjectId | None = None
    owner_contact_id: ObjectId | None = None
    due_on: date | None = None
    status: StepStatus | None = None
    internal_note: str | None = Field(None, max_length=2000)


class PlanStepUpdateIn(PlanStepIn):
    version: int = Field(..., ge=0, description="The step's version you read; stale → 409.")


class ConflictOut(Schema):
    code: str
    message: str
    field: str | None = None
    detail: dict = Field(default_factory=dict)


def _plan_out(plan) -> dict:
    view = queries.plan_view(plan)
    return {
        "journey_id": plan.journey_id,
        "deal_type": plan.deal_type,
        "goal": plan.goal,
        "slipped_count": len(view.slipped),
        "steps": [
            {
                **{
                    f: getattr(r.step, f)
                    for f in (
                        "id",
                        "title",
                        "owner_side",
                        "owner_user_id",
                        "owner_contact_id",
                        "owner_name",
                        "due_on",
                        "status",
                        "internal_note",
                        "version",
                        "updated_at",
                    )
                },
                "days_late": r.days_late,
                "slipped": r.slipped,
                "warnings": r.warnings,
            }
            for r in view.rows
        ],
    }


def _journey(request, journey_id: int, *, edit: bool = False):
    journey = get_object_or_404(
        permissions.visible_journeys(request.auth).select_related("account", "team"),
        pk=journey_id,
    )
    if edit and not permissions.can_edit_journey(request.auth, journey):
        raise PermissionDenied("Only the journey's owner or a manager can change its plan.")
    return journey


def _plan(journey):
    plan = queries.plan_of(journey)
    if plan is None:
        from django.http import Http404

        raise Http404("This journey has no plan yet.")
    return plan


def _values(journey, payload: PlanStepIn) -> dict:
    values = payload.dict(exclude_unset=True)
    values.pop("version", None)
    user_id = values.pop("owner_user_id", None)
    contact_id = values.pop("owner_contact_id", None)
    if user_id is not None:
        values["owner_user"] = get_object_or_404(journey.team.members.all(), pk=user_id)
        values.setdefault("owner_side", OwnerSide.SELLER)
    if contact_id is not None:
        values["owner_contact"] = get_object_or_404(journey.account.contacts.all(), pk=contact_id)
        values.setdefault("owner_side", OwnerSide.BUYER)
    return {k: (str(v) if k in ("owner_side", "status") else v) for k, v in values.items()}


@router.get("/journeys/{journey_id}/plan", response=PlanOut)
def get_plan(request, journey_id: PathId):
    """Read a journey's mutual action plan with slipped steps flagged (404 if none yet)."""
    return _plan_out(_plan(_journey(request, journey_id)))


@router.post("/journeys/{journey_id}/plan", response={201: PlanOut, 200: PlanOut})
def start_plan(request, journey_id: PathId, payload: PlanStartIn):
    """Start the plan from a deal-type template (200 with the existing plan if there is one)."""
    journey = _journey(request, journey_id, edit=True)
    existed = queries.plan_of(journey) is not None
    plan = services.start_plan(journey, deal_type=str(payload.deal_type), by=request.auth)
    return (200 if existed else 201), _plan_out(plan)


@router.post("/journeys/{journey_id}/plan/steps", response={201: PlanStepOut})
def add_step(request, journey_id: PathId, payload: PlanStepIn):
    """Add a step (owner_side defaults to unassigned, which the plan flags)."""
    journey = _journey(request, journey_id, edit=True)
    step = services.add_step(_plan(journey), by=request.auth, **_values(journey, payload))
    return 201, next(s for s in _plan_out(step.plan)["steps"] if s["id"] == step.pk)


@router.put(
    "/journeys/{journey_id}/plan/steps/{step_id}", response={200: PlanStepOut, 409: ConflictOut}
)
def update_step(request, journey_id: PathId, step_id: PathId, payload: PlanStepUpdateIn):
    """Change a step. Send the ``version`` you read: if it changed since, nothing is saved (409)."""
    journey = _journey(request, journey_id, edit=True)
    step = get_object_or_404(
        PlanStep.objects.select_related("plan__journey"), pk=step_id, plan__journey=journey
    )
    try:
        step = services.update_step(
            step, expected_version=payload.version, by=request.auth, **_values(journey, payload)
        )
    except services.PlanEditConflictError as error:
        return 409, error.as_dict()
    steps = _plan_out(step.plan)["steps"]
    return 200, next(s for s in steps if s["id"] == step.pk)
