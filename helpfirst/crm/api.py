"""CRM connectors: REST API (webhook receivers, and connections/deliveries of your team)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from helpfirst.crm import webhooks
from helpfirst.crm.connections import may_manage_connections
from helpfirst.crm.models import CrmConnection

router = Router(tags=["CRM connectors"])


@router.post(
    "/crm/webhooks/hubspot/{key}", auth=None, url_name="crm-webhook-hubspot", include_in_schema=True
)
def hubspot_webhook(request, key: str):
    """Receive HubSpot webhook events (signed with X-HubSpot-Signature-v3; no token)."""
    return webhooks.hubspot_webhook(request, key)


@router.post("/crm/webhooks/salesforce/{key}", auth=None, url_name="crm-webhook-salesforce")
def salesforce_webhook(request, key: str):
    """Receive Salesforce outbound messages (SOAP) or relayed events (JSON), signed with
    X-Helpfirst-Signature; SOAP deliveries are answered with the Ack Salesforce expects."""
    return webhooks.salesforce_webhook(request, key)


class ConnectionOut(Schema):
    id: int
    kind: str
    name: str
    webhook_url: str
    external_account_id: str
    active: bool
    created_at: datetime
    revoked_at: datetime | None
    last_delivery_at: datetime | None


class DeliveryOut(Schema):
    id: int
    event_id: str
    object_type: str
    object_id: str
    action: str
    raw_type: str
    status: str
    message: str
    occurred_at: datetime | None
    received_at: datetime


def _connections(request):
    user = request.auth
    if not may_manage_connections(user):
        raise PermissionDenied("Only managers and admins see CRM connections.")
    return CrmConnection.objects.filter(team_id=user.team_id)


@router.get("/crm/connections", response=list[ConnectionOut])
def list_connections(request):
    """Your team's CRM connections (never their secrets)."""
    return [
        ConnectionOut(
            id=c.pk,
            kind=c.kind,
            name=c.name,
            webhook_url=request.build_absolute_uri(c.webhook_path()),
            external_account_id=c.external_account_id,
            active=c.active,
            created_at=c.created_at,
            revoked_at=c.revoked_at,
            last_delivery_at=c.last_delivery_at,
        )
        for c in _connections(request)
    ]


@router.get("/crm/connections/{connection_id}/deliveries", response=list[DeliveryOut])
def list_deliveries(request, connection_id: int, status: str = "", limit: int = 100):
    """The newest events one of your team's connections delivered (at most 500)."""
    connection = get_object_or_404(_connections(request), pk=connection_id)
    deliveries = connection.deliveries.all()
    if status:
        deliveries = deliveries.filter(status=status)
    return list(deliveries[: max(1, min(limit, 500))])
