"""REST endpoints for journeys and their stage history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from helpfirst.core.vocabulary import BuyingStage
from helpfirst.journeys import services
from helpfirst.journeys.models import Journey
from helpfirst.site.api_types import MAX_ID, ObjectId, PathId
from helpfirst.site.pagination import BoundedLimitOffsetPagination
from helpfirst.team import permissions

router = Router(tags=["journeys"])


class JourneyIn(Schema):
    account_id: ObjectId
    title: str = Field(..., min_length=1, max_length=250)
    stated_needs: str = ""
    buying_stage: BuyingStage = BuyingStage.EXPLORING_PROBLEM
    expected_value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: str = Field("EUR", min_length=3, max_length=3)
    buyer_timeline: date | None = None
    owner_id: ObjectId | None = None


class JourneyPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=250)
    stated_needs: str | None = None
    expected_value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    buyer_timeline: date | None = None


class JourneyOut(Schema):
    id: int
    account_id: ObjectId
    title: str
    owner_id: int
    stated_needs: str
    buying_stage: str
    exit_reason: str
    referred_to: str
    recheck_on: date | None
    expected_value: Decimal | None
    currency: str
    buyer_timeline: date | None
    stage_changed_at: datetime
    created_at: datetime
    updated_at: datetime


class StageChangeIn(Schema):
    to_stage: BuyingStage
    reason: str = Field("", max_length=5000)
    referred_to: str = Field("", max_length=300)
    recheck_on: date | None = None


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    changed_by_id: int | None
    changed_at: datetime
    reason: str


def _editable_journey(request, journey_id: int) -> Journey:
    journey = get_object_or_404(permissions.visible_journeys(request.auth), pk=journey_id)
    if not permissions.can_edit_journey(request.auth, journey):
        raise PermissionDenied("You may not change this journey.")
    return journey


@router.get("/journeys", response=list[JourneyOut])
@paginate(BoundedLimitOffsetPagination)
def list_journeys(
    request, buying_stage: str = "", account_id: int | None = Query(None, ge=1, le=MAX_ID)
):
    """List the journeys you may see (a rep: their own)."""
    journeys = permissions.visible_journeys(request.auth).order_by("id")
    if buying_stage:
        journeys = journeys.filter(buying_stage=buying_stage)
    if account_id is not None:
        journeys = journeys.filter(account_id=account_id)
    return journeys


@router.post("/journeys", response={201: JourneyOut})
def create_journey(request, payload: JourneyIn):
    user = request.auth
    account = get_object_or_404(permissions.visible_accounts(user), pk=payload.account_id)
    owner = user
    if payload.owner_id is not None and payload.owner_id != user.pk:
        if not user.sees_whole_team:
            raise PermissionDenied("A rep opens journeys for themself.")
        owner = get_object_or_404(user.team.members.all(), pk=payload.owner_id)
    data = payload.dict(exclude={"account_id", "owner_id", "title", "stated_needs"})
    journey = services.open_journey(
        account=account,
        owner=owner,
        title=payload.title,
        stated_needs=payload.stated_needs,
        **data,
    )
    return 201, journey


@router.get("/journeys/{journey_id}", response=JourneyOut)
def get_journey(request, journey_id: PathId):
    return get_object_or_404(permissions.visible_journeys(request.auth), pk=journey_id)


@router.patch("/journeys/{journey_id}", response=JourneyOut)
def update_journey(request, journey_id: PathId, payload: JourneyPatch):
    journey = _editable_journey(request, journey_id)
    nullable = {"expected_value", "buyer_timeline"}
    for key, value in payload.dict(exclude_unset=True).items():
        if value is not None or key in nullable:
            setattr(journey, key, value)
    journey.updated_at = timezone.now()
    journey.save()
    return journey


@router.delete("/journeys/{journey_id}", response={204: None})
def delete_journey(request, journey_id: PathId):
    journey = _editable_journey(request, journey_id)
    if not request.auth.sees_whole_team:
        raise PermissionDenied("Only managers and admins delete journeys; end it with an exit.")
    journey.delete()
    return 204, None


@router.post("/journeys/{journey_id}/stage", response={201: StageChangeOut})
def change_stage(request, journey_id: PathId, payload: StageChangeIn):
    """Move a journey to another buying stage (or an exit), with a reason."""
    journey = _editable_journey(request, journey_id)
    change = services.change_buying_stage(
        journey,
        payload.to_stage.value,
        changed_by=request.auth,
        reason=payload.reason,
        referred_to=payload.referred_to,
        recheck_on=payload.recheck_on,
    )
    return 201, change


@router.get("/journeys/{journey_id}/stages", response=list[StageChangeOut])
def stage_history(request, journey_id: PathId):
    journey = get_object_or_404(permissions.visible_journeys(request.auth), pk=journey_id)
    return list(journey.stage_history.all())
