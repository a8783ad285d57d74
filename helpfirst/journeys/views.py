"""Journey pages: the list, one journey's page, stage changes and the buyer's stated needs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpfirst.accounts.queries import owners
from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.journeys import queries
from helpfirst.journeys.forms import JourneyFilterForm, StageChangeForm, StatedNeedsForm
from helpfirst.journeys.panels import collect_journey_panels
from helpfirst.journeys.services import change_buying_stage
from helpfirst.team import permissions
from helpfirst.web.paging import page_number


def _visible_journey(request, pk: int):
    """Return the journey if the user may read it; 404 otherwise (its existence stays hidden)."""
    journeys = permissions.visible_journeys(request.user).select_related("account", "owner")
    return get_object_or_404(journeys, pk=pk)


def _editable_journey(request, pk: int):
    journey = _visible_journey(request, pk)
    if not permissions.can_edit_journey(request.user, journey):
        raise PermissionDenied("Only the journey's owner or a manager can change it.")
    return journey


def _stage_context(request, journey, form=None, *, just_changed=False):
    return {
        "journey": journey,
        "stage_form": form or StageChangeForm(journey=journey),
        "history": queries.stage_history(journey),
        "can_edit": permissions.can_edit_journey(request.user, journey),
        "stage_track": _stage_track(journey),
        "exit_stages": ",".join(sorted(vocabulary.EXIT_STAGES)),
        "recheckable_stages": ",".join(sorted(vocabulary.RECHECKABLE_EXITS)),
        "just_changed": just_changed,
    }


def _stage_track(journey) -> list[dict]:
    """Return the seven stages with how far this journey got (for the progress track)."""
    if vocabulary.is_open_stage(journey.buying_stage):
        reached = vocabulary.stage_index(journey.buying_stage)
    else:
        reached = -1
    return [
        {
            "label": vocabulary.stage_label(stage),
            "state": "current" if i == reached else ("done" if i < reached else ""),
        }
        for i, stage in enumerate(vocabulary.STAGE_ORDER)
    ]


@require_GET
def journey_list(request):
    """List the journeys the user may read, with search, filters and pagination."""
    user = request.user
    form = JourneyFilterForm(request.GET or None, owners=owners(user))
    filters = form.filters()
    page = queries.journey_list_page(user, filters, page_number(request.GET.get("page")))
    context = {"form": form, "filters": filters, "page": page}
    if request.htmx and request.htmx.target == "journey-results":
        return render(request, "journeys/_journey_results.html", context)
    return render(request, "journeys/journey_list.html", context)


@require_GET
def journey_detail(request, pk: int):
    """Show one journey: stage and its history, stakeholders, needs and interactions."""
    journey = _visible_journey(request, pk)
    context = _stage_context(request, journey)
    context.update(
        {
            "committee": queries.committee(journey),
            "timeline": queries.journey_timeline(request.user, journey),
            "timeline_url_name": "journey-timeline",
            "timeline_owner": journey,
            "needs_form": StatedNeedsForm(instance=journey),
            "panels": collect_journey_panels(request, journey),
        }
    )
    return render(request, "journeys/journey_detail.html", context)


@require_POST
def journey_stage_change(request, pk: int):
    """Move a journey to another stage with a reason; HTMX gets the refreshed stage panel."""
    journey = _editable_journey(request, pk)
    form = StageChangeForm(request.POST, journey=journey)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change_buying_stage(
                journey,
                data["to_stage"],
                changed_by=request.user,
                reason=data["reason"],
                referred_to=data["referred_to"],
                recheck_on=data["recheck_on"],
            )
        except DataValidationError as error:
            form.add_error(
                error.location.field if error.location.field in form.fields else None, error.message
            )
        else:
            if request.htmx:
                context = _stage_context(request, journey, just_changed=True)
                return render(request, "journeys/_stage_panel.html", context)
            messages.success(request, f"Moved to {vocabulary.stage_label(journey.buying_stage)}.")
            return redirect(journey)
    context = _stage_context(request, journey, form)
    if request.htmx:
        return render(request, "journeys/_stage_panel.html", context)
    return render(request, "journeys/stage_change.html", context, status=400)


@require_http_methods(["GET", "POST"])
def journey_needs_edit(request, pk: int):
    """Edit the buyer's stated needs, timeline and value (inline with HTMX, or as a page)."""
    journey = _editable_journey(request, pk)
    form = StatedNeedsForm(request.POST or None, instance=journey)
    if request.method == "POST" and form.is_valid():
        journey = form.save(commit=False)
        journey.updated_at = timezone.now()
        journey.save()
        if request.htmx:
            return render(
                request, "journeys/_needs_card.html", {"journey": journey, "can_edit": True}
            )
        messages.success(request, "Saved the buyer's needs.")
        return redirect(journey)
    template = "journeys/_needs_form.html" if request.htmx else "journeys/needs_form.html"
    return render(request, template, {"journey": journey, "needs_form": form})


@require_GET
def journey_timeline(request, pk: int):
    """Return one more page of a journey's interactions (HTMX "load more")."""
    journey = _visible_journey(request, pk)
    timeline = queries.journey_timeline(request.user, journey, page_number(request.GET.get("page")))
    context = {
        "timeline": timeline,
        "timeline_url_name": "journey-timeline",
        "timeline_owner": journey,
    }
    template = (
        "interactions/_timeline_items.html" if request.htmx else "interactions/timeline_page.html"
    )
    return render(request, template, context)
