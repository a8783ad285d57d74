"""CalDAV sync: pull changed events, store their meetings, advance the cursor with them.

The cursor (on the ``caldav`` CaptureSource) is ``{"url", "mode", "sync_token", "hrefs"}``
where ``hrefs`` maps each event resource to its ETag and the UIDs it held. Changes are fetched
in batches; each batch's meetings and the cursor's ``hrefs`` are saved in one transaction, and
the new sync token only with the last batch. A sync stopped half-way (crash, restart, network)
therefore resumes: the server repeats the changes since the old token, and the resources whose
ETag already matches are not fetched or stored again. Deleted events (404 in the sync report,
or missing from the ETag listing) mark their meetings cancelled; history is never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from helpfirst.calendars.caldav import CalDAVClient, SyncTokenExpiredError, public_url
from helpfirst.calendars.imports import add_parse_problems, default_zone
from helpfirst.calendars.services import MeetingReport, mark_deleted, newest_past, store_meetings
from helpfirst.calendars.transcripts import link_transcripts
from helpfirst.capture import health
from helpfirst.capture.models import CaptureSource
from helpfirst.core.calendar import CalendarFormatError, Meeting, parse_calendar
from helpfirst.core.calendar.dav import CalDAVError
from helpfirst.core.calendar.transcripts import TranscriptFolder

BATCH = 50


def _plan(
    client: CalDAVClient, cursor: dict[str, Any], use_sync: bool
) -> tuple[list[str], list[str], str, str]:
    """Return (hrefs to fetch, hrefs deleted, new sync token, mode)."""
    known: dict[str, dict] = cursor.get("hrefs", {})
    if use_sync:
        token = cursor.get("sync_token", "") if cursor.get("mode") == "sync" else ""
        try:
            changed, deleted, new_token = client.changes_since(token)
        except SyncTokenExpiredError:
            token = ""
            changed, deleted, new_token = client.changes_since("")
        if not token:  # a full listing: what we knew and is not listed is gone
            deleted = [*deleted, *(h for h in known if h not in changed)]
        fetch = [h for h, etag in changed.items() if known.get(h, {}).get("etag") != etag]
        return fetch, [h for h in dict.fromkeys(deleted) if h in known], new_token, "sync"
    listing = client.etags()
    fetch = [h for h, etag in listing.items() if known.get(h, {}).get("etag") != etag]
    return fetch, [h for h in known if h not in listing], "", "etag"


def sync_calendar(
    team_id: int,
    url: str,
    *,
    user: str = "",
    password: str = "",
    transcripts: Path | None = None,
    window: tuple[datetime, datetime] | None = None,
    batch_size: int = BATCH,
    use_sync_collection: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> MeetingReport:
    """Sync one CalDAV calendar into the team's interactions; raise CalDAVError on failure.

    Every run is recorded on the ``caldav`` capture source named by the calendar's URL, failures
    included (the cursor is then left where the last saved batch put it).
    """
    name = public_url(url)
    source = health.source_for(team_id, "caldav", name, url=name, user=user)
    report = MeetingReport()
    try:
        client = CalDAVClient(url, user, password)
        info = client.calendar_info()
        cursor = dict(source.cursor or {})
        if cursor.get("url") != info.url:
            cursor = {"url": info.url, "hrefs": {}}
        supported = use_sync_collection and info.supports_sync
        fetch, deleted, token, mode = _plan(client, cursor, supported)
        hrefs: dict[str, dict] = dict(cursor.get("hrefs", {}))
        folder = TranscriptFolder(transcripts) if transcripts else None
        label = info.name or info.url
        batches = [fetch[i : i + batch_size] for i in range(0, len(fetch), batch_size)] or [[]]
        newest: list[Meeting] = []
        for number, batch in enumerate(batches, start=1):
            fetched = client.fetch(batch) if batch else {}
            last = number == len(batches)
            with transaction.atomic():
                gone = [h for h in batch if h not in fetched]
                if last:
                    gone += deleted
                for href in gone:
                    uids = hrefs.pop(href, {}).get("uids", [])
                    report.cancelled += mark_deleted(team_id, uids)
                for href, (etag, data) in fetched.items():
                    old = set(hrefs.get(href, {}).get("uids", []))
                    uids, meetings = _store_resource(
                        team_id, href, data, window, label, folder, report
                    )
                    if uids is None:  # unreadable: keep what we knew, wait for a new version
                        hrefs[href] = {"etag": etag, "uids": sorted(old)}
                        continue
                    newest.extend(meetings)
                    report.cancelled += mark_deleted(team_id, sorted(old - set(uids)))
                    hrefs[href] = {"etag": etag, "uids": uids}
                state = {"url": info.url, "mode": mode, "hrefs": hrefs}
                state["sync_token"] = token if last else cursor.get("sync_token", "")
                if last:
                    health.record_success(
                        source,
                        stored=report.created + report.updated + report.cancelled,
                        duplicates=report.unchanged,
                        rejected=len(report.problems) + report.no_contact,
                        cursor=state,
                        newest_item_at=newest_past(newest),
                        message=report.summary(),
                    )
                else:
                    CaptureSource.objects.filter(pk=source.pk).update(cursor=state)
            if progress:
                progress(number, len(batches))
    except CalDAVError as exc:
        health.record_failure(source, exc.message, stored=report.created)
        raise
    except Exception as exc:  # a bug or a database error: still shown on the health page
        health.record_failure(source, exc, stored=report.created)
        raise
    return report


def _store_resource(
    team_id: int,
    href: str,
    data: str,
    window: tuple[datetime, datetime] | None,
    label: str,
    folder: TranscriptFolder | None,
    report: MeetingReport,
) -> tuple[list[str] | None, list[Meeting]]:
    """Store one event resource's meetings; return its UIDs (None if unreadable), meetings."""
    try:
        parsed = parse_calendar(data, filename=href, window=window, default_tz=default_zone())
    except CalendarFormatError as exc:
        report.add_problem(exc.message, file=href, line=exc.location.line)
        return None, []
    add_parse_problems(report, parsed)
    stored, kept = store_meetings(team_id, parsed.meetings, calendar=label, series=parsed.series)
    report.merge(stored)
    roots = [folder.folder] if folder else []
    link_transcripts(team_id, kept, folder=folder, roots=roots, report=report, file_label=href)
    return parsed.uids, parsed.meetings
