""".ics file import: read, store meetings, link transcripts, record capture health."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from helpfirst.calendars.services import MeetingReport, newest_past, store_meetings
from helpfirst.calendars.transcripts import link_transcripts
from helpfirst.capture import health
from helpfirst.core.calendar import CalendarFormatError, ParsedCalendar, parse_calendar
from helpfirst.core.calendar.transcripts import TranscriptFolder


def default_zone() -> ZoneInfo:
    """The zone floating times and all-day dates are read in (Django's TIME_ZONE)."""
    return ZoneInfo(settings.TIME_ZONE)


def add_parse_problems(report: MeetingReport, parsed: ParsedCalendar) -> None:
    report.events_read += parsed.events_read
    for problem in parsed.problems:
        report.add_problem(
            problem.message,
            file=problem.location.file or "",
            line=problem.location.line,
            uid=problem.uid,
        )


def import_ics_file(
    team_id: int,
    path: Path,
    *,
    transcripts: Path | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> MeetingReport:
    """Import one .ics file for the team; record the run on its ``ics_file`` capture source.

    A file that cannot be read is recorded as a failure and comes back as a problem in the
    report (nothing is stored from it). Importing the same file again changes nothing.
    """
    source = health.source_for(team_id, "ics_file", path.name)
    report = MeetingReport()
    try:
        data = path.read_bytes()
        parsed = parse_calendar(data, filename=path.name, window=window, default_tz=default_zone())
    except (OSError, CalendarFormatError) as exc:
        if isinstance(exc, CalendarFormatError):
            error = exc
        else:
            error = CalendarFormatError(f"the file cannot be read: {exc.strerror}", file=path.name)
        health.record_failure(source, str(error))
        report.files_failed += 1
        report.add_problem(error.message, file=path.name, line=error.location.line)
        return report
    add_parse_problems(report, parsed)
    folder = TranscriptFolder(transcripts) if transcripts else None
    roots = [path.parent, *([transcripts] if transcripts else [])]
    try:
        with transaction.atomic():
            stored, kept = store_meetings(
                team_id, parsed.meetings, calendar=parsed.name or path.name, series=parsed.series
            )
            report.merge(stored)
            link_transcripts(
                team_id, kept, folder=folder, roots=roots, report=report, file_label=path.name
            )
            health.record_success(
                source,
                stored=report.created + report.updated + report.cancelled,
                duplicates=report.unchanged,
                rejected=len(report.problems) + report.no_contact,
                cursor={"sha256": hashlib.sha256(data).hexdigest()},
                newest_item_at=newest_past(parsed.meetings),
                message=report.summary(),
            )
    except Exception as exc:  # a bug or a database error: still shown on the health page
        health.record_failure(source, exc)
        raise
    return report
