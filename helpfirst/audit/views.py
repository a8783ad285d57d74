"""The audit log page: admins only, filtered by who, action, object type and date, paged."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helpfirst.audit import queries
from helpfirst.audit.models import AuditAction
from helpfirst.web.paging import PageWindow, page_number, slice_rows

PER_PAGE = 50


@require_GET
def audit_log(request):
    """Show the team's audit log (admins; everyone else gets a 404, as for things not theirs)."""
    if not queries.can_read_audit(request.user):
        raise Http404("Not found")
    wanted = queries.filter_from(request.GET)
    number = page_number(request.GET.get("page"))
    rows, has_next = slice_rows(queries.entries(request.user, wanted), number, PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_log.html",
        {
            "page": PageWindow(rows, number, PER_PAGE, has_next),
            "wanted": wanted,
            "choices": queries.choices(request.user),
            "action_labels": dict(AuditAction.choices),
            "query": query.urlencode(),
        },
    )
