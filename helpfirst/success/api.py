"""REST endpoints for a journey's business case: read it with its figures, and replace it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from helpfirst.site.api_types import PathId
from helpfirst.success import queries, services
from helpfirst.team import permissions

router = Router(tags=["business cases"])


class BusinessCaseIn(Schema):
    inputs: dict[str, Any]


class BusinessCaseOut(Schema):
    journey_id: int
    inputs: dict[str, Any]
    updated_at: datetime
    updated_by_id: int | None
    figures: dict[str, Any]
    tornado: dict[str, Any] | None
    sensitivity_grid: dict[str, Any] | None


def _payload(journey) -> dict[str, Any]:
    view = queries.business_case_view(journey)
    if view.stored is None:
        raise Http404("no business case")
    return {
        "journey_id": journey.pk,
        "inputs": view.stored.inputs,
        "updated_at": view.stored.updated_at,
        "updated_by_id": view.stored.updated_by_id,
        "figures": view.result.as_dict()["scenarios"] if view.result else {},
        "tornado": view.tornado.as_dict() if view.tornado else None,
        "sensitivity_grid": view.grid.as_dict() if view.grid else None,
    }


@router.get("/journeys/{journey_id}/business-case", response=BusinessCaseOut)
def get_business_case(request, journey_id: PathId):
    """Return the journey's business case inputs and its evaluated figures (low/expected/high:
    ROI, payback, NPV, IRR, cash flows), the tornado and the sensitivity grid."""
    journey = get_object_or_404(permissions.visible_journeys(request.auth), pk=journey_id)
    return _payload(journey)


@router.put("/journeys/{journey_id}/business-case", response=BusinessCaseOut)
def put_business_case(request, journey_id: PathId, payload: BusinessCaseIn):
    """Replace the journey's business case (validated; errors name the field)."""
    user = request.auth
    journey = get_object_or_404(permissions.visible_journeys(user), pk=journey_id)
    if not permissions.can_edit_journey(user, journey):
        raise PermissionDenied("Only the journey's owner or a manager changes its case.")
    services.save_business_case(journey, payload.inputs, by=user)
    return _payload(journey)
