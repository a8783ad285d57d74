"""Plan pages: edit the mutual action plan, share it with the buyer, print it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from helpfirst.core.errors import DataValidationError
from helpfirst.plans import queries, services
from helpfirst.plans.forms import BuyerLinkForm, PlanStartForm, PlanStepForm, step_form
from helpfirst.plans.models import OwnerSide, PlanStep
from helpfirst.team import permissions


def visible_journey(request, pk: int):
    """Return the journey if the user may read it; 404 otherwise (its existence stays hidden)."""
    journeys = permissions.visible_journeys(request.user).select_related("account", "owner", "team")
    return get_object_or_404(journeys, pk=pk)


def editable_journey(request, pk: int):
    """Return the journey if the user may change it (403 when they may only read it)."""
    journey = visible_journey(request, pk)
    if not permissions.can_edit_journey(request.user, journey):
        raise PermissionDenied("Only the journey's owner or a manager can change its plan.")
    return journey


def _plan_page(
    request, journey, *, status=200, forms=None, conflict=None, new_link=None, new_step_form=None
):
    plan = queries.plan_of(journey)
    can_edit = permissions.can_edit_journey(request.user, journey)
    context = {
        "journey": journey,
        "plan": plan,
        "can_edit": can_edit,
        "start_form": PlanStartForm(),
        "conflict": conflict,
        "new_link": new_link,
    }
    if plan is not None:
        view = queries.plan_view(plan)
        forms = forms or {}
        for row in view.rows:
            row.form = forms.get(row.step.pk) or step_form(row.step, journey)
        context.update(
            {
                "view": view,
                "links": queries.live_links(plan),
                "now": timezone.now(),
                "link_form": BuyerLinkForm(),
                "new_step_form": new_step_form
                or PlanStepForm(journey=journey, prefix="new", initial={"owner": "unassigned"}),
            }
        )
    return render(request, "plans/plan_page.html", context, status=status)


@require_GET
def plan_page(request, pk: int):
    """Show the journey's mutual action plan (or offer to start one)."""
    return _plan_page(request, visible_journey(request, pk))


@require_POST
def plan_start(request, pk: int):
    """Start the plan from the chosen deal type's template."""
    journey = editable_journey(request, pk)
    form = PlanStartForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, journey, status=400)
    services.start_plan(journey, deal_type=form.cleaned_data["deal_type"], by=request.user)
    messages.success(request, "Plan started from the template: adjust it with the buyer.")
    return redirect("plan-page", pk=journey.pk)


def _step(journey, step_id: int) -> PlanStep:
    return get_object_or_404(
        PlanStep.objects.select_related("plan"), pk=step_id, plan__journey=journey
    )


@require_POST
def plan_step_update(request, pk: int, step_id: int):
    """Save one step; a stale version shows a conflict and keeps both versions visible."""
    journey = editable_journey(request, pk)
    step = _step(journey, step_id)
    form = step_form(step, journey, request.POST)
    if not form.is_valid():
        return _plan_page(request, journey, status=400, forms={step.pk: form})
    version = form.cleaned_data["version"] or 0
    try:
        services.update_step(step, expected_version=version, by=request.user, **form.step_values())
    except services.PlanEditConflictError as error:
        return _plan_page(
            request,
            journey,
            status=409,
            conflict={"message": error.message, "yours": form.cleaned_data, "step": step},
        )
    except DataValidationError as error:
        form.add_error(None, error.message)
        return _plan_page(request, journey, status=400, forms={step.pk: form})
    messages.success(request, f"Saved '{form.cleaned_data['title']}'.")
    return redirect(reverse("plan-page", args=[journey.pk]) + f"#step-{step.pk}")


@require_POST
def plan_step_add(request, pk: int):
    """Add a step to the plan."""
    journey = editable_journey(request, pk)
    plan = queries.plan_of(journey) or services.start_plan(journey, by=request.user)
    form = PlanStepForm(request.POST, journey=journey, prefix="new")
    if form.is_valid():
        try:
            services.add_step(plan, by=request.user, **form.step_values())
        except DataValidationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Step added.")
            return redirect("plan-page", pk=journey.pk)
    return _plan_page(request, journey, status=400, new_step_form=form)


@require_POST
def plan_step_delete(request, pk: int, step_id: int):
    """Delete a step (refused when someone changed it meanwhile)."""
    journey = editable_journey(request, pk)
    step = _step(journey, step_id)
    try:
        version = int(request.POST.get("version", "0"))
        services.delete_step(step, expected_version=version)
    except (ValueError, services.PlanEditConflictError) as error:
        message = getattr(error, "message", "Send the step's version to delete it.")
        return _plan_page(request, journey, status=409, conflict={"message": message})
    messages.success(request, f"Deleted '{step.title}'.")
    return redirect("plan-page", pk=journey.pk)


@require_POST
def buyer_link_create(request, pk: int):
    """Issue a read-only buyer link; its address is shown once, on this response only."""
    journey = editable_journey(request, pk)
    plan = queries.plan_of(journey)
    if plan is None:
        return redirect("plan-page", pk=journey.pk)
    form = BuyerLinkForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, journey, status=400)
    issued = services.issue_buyer_link(
        plan, by=request.user, days=form.cleaned_data["days"], label=form.cleaned_data["label"]
    )
    url = request.build_absolute_uri(reverse("buyer-plan", args=[issued.token]))
    return _plan_page(request, journey, new_link={"url": url, "link": issued.link})


@require_POST
def buyer_link_revoke(request, pk: int, link_id: int):
    """Revoke a buyer link: it stops working at once."""
    journey = editable_journey(request, pk)
    plan = queries.plan_of(journey)
    if plan is None:
        return redirect("plan-page", pk=journey.pk)
    link = get_object_or_404(plan.buyer_links, pk=link_id)
    services.revoke_buyer_link(link)
    messages.success(request, f"Link {link.prefix}… revoked; it no longer opens the plan.")
    return redirect("plan-page", pk=journey.pk)


@require_GET
def plan_print(request, pk: int):
    """Show the plan as a printable page (no internal notes: it is meant to be shared)."""
    journey = visible_journey(request, pk)
    plan = queries.plan_of(journey)
    if plan is None:
        return redirect("plan-page", pk=journey.pk)
    return render(request, "plans/plan_print.html", _shared_context(plan))


def _shared_context(plan) -> dict:
    view = queries.plan_view(plan)
    return {
        "plan": plan,
        "journey": plan.journey,
        "account": plan.journey.account,
        "view": view,
        "sides": dict(OwnerSide.choices),
    }


@require_GET
def buyer_plan(request, token: str):
    """Show the buyer the plan, read-only and without login; dead links show no data."""
    link, why = services.open_buyer_link(token)
    if link is None:
        status = 410 if why in ("expired", "revoked") else 404
        response = render(request, "plans/buyer_link_gone.html", {"why": why}, status=status)
    else:
        context = _shared_context(link.plan)
        context.update({"link": link, "buyer_view": True})
        response = render(request, "plans/plan_print.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
