"""The "after the outcome" panel on the journey page: debriefs, business case, success plan."""

from __future__ import annotations

from helpfirst.core import vocabulary
from helpfirst.journeys.panels import JourneyPanel
from helpfirst.success.models import BusinessCase, SuccessPlan
from helpfirst.team import permissions


def journey_panels(request, journey) -> list[JourneyPanel]:
    """Return links to the journey's debriefs, business case and (once won) success plan."""
    from django.db.models import Count, Exists, OuterRef

    from helpfirst.journeys.models import Journey

    facts = (
        Journey.objects.filter(pk=journey.pk)
        .annotate(
            debrief_count=Count("debriefs"),
            has_case=Exists(BusinessCase.objects.filter(journey_id=OuterRef("pk"))),
            has_plan=Exists(SuccessPlan.objects.filter(journey_id=OuterRef("pk"))),
        )
        .values("debrief_count", "has_case", "has_plan")
        .get()
    )
    return [
        JourneyPanel(
            template="success/_journey_outcome_panel.html",
            context={
                "journey": journey,
                **facts,
                "is_customer": vocabulary.is_customer_stage(journey.buying_stage),
                "can_edit": permissions.can_edit_journey(request.user, journey),
            },
            column="aside",
            order=60,
        )
    ]
