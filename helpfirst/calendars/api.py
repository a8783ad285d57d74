"""Calendar capture: REST API (meetings captured from calendars, and the calendars)."""

from datetime import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from helpfirst.calendars.queries import calendar_sources, meeting_status, visible_meetings
from helpfirst.site.api_types import MAX_ID, PathId, as_utc
from helpfirst.site.pagination import BoundedLimitOffsetPagination

router = Router(tags=["Calendar capture"])


class AttendeeOut(Schema):
    email: str
    name: str = ""
    partstat: str = ""
    contact_id: int | None = None


class MeetingOut(Schema):
    id: int
    occurred_at: datetime
    subject: str
    status: str
    account_id: int
    contact_id: int | None
    journey_id: int | None
    external_id: str
    calendar: str
    location: str
    attendees: list[AttendeeOut]
    call_id: int | None
    call_url: str | None

    @staticmethod
    def resolve_status(obj) -> str:
        return meeting_status(obj)

    @staticmethod
    def resolve_calendar(obj) -> str:
        return str((obj.properties or {}).get("calendar", ""))

    @staticmethod
    def resolve_location(obj) -> str:
        return str((obj.properties or {}).get("location", ""))

    @staticmethod
    def resolve_attendees(obj) -> list[dict[str, Any]]:
        return [
            {
                "email": str(a.get("email", "")),
                "name": str(a.get("name", "")),
                "partstat": str(a.get("partstat", "")),
                "contact_id": a.get("contact_id"),
            }
            for a in (obj.properties or {}).get("attendees", [])
            if isinstance(a, dict)
        ]

    @staticmethod
    def resolve_call_id(obj) -> int | None:
        return (obj.properties or {}).get("call_id")

    @staticmethod
    def resolve_call_url(obj) -> str | None:
        return (obj.properties or {}).get("call_url")


class CalendarOut(Schema):
    id: int
    kind: str
    name: str
    status: str
    explanation: str
    last_success_at: datetime | None
    items_stored: int
    error_count: int
    last_error: str


@router.get("/calendars/meetings", response=list[MeetingOut])
@paginate(BoundedLimitOffsetPagination)
def list_meetings(
    request,
    account_id: int | None = Query(None, ge=1, le=MAX_ID),
    journey_id: int | None = Query(None, ge=1, le=MAX_ID),
    since: datetime | None = None,
    until: datetime | None = None,
    include_cancelled: bool = True,
):
    """Meetings captured from calendars that you may see, newest first."""
    meetings = visible_meetings(request.auth)
    if account_id is not None:
        meetings = meetings.filter(account_id=account_id)
    if journey_id is not None:
        meetings = meetings.filter(journey_id=journey_id)
    if since is not None:
        meetings = meetings.filter(occurred_at__gte=as_utc(since))
    if until is not None:
        meetings = meetings.filter(occurred_at__lte=as_utc(until))
    if not include_cancelled:
        meetings = meetings.exclude(properties__status="CANCELLED")
    return meetings


@router.get("/calendars/meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request, meeting_id: PathId):
    """One captured meeting (404 when it is not yours to see)."""
    return get_object_or_404(visible_meetings(request.auth), pk=meeting_id)


@router.get("/calendars", response=list[CalendarOut])
def list_calendars(request):
    """Your team's calendars (.ics imports and CalDAV calendars) with their health."""
    return [
        {
            "id": h.source.pk,
            "kind": h.source.kind,
            "name": h.source.name,
            "status": h.status,
            "explanation": h.explanation,
            "last_success_at": h.source.last_success_at,
            "items_stored": h.source.items_stored,
            "error_count": h.source.error_count,
            "last_error": h.source.last_error,
        }
        for h in calendar_sources(request.auth.team_id)
    ]
