"""Account pages: the list, one account's page, its timeline and its details form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from helpfirst.accounts import page_cache, queries
from helpfirst.accounts.forms import AccountFilterForm, AccountForm
from helpfirst.team import permissions
from helpfirst.web.paging import page_number


@require_GET
def account_list(request):
    """List the accounts the user may read, with search, filters, sorting and pagination."""
    user = request.user
    just_results = bool(request.htmx and request.htmx.target == "account-results")

    def render_body() -> str:
        form = AccountFilterForm(
            request.GET or None, industries=queries.industries(user), owners=queries.owners(user)
        )
        filters = form.filters()
        page = queries.account_list_page(user, filters, page_number(request.GET.get("page")))
        context = {"filters": filters, "page": page}
        results = render_to_string("accounts/_account_results.html", context, request)
        if just_results:
            return results
        context = {"form": form, "results": results}
        return render_to_string("accounts/_account_list_body.html", context, request)

    name = "account-results" if just_results else "account-list"
    body, cached = page_cache.fragment(request, name, render_body)
    if just_results:
        response = HttpResponse(body)
    else:  # rendered and escaped above
        response = render(request, "accounts/account_list.html", {"body": mark_safe(body)})
    response[page_cache.HEADER] = "hit" if cached else "miss"
    return response


@require_GET
def account_detail(request, pk: int):
    """Show one account: details, people, journeys and the interaction timeline."""
    user = request.user
    account = get_object_or_404(permissions.visible_accounts(user).select_related("owner"), pk=pk)

    def render_body() -> str:
        context = {
            "account": account,
            "contacts": queries.account_contacts(user, account),
            "journeys": queries.account_journeys(user, account),
            "timeline": queries.account_timeline(user, account),
            "timeline_url_name": "account-timeline",
            "timeline_owner": account,
            "show_journey": True,
            "can_edit": permissions.can_edit_account(user, account),
        }
        return render_to_string("accounts/_account_detail_body.html", context, request)

    body, cached = page_cache.fragment(request, "account-detail", render_body)
    context = {"account": account, "body": mark_safe(body)}  # rendered and escaped above
    response = render(request, "accounts/account_detail.html", context)
    response[page_cache.HEADER] = "hit" if cached else "miss"
    return response


@require_GET
def account_timeline(request, pk: int):
    """Return one more page of an account's timeline (HTMX "load more")."""
    user = request.user
    account = get_object_or_404(permissions.visible_accounts(user), pk=pk)
    timeline = queries.account_timeline(user, account, page_number(request.GET.get("page")))
    context = {
        "timeline": timeline,
        "timeline_url_name": "account-timeline",
        "timeline_owner": account,
        "show_journey": True,
    }
    template = (
        "interactions/_timeline_items.html" if request.htmx else "interactions/timeline_page.html"
    )
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def account_edit(request, pk: int):
    """Edit an account's details, strategies and priorities."""
    user = request.user
    account = get_object_or_404(permissions.visible_accounts(user), pk=pk)
    if not permissions.can_edit_account(user, account):
        raise PermissionDenied("You can read this account but not change it.")
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        account = form.save(commit=False)
        account.updated_at = timezone.now()
        account.save()
        messages.success(request, f"Saved {account.name}.")
        return redirect(account)
    return render(request, "accounts/account_form.html", {"account": account, "form": form})
