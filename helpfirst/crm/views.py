"""Pages for managers and admins: CRM connections and their recent deliveries."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from helpfirst.core.errors import DataValidationError
from helpfirst.crm.connections import create_connection, may_manage_connections, revoke_connection
from helpfirst.crm.forms import CrmConnectionForm
from helpfirst.crm.models import CrmConnection, DeliveryStatus

DELIVERIES_SHOWN = 100


def _team_connections(request):
    if not may_manage_connections(request.user):
        raise PermissionDenied("Only managers and admins manage CRM connections.")
    return CrmConnection.objects.filter(team_id=request.user.team_id)


def connection_list_page(request):
    """List the team's connections; create one (its secret is shown on the next page only)."""
    connections = _team_connections(request)
    request.nav_section = "crm"
    form = CrmConnectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connection, secret = create_connection(
                request.user,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                secret=form.cleaned_data["secret"],
                external_account_id=form.cleaned_data["external_account_id"],
                stage_map=form.stage_lines(),
            )
        except DataValidationError as exc:
            form.add_error(
                exc.location.field if exc.location.field in form.fields else None, exc.message
            )
        else:
            return render(
                request,
                "crm/connection_created.html",
                {
                    "connection": connection,
                    "secret": secret,
                    "generated": connection.kind == "salesforce"
                    and not form.cleaned_data["secret"],
                    "webhook_url": request.build_absolute_uri(connection.webhook_path()),
                },
            )
    rows = [(c, request.build_absolute_uri(c.webhook_path())) for c in connections]
    return render(request, "crm/connection_list.html", {"rows": rows, "form": form})


def connection_detail_page(request, pk: int):
    """Show one connection's recent deliveries with their status."""
    connection = get_object_or_404(_team_connections(request), pk=pk)
    request.nav_section = "crm"
    deliveries = connection.deliveries.all()
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        deliveries = deliveries.filter(status=status)
    return render(
        request,
        "crm/connection_detail.html",
        {
            "connection": connection,
            "deliveries": deliveries[:DELIVERIES_SHOWN],
            "statuses": DeliveryStatus.choices,
            "status": status,
            "webhook_url": request.build_absolute_uri(connection.webhook_path()),
        },
    )


@require_POST
def connection_revoke(request, pk: int):
    """Revoke a connection: its URL stops accepting deliveries at once."""
    connection = get_object_or_404(_team_connections(request), pk=pk)
    revoke_connection(request.user, connection)
    return redirect("crm-connections")
