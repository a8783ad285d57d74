"""Debrief pages. Thin: reads come from ``queries``, writes go through ``services``."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from helpfirst.audit.services import record_export
from helpfirst.core.errors import DataValidationError
from helpfirst.debriefs import queries, services
from helpfirst.debriefs.forms import DebriefForm
from helpfirst.debriefs.models import SUGGESTED_REASON_CODES, DebriefKind
from helpfirst.team import permissions

RECENT_DEBRIEFS = 50


def _visible_journey(request, pk: int):
    journeys = permissions.visible_journeys(request.user).select_related("account", "owner")
    return get_object_or_404(journeys, pk=pk)


def _section(request) -> None:
    request.nav_section = "debriefs"


@require_GET
def journey_debriefs(request, pk: int):
    """Show one journey's debriefs, with the way to add one."""
    _section(request)
    journey = _visible_journey(request, pk)
    return render(request, "debriefs/journey_debriefs.html", {
        "journey": journey,
        "debriefs": queries.journey_debriefs(request.user, journey),
        "can_edit": permissions.can_edit_journey(request.user, journey),
        "outcome": services.outcome_of_stage(journey.buying_stage),
    })


@require_http_methods(["GET", "POST"])
def debrief_create(request, pk: int):
    """Ask the owner for a quick structured debrief (after a call or an outcome)."""
    _section(request)
    journey = _visible_journey(request, pk)
    if not permissions.can_edit_journey(request.user, journey):
        raise PermissionDenied("Only the journey's owner or a manager writes its debriefs.")
    outcome = services.outcome_of_stage(journey.buying_stage)
    kind = request.GET.get("kind") or (DebriefKind.OUTCOME if outcome else DebriefKind.AFTER_CALL)
    if kind not in DebriefKind.values:
        kind = DebriefKind.AFTER_CALL
    call = None
    call_id = request.POST.get("interaction") or request.GET.get("interaction")
    if call_id and str(call_id).isdigit():
        call = get_object_or_404(
            permissions.visible_interactions(request.user), pk=int(call_id), journey=journey
        )
    initial = {"kind": kind, "outcome": outcome if kind == DebriefKind.OUTCOME else "",
               "interaction": call.pk if call else None}
    form = DebriefForm(request.POST or None, initial=initial, team=journey.team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_debrief(
                journey, author=request.user, kind=data["kind"], outcome=data["outcome"],
                what_happened=data["what_happened"], how=data["how"], why=data["why"],
                buyer_valued=data["buyer_valued"], do_differently=data["do_differently"],
                reason_codes=data["reason_codes"], interaction=call, problem=data["problem"],
            )
        except DataValidationError as error:
            name = error.location.field
            form.add_error(name if name in form.fields else None, error.message)
        else:
            messages.success(request, "Debrief saved. Thank you: the team learns from it.")
            return redirect("journey-debriefs", pk=journey.pk)
    return render(request, "debriefs/debrief_form.html", {
        "journey": journey, "form": form, "kind": kind, "call": call,
        "suggested_codes": SUGGESTED_REASON_CODES,
    }, status=400 if form.errors else 200)


@require_GET
def debrief_list(request):
    """List the latest debriefs the user may read, and how many are still owed."""
    _section(request)
    debriefs = queries.visible_debriefs(request.user).order_by("-created_at", "-id")
    return render(request, "debriefs/debrief_list.html", {
        "debriefs": list(debriefs[:RECENT_DEBRIEFS]),
        "total": debriefs.count(),
        "missing_count": len(queries.missing_debriefs(request.user)),
    })


@require_GET
def missing_list(request):
    """List the outcomes and recent calls that still owe a debrief."""
    _section(request)
    rows = queries.missing_debriefs(request.user)
    return render(request, "debriefs/missing.html", {
        "outcomes": [row for row in rows if row.reason == "outcome"],
        "calls": [row for row in rows if row.reason == "call"],
        "call_days": queries.CALL_DEBRIEF_DAYS,
    })


@require_GET
def lessons_page(request):
    """Show what the debriefs add up to: themes, reasons by problem/segment/rep, call metrics."""
    _section(request)
    result = queries.lessons(request.user)
    return render(request, "debriefs/lessons.html", {"lessons": result})


class _Echo:
    def write(self, value):
        return value


@require_GET
def export_csv(request):
    """Stream every debrief the user may read as CSV (UTF-8, one row per debrief)."""
    writer = csv.writer(_Echo())
    stamp = timezone.now().strftime("%Y%m%d")
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in queries.export_rows(request.user)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="debriefs-{stamp}.csv"'
    record_export(request.user, "debriefs", fmt="csv")
    return response
