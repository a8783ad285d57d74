"""Read an .ics file into meetings: ``parse_calendar`` is the one entry point.

The file is decoded and repaired (``text``), parsed by the ``icalendar`` library, each VEVENT is
read with guards (``events``), copies of the same event are reduced to the newest (highest
SEQUENCE, then latest DTSTAMP), and series are expanded within a window (``recurrence``).
A file that is not iCalendar raises :class:`CalendarFormatError`; a bad event becomes a
located problem in ``ParsedCalendar.problems`` and the rest of the file is still read.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import icalendar

from helpfirst.core.calendar import recurrence
from helpfirst.core.calendar.errors import CalendarFormatError
from helpfirst.core.calendar.events import RawEvent, read_event
from helpfirst.core.calendar.model import Meeting, ParsedCalendar, uid_key
from helpfirst.core.calendar.text import CleanText, clean

DEFAULT_PAST = timedelta(days=730)
DEFAULT_FUTURE = timedelta(days=365)
MAX_INSTANCES = 1000
MAX_MEETINGS = 100_000


def default_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Two years back and one year ahead of ``now``: the window series are expanded in."""
    now = now or datetime.now(UTC)
    return now - DEFAULT_PAST, now + DEFAULT_FUTURE


def parse_calendar(
    data: bytes | str,
    *,
    filename: str = "",
    window: tuple[datetime, datetime] | None = None,
    default_tz: tzinfo = UTC,
    max_instances: int = MAX_INSTANCES,
) -> ParsedCalendar:
    """Read ``data`` (an .ics file's content) into meetings.

    Single events are always returned; series (RRULE/RDATE) are expanded within ``window``
    (aware datetimes; default: :func:`default_window`). Floating times and all-day dates are
    read in ``default_tz``. Raises CalendarFormatError (naming ``filename`` and the line) when
    the file is not iCalendar or its structure is broken.
    """
    window = window or default_window()
    cleaned = clean(data, filename)
    calendars = _library_parse(cleaned, filename)
    result = ParsedCalendar(filename=filename)
    components = []
    for calendar in calendars:
        if not result.name:
            result.name = str(calendar.get("X-WR-CALNAME", "") or "").strip()[:200]
        components.extend(calendar.walk("VEVENT"))
    lines = cleaned.event_lines if len(cleaned.event_lines) == len(components) else []
    raw: list[RawEvent] = []
    for index, component in enumerate(components):
        line = lines[index] if lines else None
        try:
            event = read_event(component, filename, line)
        except CalendarFormatError as exc:
            result.problems.append(exc)
            continue
        except Exception as exc:  # the library's lazy values may raise anything
            result.problems.append(
                CalendarFormatError(
                    f"event could not be read ({type(exc).__name__}: {exc}); it was skipped.",
                    file=filename,
                    line=line,
                )
            )
            continue
        event.warnings[:0] = cleaned.warnings
        raw.append(event)
    result.events_read = len(raw)
    result.uids = sorted({event.uid for event in raw})
    for events in _by_uid(raw).values():
        if len(result.meetings) >= MAX_MEETINGS:
            result.problems.append(
                CalendarFormatError(
                    f"more than {MAX_MEETINGS} meetings in the window; the rest were skipped. "
                    "Import a shorter period (--since/--until).",
                    file=filename,
                )
            )
            break
        _meetings_of(events, result, window, default_tz, max_instances)
    result.meetings.sort(key=lambda m: (m.start, m.external_id))
    return result


def _library_parse(cleaned: CleanText, filename: str) -> list[Any]:
    try:
        return list(icalendar.Calendar.from_ical(cleaned.text(), multiple=True))
    except Exception as exc:  # third-party parser: anything becomes our error
        message = str(exc)
        line = None
        quoted = re.search(r"'([^']{4,})'", message)
        if quoted:
            needle = quoted.group(1)[:40]
            for index, text in enumerate(cleaned.lines):
                if needle in text:
                    line = cleaned.starts[index]
                    break
        raise CalendarFormatError(
            f"the calendar could not be read: {message[:200]}. Export it again from the "
            "calendar program.",
            file=filename,
            line=line,
        ) from exc


