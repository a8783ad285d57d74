"""Capture health: REST API."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema

from helpfirst.capture import health

router = Router(tags=["capture"])


class CaptureSourceOut(Schema):
    id: int
    kind: str
    name: str
    status: str
    explanation: str
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    newest_item_at: datetime | None
    lag_seconds: float | None
    items_stored: int
    duplicates_skipped: int
    error_count: int
    total_errors: int
    last_error: str


@router.get("/capture/sources", response=list[CaptureSourceOut])
def list_capture_sources(request):
    """Every capture source of your team with its health (failing ones first)."""
    team_id = request.auth.team_id
    if team_id is None:
        return []
    return [
        CaptureSourceOut(
            id=h.source.pk,
            kind=h.source.kind,
            name=h.source.name,
            status=h.status,
            explanation=h.explanation,
            last_success_at=h.source.last_success_at,
            last_attempt_at=h.source.last_attempt_at,
            newest_item_at=h.source.newest_item_at,
            lag_seconds=h.lag.total_seconds() if h.lag is not None else None,
            items_stored=h.source.items_stored,
            duplicates_skipped=h.source.duplicates_skipped,
            error_count=h.source.error_count,
            total_errors=h.source.total_errors,
            last_error=h.source.last_error,
        )
        for h in health.team_health(team_id)
    ]
