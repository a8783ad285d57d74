"""The calendars page: the team's calendars and the meetings captured from them."""

from __future__ import annotations

from django.shortcuts import render

from helpfirst.calendars.queries import calendar_sources, meeting_status, visible_meetings

RECENT = 50


def calendars_page(request):
    """List the team's calendars (capture sources) and recent meetings you may see."""
    meetings = list(
        visible_meetings(request.user).select_related("account", "contact", "journey")[:RECENT]
    )
    rows = [
        {
            "meeting": m,
            "status": meeting_status(m),
            "attendees": len((m.properties or {}).get("attendees", [])),
            "call_url": (m.properties or {}).get("call_url"),
        }
        for m in meetings
    ]
    request.nav_section = "calendars"
    return render(
        request,
        "calendars/calendars.html",
        {"sources": calendar_sources(request.user.team_id), "rows": rows},
    )
