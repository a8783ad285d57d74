"""REST endpoints of the help queue: read a queue, snooze a journey."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from helpfirst.core.errors import DataValidationError
from helpfirst.queue import page, queries, services
from helpfirst.site.api_types import MAX_ID, PathId
from helpfirst.team import permissions

router = Router(tags=["help queue"])


class QueueItemOut(Schema):
    rank: int
    journey_id: int
    title: str
    account_id: int
    account_name: str
    owner_id: int
    owner: str
    buying_stage: str
    priority: float
    explanation: str
    next_action: str
    next_action_code: str
    back_off: bool
    back_off_reason: str | None
    is_recheck: bool
    fit_band: str
    readiness: float
    suggested_stage: str
    factors: dict[str, float]


class QueueFilter(Schema):
    owner_id: int | None = Field(None, ge=1, le=MAX_ID, description="Managers: one rep's queue.")
    limit: int = Field(100, ge=1, le=1000)


class SnoozeIn(Schema):
    until: datetime | None = Field(None, description="When the journey comes back (aware).")
    days: int | None = Field(None, ge=1, le=365, description="Or: snooze for this many days.")
    reason: str = Field("", max_length=300)


class SnoozeOut(Schema):
    journey_id: int
    until: datetime
    reason: str


def _item_out(entry: queries.HelpQueueEntry) -> dict:
    item, journey = entry.item, entry.journey
    return {
        "rank": item.rank,
        "journey_id": journey.pk,
        "title": journey.title,
        "account_id": journey.account_id,
        "account_name": journey.account.name,
        "owner_id": journey.owner_id,
        "owner": journey.owner.display_name,
        "buying_stage": item.buying_stage,
        "priority": item.priority,
        "explanation": item.explanation,
        "next_action": item.next_action,
        "next_action_code": item.next_action_code,
        "back_off": item.back_off,
        "back_off_reason": item.back_off_reason,
        "is_recheck": item.is_recheck,
        "fit_band": str(item.fit_band),
        "readiness": item.readiness.score,
        "suggested_stage": item.stage_suggestion.stage,
        "factors": dict(item.factors),
    }


@router.get("/queue", response=list[QueueItemOut])
def get_queue(request, filters: Query[QueueFilter]):
    """Read the caller's ranked help queue (managers: the team's, or one rep's with owner_id)."""
    user = request.auth
    if filters.owner_id is not None and not user.sees_whole_team and filters.owner_id != user.pk:
        raise PermissionDenied("Only managers can read another rep's queue.")
    now = timezone.now()
    journeys = queries.queue_journeys(user, now, owner_id=filters.owner_id)
    # The first ``limit`` items exactly, without ranking the whole book (see queue.page).
    shown = page.build_queue_page(
        journeys,
        now,
        shown_to_help=filters.limit,
        shown_backing_off=filters.limit,
        shown_in_all=filters.limit,
    )
    return [_item_out(e) for e in (shown.to_help + shown.backing_off)[: filters.limit]]


@router.post("/journeys/{journey_id}/snooze", response={201: SnoozeOut})
def snooze_journey(request, journey_id: PathId, payload: SnoozeIn):
    """Hide a journey from the help queue until a moment (``until``) or for ``days``."""
    journey = get_object_or_404(permissions.visible_journeys(request.auth), pk=journey_id)
    if not permissions.can_edit_journey(request.auth, journey):
        raise PermissionDenied("Only the journey's owner or a manager can snooze it.")
    now = timezone.now()
    if (payload.until is None) == (payload.days is None):
        raise DataValidationError("Give either 'until' or 'days'.", field="until")
    until = payload.until or now + timedelta(days=payload.days or 0)
    if timezone.is_naive(until):
        raise DataValidationError(
            "'until' needs a time zone, e.g. 2026-07-01T09:00Z.", field="until"
        )
    snooze = services.snooze(journey, by=request.auth, until=until, reason=payload.reason, now=now)
    return 201, {"journey_id": journey.pk, "until": snooze.until, "reason": snooze.reason}
