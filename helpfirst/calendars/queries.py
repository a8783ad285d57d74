"""Reads for the calendar page and API, scoped by helpfirst.team.permissions."""

from __future__ import annotations

from django.db.models import QuerySet

from helpfirst.calendars.services import CANCELLED, SOURCE
from helpfirst.capture import health
from helpfirst.capture.models import CaptureSource
from helpfirst.interactions.models import Interaction
from helpfirst.team import permissions

CALENDAR_KINDS = ("ics_file", "caldav")


def visible_meetings(user) -> QuerySet[Interaction]:
    """Meetings captured from calendars that ``user`` may see, newest first."""
    return (
        permissions.visible_interactions(user)
        .filter(source=SOURCE, kind="meeting")
        .order_by("-occurred_at", "-id")
    )


def calendar_sources(team_id: int | None) -> list[health.SourceHealth]:
    """The team's calendars (.ics imports and CalDAV calendars) with their health."""
    if team_id is None:
        return []
    sources = CaptureSource.objects.filter(team_id=team_id, kind__in=CALENDAR_KINDS)
    return [health.judge(source) for source in sources.order_by("kind", "name")]


def meeting_status(meeting: Interaction) -> str:
    status = (meeting.properties or {}).get("status") or "CONFIRMED"
    return "cancelled" if status == CANCELLED else status.lower()
