"""Journey-page panels: the committee map with warnings, and the next helpful actions.

The committee map costs two queries (seats, interactions). The next actions need fit, content
and engagement, so that panel loads itself with HTMX after the page, keeping the journey
page's query budget.
"""

from __future__ import annotations

from django.utils import timezone

from helpfirst.briefs.committee import committee_view
from helpfirst.journeys.panels import JourneyPanel
from helpfirst.team import permissions


def journey_panels(request, journey) -> list[JourneyPanel]:
    """Return the committee map (main column) and next actions (aside) for ``journey``."""
    committee = committee_view(journey, timezone.now())
    can_edit = permissions.can_edit_journey(request.user, journey)
    return [
        JourneyPanel(
            template="briefs/_journey_committee_panel.html",
            context={"journey": journey, "committee": committee, "can_edit": can_edit},
            column="main",
            order=20,
        ),
        JourneyPanel(
            template="briefs/_journey_next_actions_loader.html",
            context={"journey": journey},
            column="aside",
            order=10,
        ),
    ]
