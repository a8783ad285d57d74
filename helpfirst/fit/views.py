"""Fit pages: the re-assess button, accepting an exit, the nurture list and learned fit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from helpfirst.core.errors import DataValidationError
from helpfirst.fit import queries, services
from helpfirst.fit.learning import MIN_OUTCOMES, learn_fit_from_outcomes
from helpfirst.fit.panels import fit_panel_context
from helpfirst.team import permissions


def _editable_journey(request, pk: int):
    """Return the journey if the user may change it: 404 if unseen, 403 if read-only."""
    journeys = permissions.visible_journeys(request.user).select_related("account", "team")
    journey = get_object_or_404(journeys, pk=pk)
    if not permissions.can_edit_journey(request.user, journey):
        raise PermissionDenied("Only the journey's owner or a manager can change it.")
    return journey


@require_POST
def fit_assess(request, pk: int):
    """Re-assess the journey's fit now; HTMX gets the panel back, others the journey page."""
    journey = _editable_journey(request, pk)
    record = services.assess_journey(journey, by=request.user)
    if request.htmx:
        context = {"panel": fit_panel_context(request, journey, record), "just_assessed": True}
        return render(request, "fit/_journey_fit_panel.html", context)
    messages.success(request, f"Fit re-assessed: {record.get_verdict_display().lower()}.")
    return redirect(journey)


@require_POST
def fit_accept_exit(request, pk: int):
    """Accept the proposed exit: the journey moves to "not a fit" and onto the nurture list."""
    journey = _editable_journey(request, pk)
    record = queries.latest_fit(journey)
    offer = services.offer_exit(journey, record) if record else None
    if offer is None:
        messages.error(request, "There is no exit to accept: the latest fit is not poor.")
        return redirect(journey)
    try:
        services.accept_exit(journey, offer, request.user)
    except DataValidationError as error:
        messages.error(request, error.message)
        return redirect(journey)
    messages.success(
        request,
        f"Stepped aside. {journey.account.name} is on your nurture list until "
        f"{offer.proposal.recheck_on:%-d %b %Y}.",
    )
    return redirect(journey)


@require_GET
def nurture_page(request):
    """List the buyers we stepped aside from: who is due for a re-check and what changed."""
    today = timezone.localdate()
    rows = queries.nurture_list(request.user, today)
    context = {
        "rows": rows,
        "due": [r for r in rows if r.due],
        "later": [r for r in rows if not r.due],
        "today": today,
    }
    request.nav_section = "nurture"
    return render(request, "fit/nurture.html", context)


@require_GET
def learning_page(request):
    """Show what post-sale outcomes say about fit, or that there is not enough history yet."""
    learned = learn_fit_from_outcomes(request.user)
    request.nav_section = "fit-learning"
    context = {"learned": learned, "min_outcomes": MIN_OUTCOMES}
    return render(request, "fit/learning.html", context)
