"""REST endpoints for a journey's debriefs: read them, and add one."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from helpfirst.debriefs import queries, services
from helpfirst.debriefs.models import DebriefKind, Outcome
from helpfirst.site.api_types import ObjectId, PathId
from helpfirst.team import permissions

router = Router(tags=["debriefs"])


class DebriefIn(Schema):
    kind: DebriefKind = DebriefKind.OUTCOME
    outcome: Outcome | None = None
    what_happened: str = Field("", max_length=4000)
    how: str = Field("", max_length=4000)
    why: str = Field("", max_length=4000)
    buyer_valued: str = Field("", max_length=4000)
    do_differently: str = Field("", max_length=4000)
    reason_codes: list[str] = Field(default_factory=list, max_length=12)
    interaction_id: ObjectId | None = None
    problem_id: ObjectId | None = None


class DebriefOut(Schema):
    id: int
    journey_id: int
    author_id: int | None
    kind: str
    outcome: str
    interaction_id: int | None
    problem_id: int | None
    what_happened: str
    how: str
    why: str
    buyer_valued: str
    do_differently: str
    reason_codes: list[str]
    created_at: datetime


@router.get("/journeys/{journey_id}/debriefs", response=list[DebriefOut])
def list_debriefs(request, journey_id: PathId):
    """List a journey's debriefs, newest first (only on journeys you may see)."""
    journey = get_object_or_404(permissions.visible_journeys(request.auth), pk=journey_id)
    return queries.journey_debriefs(request.auth, journey)


@router.post("/journeys/{journey_id}/debriefs", response={201: DebriefOut})
def create_debrief(request, journey_id: PathId, payload: DebriefIn):
    """Add a structured debrief after a call or an outcome (owner or manager)."""
    user = request.auth
    journey = get_object_or_404(permissions.visible_journeys(user), pk=journey_id)
    if not permissions.can_edit_journey(user, journey):
        raise PermissionDenied("Only the journey's owner or a manager writes its debriefs.")
    interaction = None
    if payload.interaction_id is not None:
        interaction = get_object_or_404(
            permissions.visible_interactions(user), pk=payload.interaction_id, journey=journey
        )
    problem = None
    if payload.problem_id is not None:
        problem = get_object_or_404(journey.team.problems.all(), pk=payload.problem_id)
    debrief = services.record_debrief(
        journey, author=user, kind=payload.kind, outcome=payload.outcome or "",
        what_happened=payload.what_happened, how=payload.how, why=payload.why,
        buyer_valued=payload.buyer_valued, do_differently=payload.do_differently,
        reason_codes=payload.reason_codes, interaction=interaction, problem=problem,
    )
    return 201, debrief
