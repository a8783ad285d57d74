"""REST endpoints: a journey's current fit assessment, and re-assessing it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router

from helpfirst.fit import queries, services
from helpfirst.fit.summary import fit_as_json
from helpfirst.site.api_types import PathId
from helpfirst.team import permissions

router = Router(tags=["fit"])


def _journey(request, journey_id: int):
    return get_object_or_404(
        permissions.visible_journeys(request.auth).select_related("account", "team"),
        pk=journey_id,
    )


@router.get("/journeys/{journey_id}/fit", response=dict)
def get_fit(request, journey_id: PathId):
    """The journey's latest fit assessment with evidence, questions and any exit proposal."""
    journey = _journey(request, journey_id)
    return fit_as_json(journey, queries.latest_fit(journey))


@router.post("/journeys/{journey_id}/fit", response=dict)
def reassess_fit(request, journey_id: PathId):
    """Re-assess the journey's fit now (unchanged inputs keep the latest assessment)."""
    journey = _journey(request, journey_id)
    if not permissions.can_edit_journey(request.auth, journey):
        raise PermissionDenied("Only the journey's owner or a manager can re-assess its fit.")
    record = services.assess_journey(journey, by=request.auth)
    return fit_as_json(journey, record)
