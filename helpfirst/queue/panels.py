"""The stage-suggestion panel on the journey page: evidence, readiness, give/ask, fatigue."""

from __future__ import annotations

from helpfirst.core import vocabulary
from helpfirst.journeys.panels import JourneyPanel
from helpfirst.queue import queries
from helpfirst.team import permissions


def journey_panels(request, journey) -> list[JourneyPanel]:
    """Return the "what the buyer's activity says" panel for ``journey``."""
    outlook = queries.journey_outlook(journey)
    return [
        JourneyPanel(
            template="queue/_journey_outlook_panel.html",
            context={
                "journey": journey,
                "outlook": outlook,
                "can_edit": permissions.can_edit_journey(request.user, journey),
                "stages": [(str(s), vocabulary.stage_label(s)) for s in vocabulary.STAGE_ORDER],
            },
            column="aside",
            order=10,
        )
    ]