def _by_uid(events: list[RawEvent]) -> dict[str, dict[Any, RawEvent]]:
    """Group by UID, keeping one copy per (UID, RECURRENCE-ID): the newest."""
    grouped: dict[str, dict[Any, RawEvent]] = {}
    for event in events:
        copies = grouped.setdefault(event.uid, {})
        rid = (
            None
            if event.recurrence_id is None
            else recurrence.key(event.recurrence_id, _zone(event.start, UTC))
        )
        current = copies.get(rid)
        if current is None or event.rank() >= current.rank():
            copies[rid] = event
    return grouped


def _zone(start: datetime | date, fallback: tzinfo) -> tzinfo:
    return start.tzinfo if isinstance(start, datetime) and start.tzinfo else fallback


def _meetings_of(
    copies: dict[Any, RawEvent],
    result: ParsedCalendar,
    window: tuple[datetime, datetime],
    zone: tzinfo,
    max_instances: int,
) -> None:
    master = copies.get(None)
    overrides = {
        recurrence.key(e.recurrence_id, _zone(master.start if master else e.start, zone)): e
        for rid, e in copies.items()
        if rid is not None and e.recurrence_id is not None
    }
    if master is None or not master.is_series:
        if master is not None:
            result.meetings.append(_meeting(master, master.start, None, zone))
        for instant, event in overrides.items():
            result.meetings.append(_meeting(event, event.start, instant, zone))
        return
    result.series[uid_key(master.uid)] = window
    warnings: list[str] = []
    starts = recurrence.expand_series(
        master.start,
        master.rrules,
        master.rdates,
        master.exdates,
        window,
        zone,
        max_instances,
        warnings,
    )
    master.warnings.extend(warnings)
    master_zone = _zone(master.start, zone)
    for start in starts:
        instant = recurrence.key(start, master_zone)
        override = overrides.pop(instant, None)
        if override is not None:
            result.meetings.append(_meeting(override, override.start, instant, zone))
        else:
            result.meetings.append(_meeting(master, start, instant, zone))
    for instant, event in overrides.items():
        moment = recurrence.localize(event.start, zone)
        if window[0] <= moment <= window[1] or window[0] <= instant <= window[1]:
            result.meetings.append(_meeting(event, event.start, instant, zone))


def _duration(event: RawEvent, zone: tzinfo) -> timedelta:
    all_day = not isinstance(event.start, datetime)
    if event.end is not None:
        begin = recurrence.localize(event.start, zone)
        end = recurrence.localize(event.end, _zone(event.start, zone))
        if end >= begin:
            return end - begin
        event.warnings.append("DTEND is before DTSTART; the end was ignored.")
    if event.duration is not None and event.duration >= timedelta(0):
        return event.duration
    return timedelta(days=1) if all_day else timedelta(0)


def _meeting(
    event: RawEvent, start: datetime | date, instant: datetime | None, zone: tzinfo
) -> Meeting:
    all_day = not isinstance(start, datetime)
    floating = isinstance(start, datetime) and start.tzinfo is None
    begin = recurrence.localize(start, zone)
    end = begin + _duration(event, zone)
    return Meeting(
        uid=event.uid,
        start=begin,
        end=end,
        summary=event.summary,
        description=event.description,
        location=event.location,
        status=event.status,
        sequence=event.sequence,
        stamp=event.stamp,
        recurrence_id=instant,
        all_day=all_day,
        floating=floating,
        timezone=event.timezone,
        organizer=event.organizer,
        attendees=tuple(event.attendees),
        url=event.url,
        attachments=tuple(event.attachments),
        line=event.line,
        warnings=tuple(dict.fromkeys(event.warnings)),
    )
