"""Pages: the buying committee (map and editing) and the call brief."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from helpfirst.briefs import services
from helpfirst.briefs.brief import call_brief
from helpfirst.briefs.committee import committee_view
from helpfirst.briefs.follow_ups import journey_drafts
from helpfirst.briefs.forms import AddSeatForm, SeatForm
from helpfirst.briefs.recommend import content_for_committee, next_actions, read_journey
from helpfirst.core.errors import DataValidationError
from helpfirst.journeys.models import JourneyStakeholder
from helpfirst.plans.views import editable_journey, visible_journey
from helpfirst.team import permissions


def _committee_page(request, journey, *, add_form=None, seat_forms=None, status=200):
    view = committee_view(journey, timezone.now())
    can_edit = permissions.can_edit_journey(request.user, journey)
    seat_forms = seat_forms or {}
    for seat in view.seats:
        seat.form = seat_forms.get(seat.seat.pk) or SeatForm(
            prefix=f"seat-{seat.seat.pk}",
            initial={
                "stakeholder_role": seat.seat.stakeholder_role,
                "influence": seat.seat.influence,
                "stance": seat.seat.stance,
                "what_matters": seat.contact.what_matters,
            },
        )
    context = {
        "journey": journey,
        "committee": view,
        "can_edit": can_edit,
        "add_form": add_form or AddSeatForm(journey=journey, prefix="add"),
    }
    return render(request, "briefs/committee_page.html", context, status=status)


@require_GET
def committee_page(request, pk: int):
    """Show the committee map, coverage warnings and (for editors) seat forms."""
    return _committee_page(request, visible_journey(request, pk))


@require_POST
def seat_add(request, pk: int):
    """Seat a contact on the committee."""
    journey = editable_journey(request, pk)
    form = AddSeatForm(request.POST, journey=journey, prefix="add")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.seat_contact(
                journey,
                data["contact"],
                stakeholder_role=data["stakeholder_role"],
                influence=data["influence"],
                stance=data["stance"],
                what_matters=data["what_matters"] or None,
            )
        except DataValidationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{data['contact'].name} is on the committee.")
            return redirect("committee-page", pk=journey.pk)
    return _committee_page(request, journey, add_form=form, status=400)


@require_POST
def seat_update(request, pk: int, seat_id: int):
    """Change one seat's role, influence, stance or what matters to them."""
    journey = editable_journey(request, pk)
    seat = get_object_or_404(
        JourneyStakeholder.objects.select_related("contact"), pk=seat_id, journey=journey
    )
    form = SeatForm(request.POST, prefix=f"seat-{seat.pk}")
    if form.is_valid():
        data = form.cleaned_data
        services.update_seat(
            seat,
            stakeholder_role=data["stakeholder_role"],
            influence=data["influence"],
            stance=data["stance"],
            what_matters=data["what_matters"],
        )
        messages.success(request, f"Saved {seat.contact.name}'s seat.")
        return redirect("committee-page", pk=journey.pk)
    return _committee_page(request, journey, seat_forms={seat.pk: form}, status=400)


@require_POST
def seat_remove(request, pk: int, seat_id: int):
    """Take a contact off this journey's committee."""
    journey = editable_journey(request, pk)
    seat = get_object_or_404(
        JourneyStakeholder.objects.select_related("contact"), pk=seat_id, journey=journey
    )
    services.unseat(seat)
    messages.success(request, f"{seat.contact.name} is no longer on this committee.")
    return redirect("committee-page", pk=journey.pk)


@require_GET
def next_actions_panel(request, pk: int):
    """Return the next-actions panel (loaded by HTMX into the journey page)."""
    journey = visible_journey(request, pk)
    reading = read_journey(journey, timezone.now())
    panel = {"journey": journey, "actions": next_actions(reading)}
    return render(request, "briefs/_journey_next_actions_panel.html", {"panel": panel})


@require_GET
def brief_page(request, pk: int):
    """Show the call brief, next actions, content to share and drafted follow-ups."""
    journey = visible_journey(request, pk)
    now = timezone.now()
    reading = read_journey(journey, now)
    brief = call_brief(journey, now, reading)
    drafts_note, drafts = journey_drafts(reading, request.user)
    context = {
        "journey": journey,
        "brief": brief,
        "content": content_for_committee(reading),
        "content_titles": reading.content_titles,
        "drafts": drafts,
        "drafts_note": drafts_note,
    }
    return render(request, "briefs/brief_page.html", context)
