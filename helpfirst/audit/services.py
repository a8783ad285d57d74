"""Write audit entries. Other apps call :func:`record` (or the helpers below) in one line."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from helpfirst.audit.context import Actor, actor_for, current_actor
from helpfirst.audit.models import AuditAction, AuditEntry

log = logging.getLogger(__name__)

# Fields whose change alone is bookkeeping, not a change worth a log entry.
BOOKKEEPING_FIELDS = frozenset(
    {"updated_at", "last_used_at", "last_login", "stage_changed_at", "last_applied_at"}
)


def record(
    action: str,
    *,
    object_type: str = "",
    object_id: Any = "",
    label: str = "",
    fields: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
    team_id: int | None = None,
    user=None,
    actor: Actor | None = None,
) -> AuditEntry:
    """Append one entry. The actor is ``actor``, else ``user``, else whoever acts now.

    ``label`` and ``detail`` must not hold personal data (names, e-mails, free text): use ids,
    counts and names of things, not of people.
    """
    actor = actor or current_actor() or Actor()
    if getattr(user, "is_authenticated", False) and actor.user_id != user.pk:
        actor = actor_for(user, via=actor.via, request_id=actor.request_id, ip=actor.ip)
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    return AuditEntry.objects.create(
        team_id=team_id if team_id is not None else actor.team_id,
        user_id=actor.user_id,
        username=(actor.username or "")[:150],
        action=action,
        object_type=str(object_type)[:60],
        object_id=str(object_id if object_id is not None else "")[:64],
        label=str(label or "")[:200],
        fields=sorted(set(fields)),
        detail=detail or {},
        via=actor.via[:16],
        request_id=actor.request_id[:64],
        ip=actor.ip,
    )


def record_ingest(user, result) -> None:
    """One entry per ingested batch of interactions (never one per interaction)."""
    if not getattr(result, "created", 0):
        return
    record(
        AuditAction.INGEST,
        object_type="interaction",
        label=f"{result.created} interactions",
        detail={
            "received": result.received,
            "created": result.created,
            "duplicates": result.duplicates,
            "rejected": len(result.rejected),
        },
        team_id=getattr(user, "team_id", None),
        user=user,
    )


def record_import(user, team, entity: str, report) -> None:
    """One entry per imported file, with its counts."""
    record(
        AuditAction.IMPORT,
        object_type=str(entity).rstrip("s"),
        label=f"{entity} file",
        detail={
            k: getattr(report, k, None)
            for k in ("rows", "created", "updated", "unchanged", "rejected")
        },
        team_id=getattr(team, "pk", None) or getattr(user, "team_id", None),
        user=user,
    )


def record_export(
    user, what: str, count: int | None = None, *, fmt: str = "", object_id=""
) -> None:
    """One entry for an export or download of ``what`` (e.g. "debriefs", "business case")."""
    detail: dict[str, Any] = {}
    if count is not None:
        detail["records"] = count
    if fmt:
        detail["format"] = fmt
    record(
        AuditAction.EXPORT,
        object_type=str(what)[:60],
        object_id=object_id,
        label=f"{what} export",
        detail=detail,
        team_id=getattr(user, "team_id", None),
        user=user,
    )


def record_token_revoked(token_id: int) -> None:
    """One entry for an API token revoked by a queryset update (no signal fires)."""
    from helpfirst.team.models import ApiToken

    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None:
        return
    record(
        AuditAction.UPDATE,
        object_type="api_token",
        object_id=token.pk,
        label=f"{token.name} ({token.prefix}…) revoked",
        fields=["revoked_at"],
        team_id=token.user.team_id,
    )
