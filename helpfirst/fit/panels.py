"""The fit panel on the journey page: verdict with the buyer's words, and the exit offer."""

from __future__ import annotations

from helpfirst.fit import queries
from helpfirst.fit.services import offer_exit
from helpfirst.journeys.panels import JourneyPanel
from helpfirst.team import permissions

VERDICT_BADGE = {
    "strong": "consent-yes",
    "possible": "stage-paused",
    "poor": "consent-no",
    "unknown": "outline",
}
VERDICT_LABEL = {
    "strong": "Strong fit",
    "possible": "Possible fit",
    "poor": "Poor fit",
    "unknown": "Not enough known",
}


def fit_panel_context(request, journey, record=None) -> dict:
    """Return what the fit panel shows for ``journey`` (its latest record unless given)."""
    record = record if record is not None else queries.latest_fit(journey)
    can_edit = permissions.can_edit_journey(request.user, journey)
    offer = offer_exit(journey, record) if record is not None else None
    verdict = record.verdict if record else ""
    return {
        "journey": journey,
        "record": record,
        "fit": record.payload if record else None,
        "verdict_label": VERDICT_LABEL.get(verdict, ""),
        "verdict_badge": VERDICT_BADGE.get(verdict, "outline"),
        "offer": offer,
        "can_edit": can_edit,
    }


def journey_panels(request, journey) -> list[JourneyPanel]:
    """Return the fit panel (main column, near the top) for ``journey``."""
    return [
        JourneyPanel(
            template="fit/_journey_fit_panel.html",
            context=fit_panel_context(request, journey),
            column="main",
            order=10,
        )
    ]
