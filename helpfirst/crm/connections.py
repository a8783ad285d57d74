"""Create and revoke CRM connections (managers and admins of the team)."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from helpfirst.core.crm.stages import parse_stage_map
from helpfirst.core.errors import DataValidationError
from helpfirst.crm.models import CrmConnection, CrmKind


def may_manage_connections(user) -> bool:
    """Managers and admins connect CRMs; reps do not."""
    return bool(user.team_id) and user.sees_whole_team


def create_connection(
    user,
    *,
    kind: str,
    name: str,
    secret: str = "",
    external_account_id: str = "",
    stage_map: list[str] | None = None,
) -> tuple[CrmConnection, str]:
    """Create a connection for ``user``'s team; return it and the secret (shown only now).

    HubSpot signs with the app's client secret, so it must be given; for Salesforce helpfirst
    generates one for the connector when none is given.
    """
    if not may_manage_connections(user):
        raise PermissionDenied("Only managers and admins connect CRMs.")
    if kind not in CrmKind.values:
        raise DataValidationError(f"Unknown CRM {kind!r}; use hubspot or salesforce.", field="kind")
    name = (name or "").strip()[:200]
    if not name:
        raise DataValidationError("Name the connection (e.g. 'HubSpot production').", field="name")
    secret = (secret or "").strip()
    if not secret:
        if kind == CrmKind.HUBSPOT:
            raise DataValidationError(
                "Paste the HubSpot app's client secret: HubSpot signs every delivery with it.",
                field="secret",
            )
        secret = secrets.token_urlsafe(32)
    if len(secret) < 16 or len(secret) > 200:
        raise DataValidationError("The secret must be 16 to 200 characters long.", field="secret")
    try:
        stages = parse_stage_map(stage_map or [])
    except ValueError as exc:
        raise DataValidationError(str(exc), field="stage_map") from None
    connection = CrmConnection.objects.create(
        team_id=user.team_id,
        kind=kind,
        name=name,
        secret=secret,
        external_account_id=(external_account_id or "").strip()[:64],
        stage_map=stages,
        created_by=user,
        default_owner=user,
    )
    return connection, secret


def revoke_connection(user, connection: CrmConnection) -> None:
    """Stop accepting deliveries for ``connection`` (its history is kept)."""
    if not may_manage_connections(user) or connection.team_id != user.team_id:
        raise PermissionDenied("Only managers and admins of the team revoke connections.")
    if connection.revoked_at is None:
        connection.revoked_at = timezone.now()
        connection.save(update_fields=["revoked_at"])
