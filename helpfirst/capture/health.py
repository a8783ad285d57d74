"""Record each capture run and judge each source's health.

Every capture path (website, e-mail, calendar, CRM webhooks) calls :func:`source_for` once,
then :func:`record_success` or :func:`record_failure` after each run or delivery. The capture
health page and ``/api/capture/sources`` read what these write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from helpfirst.capture.models import CaptureEvent, CaptureSource

# A pull source with no success for this long is shown as stale.
STALE_AFTER = timedelta(hours=6)
# Keep this many events per source; older ones are pruned as new ones arrive.
EVENTS_KEPT = 200
# Push sources (deliveries arrive on their own) record at most one event a minute when
# everything goes well, so a busy website does not write an event per page view.
PUSH_KINDS = {"website", "tracked_link", "hubspot_webhook", "salesforce_webhook", "bcc_drop"}


def source_for(team_id: int, kind: str, name: str, **settings) -> CaptureSource:
    """Return the team's source of this kind and name, creating it on first use."""
    source, created = CaptureSource.objects.get_or_create(
        team_id=team_id, kind=kind, name=name[:300], defaults={"settings": settings}
    )
    if not created and settings and source.settings != {**source.settings, **settings}:
        source.settings = {**source.settings, **settings}
        source.save(update_fields=["settings"])
    return source


def record_success(
    source: CaptureSource,
    *,
    stored: int,
    duplicates: int = 0,
    rejected: int = 0,
    cursor: dict | None = None,
    newest_item_at: datetime | None = None,
    message: str = "",
) -> None:
    """Record a run that worked; advance the cursor in the same transaction."""
    now = timezone.now()
    updates = {
        "last_attempt_at": now,
        "last_success_at": now,
        "error_count": 0,
        "items_stored": F("items_stored") + stored,
        "duplicates_skipped": F("duplicates_skipped") + duplicates,
    }
    if cursor is not None:
        updates["cursor"] = cursor
        source.cursor = cursor
    if newest_item_at is not None and (
        source.newest_item_at is None or newest_item_at > source.newest_item_at
    ):
        updates["newest_item_at"] = newest_item_at
        source.newest_item_at = newest_item_at
    with transaction.atomic():
        CaptureSource.objects.filter(pk=source.pk).update(**updates)
        quiet_push = (
            source.kind in PUSH_KINDS
            and not rejected
            and source.last_success_at is not None
            and now - source.last_success_at < timedelta(minutes=1)
            and source.error_count == 0
        )
        if not quiet_push:
            CaptureEvent.objects.create(
                source=source,
                at=now,
                ok=True,
                stored=stored,
                duplicates=duplicates,
                rejected=rejected,
                message=message[:2000],
            )
            _prune(source)
    source.last_attempt_at = source.last_success_at = now
    source.error_count = 0


def record_failure(source: CaptureSource, error: BaseException | str, *, stored: int = 0) -> None:
    """Record a run that failed (the cursor is left where the last good run put it)."""
    now = timezone.now()
    message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    with transaction.atomic():
        CaptureSource.objects.filter(pk=source.pk).update(
            last_attempt_at=now,
            last_error=message[:2000],
            last_error_at=now,
            error_count=F("error_count") + 1,
            total_errors=F("total_errors") + 1,
            items_stored=F("items_stored") + stored,
        )
        CaptureEvent.objects.create(
            source=source, at=now, ok=False, stored=stored, message=message[:2000]
        )
        _prune(source)
    source.refresh_from_db()


def _prune(source: CaptureSource) -> None:
    keep = list(
        CaptureEvent.objects.filter(source=source).values_list("pk", flat=True)[
            EVENTS_KEPT : EVENTS_KEPT + 1
        ]
    )
    if keep:
        CaptureEvent.objects.filter(source=source, pk__lte=keep[0]).delete()


@dataclass(frozen=True)
class SourceHealth:
    """How one source is doing, for people and for the API."""

    source: CaptureSource
    status: str  # "ok", "failing", "stale", "never run", "disabled"
    lag: timedelta | None
    explanation: str


def judge(source: CaptureSource, now: datetime | None = None) -> SourceHealth:
    """Say whether a source is healthy, and why, in one line."""
    now = now or timezone.now()
    lag = (now - source.newest_item_at) if source.newest_item_at else None
    if not source.enabled:
        return SourceHealth(source, "disabled", lag, "Switched off.")
    if source.error_count:
        return SourceHealth(
            source,
            "failing",
            lag,
            f"{source.error_count} failure(s) since the last success: {source.last_error}",
        )
    if source.last_success_at is None:
        return SourceHealth(source, "never run", lag, "No successful run yet.")
    since = now - source.last_success_at
    if source.kind not in PUSH_KINDS and since > STALE_AFTER:
        hours = since.total_seconds() / 3600
        return SourceHealth(source, "stale", lag, f"Last success {hours:.0f} h ago.")
    return SourceHealth(source, "ok", lag, "Working.")


def team_health(team_id: int) -> list[SourceHealth]:
    """Every source of a team with its health, failing ones first."""
    order = {"failing": 0, "stale": 1, "never run": 2, "ok": 3, "disabled": 4}
    judged = [judge(s) for s in CaptureSource.objects.filter(team_id=team_id)]
    return sorted(judged, key=lambda h: (order[h.status], h.source.kind, h.source.name))
