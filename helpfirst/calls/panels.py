"""The calls panel on the journey page: recent calls with their helping score."""

from __future__ import annotations

from helpfirst.calls.queries import filtered_calls
from helpfirst.journeys.panels import JourneyPanel
from helpfirst.team import permissions

RECENT_CALLS = 5


def journey_panels(request, journey) -> list[JourneyPanel]:
    """Return the calls panel for ``journey`` (its latest calls and a link to add one)."""
    calls = list(filtered_calls(request.user, journey_id=journey.pk)[: RECENT_CALLS + 1])
    return [
        JourneyPanel(
            template="calls/_journey_calls_panel.html",
            context={
                "journey": journey,
                "calls": calls[:RECENT_CALLS],
                "more": len(calls) > RECENT_CALLS,
                "can_add": permissions.can_edit_journey(request.user, journey),
            },
            column="aside",
            order=40,
        )
    ]
