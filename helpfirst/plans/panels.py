"""The plan panel on the journey page: steps, owners, dates and what slipped."""

from __future__ import annotations

from helpfirst.journeys.panels import JourneyPanel
from helpfirst.plans import queries


def journey_panels(request, journey) -> list[JourneyPanel]:
    """Return the mutual-action-plan panel for ``journey``."""
    plan = queries.plan_of(journey)
    view = queries.plan_view(plan) if plan is not None else None
    return [
        JourneyPanel(
            template="plans/_journey_plan_panel.html",
            context={"journey": journey, "view": view},
            column="main",
            order=30,
        )
    ]
