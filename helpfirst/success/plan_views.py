"""Success pages: the plan of a won customer, the customers list, and outcomes by fit verdict."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.success import charts, manager, queries, services
from helpfirst.success.case_views import visible_journey
from helpfirst.success.forms import CheckpointForm, CustomerVoiceForm, MilestoneForm
from helpfirst.success.models import SuccessPlan
from helpfirst.team import permissions

AFTER_SALE = (*sorted(vocabulary.CUSTOMER_STAGES), "churned")


def _editable(request, pk: int):
    journey = visible_journey(request, pk)
    if not permissions.can_edit_journey(request.user, journey):
        raise PermissionDenied("Only the journey's owner or a manager changes its success plan.")
    return journey


def _plan_or_404(journey) -> SuccessPlan:
    return get_object_or_404(SuccessPlan, journey=journey)


@require_http_methods(["GET", "POST"])
def success_plan(request, pk: int):
    """Show the success plan of a won journey (POST starts it)."""
    request.nav_section = "customers"
    journey = visible_journey(request, pk)
    can_edit = permissions.can_edit_journey(request.user, journey)
    plan = SuccessPlan.objects.filter(journey=journey).first()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Only the journey's owner or a manager starts its plan.")
        if journey.buying_stage not in vocabulary.CUSTOMER_STAGES:
            messages.error(request, "The success plan starts once the buyer has bought.")
        elif plan is None:
            services.start_success_plan(journey)
            messages.success(request, "Success plan started with the usual first milestones.")
        return redirect("success-plan", pk=journey.pk)
    context = {"journey": journey, "plan": plan, "can_edit": can_edit,
               "won": journey.buying_stage in AFTER_SALE}
    if plan is not None:
        overview = queries.success_overview(request.user, journey, plan)
        context.update({
            "overview": overview,
            "milestone_form": MilestoneForm(initial={"owner_name": journey.owner.display_name}),
            "checkpoint_form": CheckpointForm(initial={"measured_on": timezone.localdate()}),
            "voice_form": CustomerVoiceForm(initial={
                "sentiment": "" if plan.sentiment is None else f"{plan.sentiment:g}",
                "reference_consent": plan.reference_consent}),
            "usage_svg": _usage_chart(overview),
            "value_svg": _value_chart(overview, journey),
        })
    return render(request, "success/success_plan.html", context)


def _usage_chart(overview):
    signals = overview.signals
    if signals is None or signals.usage_trend is None:
        return None
    weeks = len(signals.weekly_active_users)
    rows = [charts.BarRow(f"{weeks - i} wk ago" if i < weeks - 1 else "last week", value,
                          f"{value:.0f}")
            for i, value in enumerate(signals.weekly_active_users)]
    return charts.bar_chart(rows, width=360, bar_height=12, label_width=80,
                            title="Weekly active users, last 8 weeks")


def _value_chart(overview, journey):
    report = overview.value
    if report is None:
        return None
    rows = []
    for point in report.checkpoints:
        label = point.label or f"month {point.month:.0f}"
        rows.append(charts.BarRow(f"{label}: promised", point.promised_expected,
                                  charts.money(point.promised_expected)))
        rows.append(charts.BarRow("realised", point.realised, charts.money(point.realised)))
    return charts.bar_chart(rows, width=460, bar_height=14, label_width=170,
                            title="Value realised versus promised")


def _post_form(request, pk: int, form_class, action):
    journey = _editable(request, pk)
    plan = _plan_or_404(journey)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(plan, form.cleaned_data)
        except DataValidationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Saved.")
    else:
        problems = "; ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items())
        messages.error(request, f"Not saved — {problems}")
    return redirect("success-plan", pk=journey.pk)


@require_POST
def milestone_add(request, pk: int):
    """Add a milestone with an owner and a due date."""
    return _post_form(request, pk, MilestoneForm,
                      lambda plan, data: services.add_milestone(plan, **data))


@require_POST
def milestone_done(request, pk: int, milestone_id: int):
    """Mark a milestone done today."""
    journey = _editable(request, pk)
    plan = _plan_or_404(journey)
    services.complete_milestone(get_object_or_404(plan.milestones, pk=milestone_id))
    messages.success(request, "Milestone marked done.")
    return redirect("success-plan", pk=journey.pk)


@require_POST
def checkpoint_add(request, pk: int):
    """Record the value realised so far."""
    return _post_form(request, pk, CheckpointForm, lambda plan, data: (
        services.record_value_checkpoint(plan, by=request.user, **data)))


@require_POST
def customer_voice(request, pk: int):
    """Record the customer's sentiment and reference consent."""
    return _post_form(request, pk, CustomerVoiceForm, lambda plan, data: (
        services.update_customer_voice(plan, sentiment=data["sentiment"],
                                       reference_consent=data["reference_consent"])))


@require_GET
def customer_list(request):
    """List won customers (and churned ones) with their success plan at a glance."""
    request.nav_section = "customers"
    journeys = (
        permissions.visible_journeys(request.user)
        .filter(buying_stage__in=AFTER_SALE)
        .select_related("account", "owner", "success_plan")
        .annotate(
            checkpoints=Count("success_plan__checkpoints", distinct=True),
            overdue=Count("success_plan__milestones", distinct=True, filter=Q(
                success_plan__milestones__done_on__isnull=True,
                success_plan__milestones__due__lt=timezone.localdate())),
        )
        .order_by("account__name", "pk")
    )
    return render(request, "success/customer_list.html", {"journeys": journeys[:500]})


@require_GET
def outcomes_by_fit(request):
    """Show win rate, time to decision, realised value and churn by fit verdict at decision."""
    request.nav_section = "outcomes"
    groups = manager.outcomes_by_fit_verdict(request.user)

    def bars(metric, text):
        return charts.bar_chart(
            [charts.BarRow(g.verdict, metric(g), text(g)) for g in groups], width=420,
            label_width=130)

    def pct(value):
        return "no data" if value is None else f"{value:.0%}"

    context = {
        "groups": groups,
        "assessed": any(g.verdict != manager.NOT_ASSESSED for g in groups),
        "win_rate_svg": bars(lambda g: g.win_rate, lambda g: pct(g.win_rate)),
        "days_svg": bars(lambda g: g.median_days, lambda g: (
            "no data" if g.median_days is None else f"{g.median_days:.0f} days")),
        "value_svg": bars(lambda g: g.value_share, lambda g: pct(g.value_share)),
        "churn_svg": bars(lambda g: g.churn_rate, lambda g: pct(g.churn_rate)),
    }
    return render(request, "success/outcomes_by_fit.html", context)
