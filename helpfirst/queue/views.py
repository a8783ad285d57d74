"""The queue's one-click actions (HTMX) and the answers to a stage suggestion."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.queue import queries, services
from helpfirst.queue.forms import NotAFitForm, SnoozeForm, StageSuggestionForm, TouchForm
from helpfirst.team import permissions


def editable_journey(request, pk: int):
    """Return the journey if the user may change it (404 if unseen, 403 if read-only)."""
    journey = get_object_or_404(
        permissions.visible_journeys(request.user).select_related("account", "owner"), pk=pk
    )
    if not permissions.can_edit_journey(request.user, journey):
        raise PermissionDenied("Only the journey's owner or a manager can act on it.")
    return journey


def _form_error(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _done(request, journey, message: str, *, ok: bool = True):
    """Answer an action: a replacement queue row for HTMX, a message and redirect otherwise."""
    if request.htmx:
        return render(
            request,
            "queue/_item_done.html",
            {"journey": journey, "message": message, "ok": ok},
            status=200,
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect("home")


@require_POST
def queue_touch(request, pk: int):
    """Log a touch (kind, give/ask, short note) from the queue."""
    journey = editable_journey(request, pk)
    form = TouchForm(request.POST)
    if not form.is_valid():
        return _done(request, journey, _form_error(form), ok=False)
    services.log_touch(journey, by=request.user, **form.cleaned_data)
    label = services.TOUCH_CHOICES[form.cleaned_data["touch"]][0]
    return _done(request, journey, f"Logged: {label.lower()}. Give them time to answer.")


@require_POST
def queue_snooze(request, pk: int):
    """Snooze a journey for a day, a week or until a date."""
    journey = editable_journey(request, pk)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        return _done(request, journey, _form_error(form), ok=False)
    until = form.until(timezone.now())
    services.snooze(journey, by=request.user, until=until, reason=form.cleaned_data["reason"])
    local = timezone.localtime(until)
    return _done(request, journey, f"Snoozed until {local:%a %-d %b}.")


@require_POST
def queue_not_a_fit(request, pk: int):
    """End a journey as not a fit, with the reason the rep gives."""
    journey = editable_journey(request, pk)
    form = NotAFitForm(request.POST)
    if not form.is_valid():
        return _done(request, journey, _form_error(form), ok=False)
    try:
        services.mark_not_a_fit(journey, by=request.user, **form.cleaned_data)
    except DataValidationError as exc:
        return _done(request, journey, str(exc), ok=False)
    return _done(request, journey, "Marked not a fit. Thank you for being straight with them.")


@require_POST
def stage_suggestion_answer(request, pk: int):
    """Accept, keep or override the suggested stage; the stage only moves on the rep's word."""
    journey = editable_journey(request, pk)
    form = StageSuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return redirect(journey)
    data = form.cleaned_data
    suggestion = queries.journey_outlook(journey).suggestion
    if suggestion.stage != data["suggested_stage"]:
        messages.error(request, "The suggestion changed since you loaded the page; look again.")
        return redirect(journey)
    try:
        if data["action"] == "accept":
            services.accept_stage_suggestion(
                journey, suggestion, by=request.user, note=data["note"]
            )
            done = f"Moved to {vocabulary.stage_label(suggestion.stage)}, as suggested."
        elif data["action"] == "keep":
            services.keep_current_stage(journey, suggestion, by=request.user, note=data["note"])
            done = f"Kept {vocabulary.stage_label(journey.buying_stage)}."
        else:
            chosen = data["chosen_stage"]
            services.override_stage_suggestion(
                journey, suggestion, by=request.user, chosen_stage=chosen, note=data["note"]
            )
            done = f"Recorded your call: {vocabulary.stage_label(chosen)}."
    except DataValidationError as exc:
        messages.error(request, str(exc))
        return redirect(journey)
    messages.success(request, done)
    return redirect(journey)
