"""Playbook pages: problems we solve, who we don't serve, and the content library.

Everyone on the team reads the playbook; managers and admins edit it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from helpfirst.playbook.forms import AntiFitForm, ContentFilterForm, ContentItemForm, ProblemForm
from helpfirst.playbook.models import AntiFit, ContentItem, Problem
from helpfirst.team import permissions

EDIT_DENIED = "Only managers and admins edit the playbook; ask yours to change this."


def _team_objects(request, model):
    """Return ``model`` rows of the user's team (none when the user has no team)."""
    if request.user.team_id is None:
        return model.objects.none()
    return model.objects.filter(team_id=request.user.team_id)


def _require_editor(request) -> None:
    if not permissions.can_edit_playbook(request.user):
        raise PermissionDenied(EDIT_DENIED)


def _edit(request, *, form_class, instance, template, context, success_url_for):
    """Run a create/edit form for one playbook entry and redirect once it is saved."""
    _require_editor(request)
    form = form_class(
        request.POST or None, request.FILES or None, instance=instance, team=request.user.team
    )
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.updated_at = timezone.now()
        entry.save()
        form.save_m2m()
        messages.success(request, f"Saved “{entry.title}”.")
        return redirect(success_url_for(entry))
    return render(request, template, {**context, "form": form, "entry": instance})


@require_GET
def problem_list(request):
    """List the problems we solve well."""
    problems = _team_objects(request, Problem).annotate(content_count=Count("content_items"))
    return render(
        request,
        "playbook/problem_list.html",
        {"problems": problems, "can_edit": permissions.can_edit_playbook(request.user)},
    )


@require_GET
def problem_detail(request, pk: int):
    """Show one problem: who has it, how they say it, our proof and content that helps."""
    problem = get_object_or_404(_team_objects(request, Problem), pk=pk)
    content = problem.content_items.order_by("title")
    return render(
        request,
        "playbook/problem_detail.html",
        {
            "problem": problem,
            "content": content,
            "can_edit": permissions.can_edit_playbook(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def problem_create(request):
    """Add a problem to the playbook."""
    return _edit(
        request,
        form_class=ProblemForm,
        instance=Problem(),
        template="playbook/problem_form.html",
        context={"heading": "New problem"},
        success_url_for=lambda p: p.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def problem_edit(request, pk: int):
    """Edit a problem of the playbook."""
    _require_editor(request)
    problem = get_object_or_404(_team_objects(request, Problem), pk=pk)
    return _edit(
        request,
        form_class=ProblemForm,
        instance=problem,
        template="playbook/problem_form.html",
        context={"heading": f"Edit “{problem.title}”"},
        success_url_for=lambda p: p.get_absolute_url(),
    )


@require_GET
def antifit_list(request):
    """List who we do not serve, and where we send them instead."""
    return render(
        request,
        "playbook/antifit_list.html",
        {
            "anti_fits": _team_objects(request, AntiFit),
            "can_edit": permissions.can_edit_playbook(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def antifit_create(request):
    """Add an anti-fit to the playbook."""
    return _edit(
        request,
        form_class=AntiFitForm,
        instance=AntiFit(),
        template="playbook/antifit_form.html",
        context={"heading": "New anti-fit"},
        success_url_for=lambda a: reverse("antifit-list") + f"#antifit-{a.pk}",
    )


@require_http_methods(["GET", "POST"])
def antifit_edit(request, pk: int):
    """Edit an anti-fit."""
    _require_editor(request)
    anti_fit = get_object_or_404(_team_objects(request, AntiFit), pk=pk)
    return _edit(
        request,
        form_class=AntiFitForm,
        instance=anti_fit,
        template="playbook/antifit_form.html",
        context={"heading": f"Edit “{anti_fit.title}”"},
        success_url_for=lambda a: reverse("antifit-list") + f"#antifit-{a.pk}",
    )


@require_GET
def content_list(request):
    """List the content library, filtered by format, buying stage and stakeholder role."""
    form = ContentFilterForm(request.GET or None)
    values = form.values()
    items = _team_objects(request, ContentItem).prefetch_related("problems")
    if values["q"]:
        items = items.filter(Q(title__icontains=values["q"]) | Q(summary__icontains=values["q"]))
    if values["format"]:
        items = items.filter(format=values["format"])
    # JSON lists are matched on their quoted members, which works on SQLite and PostgreSQL.
    if values["stage"]:
        items = items.filter(buying_stages__icontains=f'"{values["stage"]}"')
    if values["role"]:
        items = items.filter(stakeholder_roles__icontains=f'"{values["role"]}"')
    context = {
        "form": form,
        "items": items,
        "can_edit": permissions.can_edit_playbook(request.user),
    }
    if request.htmx and request.htmx.target == "content-results":
        return render(request, "playbook/_content_results.html", context)
    return render(request, "playbook/content_list.html", context)


@require_http_methods(["GET", "POST"])
def content_create(request):
    """Add an item to the content library."""
    return _edit(
        request,
        form_class=ContentItemForm,
        instance=ContentItem(),
        template="playbook/content_form.html",
        context={"heading": "New content"},
        success_url_for=lambda c: reverse("content-list"),
    )


@require_http_methods(["GET", "POST"])
def content_edit(request, pk: int):
    """Edit an item of the content library."""
    _require_editor(request)
    item = get_object_or_404(_team_objects(request, ContentItem), pk=pk)
    return _edit(
        request,
        form_class=ContentItemForm,
        instance=item,
        template="playbook/content_form.html",
        context={"heading": f"Edit “{item.title}”"},
        success_url_for=lambda c: reverse("content-list"),
    )
