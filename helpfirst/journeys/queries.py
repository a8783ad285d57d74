"""Reads behind the journey pages, always scoped by ``helpfirst.team.permissions``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from helpfirst.accounts.queries import stages_matching
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder, StageChange
from helpfirst.team import permissions
from helpfirst.team.models import User
from helpfirst.web.paging import PageWindow, count_upto, in_order, slice_ids, slice_rows

JOURNEY_SORTS = {
    "-updated": ("-updated_at", "-pk"),
    "title": ("title", "pk"),
    "-value": ("-expected_value", "-pk"),
    "timeline": ("buyer_timeline", "pk"),
    "-stage_changed": ("-stage_changed_at", "-pk"),
}


@dataclass(frozen=True)
class JourneyFilters:
    """What the journeys list is narrowed and ordered by."""

    q: str = ""
    stage: str = ""
    owner: int | None = None
    sort: str = "-updated"


def filtered_journeys(user: User, filters: JourneyFilters) -> QuerySet[Journey]:
    """Return the journeys ``user`` may read, narrowed and ordered by ``filters``."""
    journeys = permissions.visible_journeys(user)
    if filters.q:
        term = filters.q.strip()
        journeys = journeys.filter(Q(title__icontains=term) | Q(account__name__icontains=term))
    stages = stages_matching(filters.stage)
    if stages is not None:
        journeys = journeys.filter(buying_stage__in=sorted(stages))
    if filters.owner:
        journeys = journeys.filter(owner_id=filters.owner)
    return journeys.order_by(*JOURNEY_SORTS.get(filters.sort, JOURNEY_SORTS["-updated"]))


def journey_list_page(
    user: User, filters: JourneyFilters, number: int = 1, per_page: int = 50
) -> PageWindow:
    """Return one page of the journeys list with account, owner and last buyer touch."""
    journeys = filtered_journeys(user, filters)
    ids, has_next = slice_ids(journeys, number, per_page)
    total, capped = count_upto(journeys)
    rows = Journey.objects.filter(pk__in=ids).select_related("account", "owner")
    items = in_order(rows, ids)
    # Every touch on a journey the user may read is theirs to see: one grouped query.
    last_touches = dict(
        Interaction.objects.filter(journey_id__in=ids)
        .order_by()
        .values("journey_id")
        .annotate(last=Max("occurred_at"))
        .values_list("journey_id", "last")
    )
    for journey in items:
        journey.last_touch_at = last_touches.get(journey.pk)
    return PageWindow(
        items=items,
        number=number,
        per_page=per_page,
        has_next=has_next,
        total=total,
        total_is_capped=capped,
    )


def stage_history(journey: Journey) -> list[StageChange]:
    """Return every stage move of ``journey``, newest first, with who made it."""
    return list(journey.stage_history.select_related("changed_by").order_by("-changed_at", "-id"))


def committee(journey: Journey) -> list[JourneyStakeholder]:
    """Return the buying committee of ``journey``, most influential first."""
    return list(
        journey.committee.select_related("contact").order_by("-influence", "contact__last_name")
    )


def journey_timeline(user: User, journey: Journey, number: int = 1, per_page: int = 25):
    """Return one page of the interactions on ``journey`` that ``user`` may read."""
    interactions = (
        permissions.visible_interactions(user)
        .filter(journey=journey)
        .select_related("contact")
        .order_by("-occurred_at", "-id")
    )
    rows, has_next = slice_rows(interactions, number, per_page)
    return PageWindow(items=rows, number=number, per_page=per_page, has_next=has_next)
