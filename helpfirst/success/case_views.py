"""Business case pages: build it with the buyer, then a one-page document and its PDF."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from helpfirst.audit.services import record_export
from helpfirst.core.errors import DataValidationError, DocumentExportError
from helpfirst.success import charts, queries, services
from helpfirst.success.forms import (
    CaseSettingsForm,
    CostItemFormSet,
    CostLineFormSet,
    ImprovementFormSet,
    initial_from_inputs,
    inputs_from_forms,
)
from helpfirst.success.pdf import html_to_pdf
from helpfirst.team import permissions

PRINT_CSS = "success/business_case_print.css"
ROW_PATTERN = re.compile(r"^(baseline|improvements|costs)\[(\d+)\](?:\.(\w+))?")
SETTINGS_FIELD = {"discount_rate": "discount_rate_percent"}


def visible_journey(request, pk: int):
    """Return the journey if the user may read it; 404 otherwise (its existence stays hidden)."""
    journeys = permissions.visible_journeys(request.user).select_related("account", "owner")
    return get_object_or_404(journeys, pk=pk)


def _stated_strategies(journey) -> list[str]:
    text = "\n".join(filter(None, (journey.account.strategies, journey.account.priorities)))
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def _forms(journey, data=None, stored=None):
    if stored is not None and data is None:
        try:
            initial = initial_from_inputs(stored.as_inputs())
        except (DataValidationError, TypeError):
            initial = None
    else:
        initial = None
    if initial is None:
        initial = {
            "settings": {"currency": journey.currency or "EUR",
                         "title": journey.title,
                         "strategies": "\n".join(_stated_strategies(journey))},
            "baseline": [], "improvements": [], "costs": [],
        }
    return (
        CaseSettingsForm(data, prefix="case", initial=initial["settings"]),
        CostLineFormSet(data, prefix="baseline", initial=initial["baseline"]),
        ImprovementFormSet(data, prefix="improvements", initial=initial["improvements"]),
        CostItemFormSet(data, prefix="costs", initial=initial["costs"]),
    )


def _attach_error(error: DataValidationError, settings_form, where) -> None:
    name = error.location.field or ""
    match = ROW_PATTERN.match(name)
    if match and f"{match[1]}[{match[2]}]" in where:
        form = where[f"{match[1]}[{match[2]}]"]
        form.add_error(match[3] if match[3] in form.fields else None, error.message)
        return
    field_name = SETTINGS_FIELD.get(name, name)
    if field_name in settings_form.fields:
        settings_form.add_error(field_name, error.message)
    else:
        label = name.replace("_", " ") if name else "business case"
        settings_form.add_error(None, f"{label}: {error.message}")


def _grid_rows(grid):
    return [
        (factor, [(cost, npv, roi) for cost, npv, roi in
                  zip(grid.cost_factors, npv_row, roi_row, strict=True)])
        for factor, npv_row, roi_row in zip(grid.improvement_factors, grid.npv, grid.roi,
                                            strict=True)
    ]


def case_figures(view: queries.CaseView) -> dict:
    """Return the charts and tables derived from an evaluated case (for page and document)."""
    if view.result is None:
        return {}
    currency = view.inputs.currency
    return {
        "currency": currency,
        "cumulative_svg": charts.cumulative_chart(view.result.scenarios, currency),
        "tornado_svg": charts.tornado_chart(view.tornado, currency),
        "grid_rows": _grid_rows(view.grid),
    }


@require_http_methods(["GET", "POST"])
def business_case_edit(request, pk: int):
    """Build the business case with the buyer, and show its figures and sensitivity."""
    request.nav_section = "journeys"
    journey = visible_journey(request, pk)
    can_edit = permissions.can_edit_journey(request.user, journey)
    view = queries.business_case_view(journey)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Only the journey's owner or a manager changes its case.")
        settings_form, baseline, improvements, costs = _forms(journey, request.POST)
        valid = all(f.is_valid() for f in (settings_form, baseline, improvements, costs))
        if valid:
            inputs, where = inputs_from_forms(settings_form, baseline, improvements, costs)
            try:
                services.save_business_case(journey, inputs, by=request.user)
            except DataValidationError as error:
                _attach_error(error, settings_form, where)
            else:
                messages.success(request, "Business case saved; the figures are up to date.")
                return redirect("business-case", pk=journey.pk)
        status = 400
    else:
        settings_form, baseline, improvements, costs = _forms(journey, stored=view.stored)
    context = {
        "journey": journey, "view": view, "can_edit": can_edit,
        "settings_form": settings_form, "baseline": baseline, "improvements": improvements,
        "costs": costs, **case_figures(view),
    }
    return render(request, "success/business_case.html", context, status=status)


def _document_context(request, journey, view) -> dict:
    strategies = list(view.inputs.strategies) or _stated_strategies(journey)
    expected = view.result.expected
    top_inputs = view.tornado.bars[:3]
    return {
        "journey": journey, "view": view, "strategies": strategies, "expected": expected,
        "top_inputs": top_inputs, "prepared_on": timezone.localdate(),
        "prepared_by": journey.owner.display_name, **case_figures(view),
    }


def _evaluated_case(request, pk: int):
    journey = visible_journey(request, pk)
    view = queries.business_case_view(journey)
    return journey, view


@require_GET
def business_case_document(request, pk: int):
    """Show the buyer-ready one-page document (prints cleanly from the browser)."""
    journey, view = _evaluated_case(request, pk)
    if view.result is None:
        messages.error(request, "Build the business case first: it has no figures yet.")
        return redirect("business-case", pk=journey.pk)
    return render(request, "success/business_case_document.html",
                  _document_context(request, journey, view))


@require_GET
def business_case_pdf(request, pk: int):
    """Return the one-page document as a PDF, printed offline by headless Chromium."""
    journey, view = _evaluated_case(request, pk)
    if view.result is None:
        messages.error(request, "Build the business case first: it has no figures yet.")
        return redirect("business-case", pk=journey.pk)
    css_path = finders.find(PRINT_CSS)
    with open(css_path, encoding="utf-8") as handle:
        css = handle.read()
    html = render_to_string("success/business_case_document.html",
                            {**_document_context(request, journey, view), "inline_css": css,
                             "for_pdf": True}, request=request)
    try:
        pdf = html_to_pdf(html)
    except DocumentExportError as error:
        messages.error(request, error.message)
        return redirect("business-case", pk=journey.pk)
    name = slugify(f"business case {journey.account.name} {journey.title}")[:80]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    record_export(request.user, "business_case", fmt="pdf", object_id=journey.pk)
    return response
