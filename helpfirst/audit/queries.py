"""Reads of the audit log: admins of a team see their team's entries, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from helpfirst.audit.models import AuditAction, AuditEntry
from helpfirst.team.models import Role


def can_read_audit(user) -> bool:
    """Only a team's admins read its audit log."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.team_id is not None
        and user.role == Role.ADMIN
    )


@dataclass(frozen=True)
class AuditFilter:
    who: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


def _parse_date(raw) -> date | None:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw or "").strip()) if raw else None
    except ValueError:
        return None


def filter_from(params) -> AuditFilter:
    """Read filters from a query string; odd values are ignored, not errors."""
    action = str(params.get("action") or "").strip()
    return AuditFilter(
        who=str(params.get("who") or "").strip()[:150],
        action=action if action in AuditAction.values else "",
        object_type=str(params.get("object_type") or "").strip()[:60],
        object_id=str(params.get("object_id") or "").strip()[:64],
        since=_parse_date(params.get("since")),
        until=_parse_date(params.get("until")),
    )


def entries(user, wanted: AuditFilter | None = None) -> QuerySet[AuditEntry]:
    """Return ``user``'s team's entries, newest first; PermissionDenied for non-admins."""
    if not can_read_audit(user):
        raise PermissionDenied("Only admins read the audit log.")
    wanted = wanted or AuditFilter()
    rows = AuditEntry.objects.filter(team_id=user.team_id)
    if wanted.who:
        rows = rows.filter(username__iexact=wanted.who)
    if wanted.action:
        rows = rows.filter(action=wanted.action)
    if wanted.object_type:
        rows = rows.filter(object_type=wanted.object_type)
    if wanted.object_id:
        rows = rows.filter(object_id=wanted.object_id)
    tz = timezone.get_current_timezone()
    if wanted.since:
        rows = rows.filter(
            at__gte=timezone.make_aware(datetime.combine(wanted.since, time.min), tz)
        )
    if wanted.until:
        rows = rows.filter(
            at__lte=timezone.make_aware(datetime.combine(wanted.until, time.max), tz)
        )
    return rows.order_by("-at", "-id")


def choices(user) -> dict[str, list[str]]:
    """The distinct usernames and object types of the team's log (for the filter menus)."""
    rows = AuditEntry.objects.filter(team_id=user.team_id).order_by()
    return {
        "who": sorted(set(rows.exclude(username="").values_list("username", flat=True)[:2000])),
        "object_type": sorted(
            set(rows.exclude(object_type="").values_list("object_type", flat=True)[:2000])
        ),
        "action": list(AuditAction.values),
    }
