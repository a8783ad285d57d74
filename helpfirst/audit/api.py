"""Audit log: REST API (admins only)."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from helpfirst.audit import queries
from helpfirst.audit.models import AuditAction
from helpfirst.site.pagination import BoundedLimitOffsetPagination

router = Router(tags=["Audit log"])


class AuditEntryOut(Schema):
    id: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    object_type: str
    object_id: str
    label: str
    fields: list[str]
    detail: dict[str, Any]
    via: str
    request_id: str


class AuditQuery(Schema):
    who: str = Field("", max_length=150, description="Username, exactly.")
    action: AuditAction | None = None
    object_type: str = Field("", max_length=60)
    object_id: str = Field("", max_length=64)
    since: date | None = None
    until: date | None = None


@router.get("/audit", response=list[AuditEntryOut])
@paginate(BoundedLimitOffsetPagination)
def list_audit_entries(request, filters: Query[AuditQuery]):
    """List your team's audit log, newest first (admins only)."""
    if not queries.can_read_audit(request.auth):
        raise PermissionDenied("Only admins read the audit log.")
    wanted = queries.AuditFilter(
        who=filters.who.strip(),
        action=filters.action.value if filters.action else "",
        object_type=filters.object_type.strip(),
        object_id=filters.object_id.strip(),
        since=filters.since,
        until=filters.until,
    )
    return queries.entries(request.auth, wanted)
