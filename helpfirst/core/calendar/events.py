"""Read VEVENT components into plain values, guarding every property.

Broken properties (the library's ``vBroken``) and odd value types become a warning on the
event instead of an exception; an event without a usable start is a located problem.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar.prop.broken import vBroken

from helpfirst.core.calendar.errors import CalendarFormatError
from helpfirst.core.calendar.model import Attachment, Attendee
from helpfirst.core.calendar.text import BLANK_TZID_PLACEHOLDER

MAX_INLINE_ATTACHMENT = 5 * 1024 * 1024
MAX_TEXT = 20_000


@dataclass
class RawEvent:
    """One VEVENT as plain values, before recurrence expansion."""

    uid: str
    start: datetime | date
    line: int | None
    end: datetime | date | None = None
    duration: timedelta | None = None
    timezone: str = ""
    unknown_tz: bool = False
    rrules: list[str] = field(default_factory=list)
    rdates: list[datetime | date] = field(default_factory=list)
    exdates: list[datetime | date] = field(default_factory=list)
    recurrence_id: datetime | date | None = None
    sequence: int = 0
    stamp: datetime | None = None
    summary: str = ""
    description: str = ""
    location: str = ""
    status: str = ""
    url: str = ""
    organizer: Attendee | None = None
    attendees: list[Attendee] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_series(self) -> bool:
        return bool(self.rrules or self.rdates) and self.recurrence_id is None

    def rank(self) -> tuple[int, datetime]:
        """Order two copies of the same event: higher SEQUENCE, then later DTSTAMP, wins."""
        return (self.sequence, self.stamp or datetime.min.replace(tzinfo=UTC))


def _values(component: Any, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _one(component: Any, name: str, warnings: list[str]) -> Any:
    values = _values(component, name)
    if not values:
        return None
    value = values[0]
    if isinstance(value, vBroken):
        warnings.append(f"{name} could not be read ({str(value)[:60]!r}); it was ignored.")
        return None
    return value


def _text(component: Any, name: str, warnings: list[str]) -> str:
    value = _one(component, name, warnings)
    if value is None:
        return ""
    return str(value).strip()[:MAX_TEXT]


def _moment(prop: Any) -> datetime | date | None:
    value = getattr(prop, "dt", None)
    if isinstance(value, tuple) and value:  # a PERIOD: (start, end or duration)
        value = value[0]
    if isinstance(value, datetime | date):
        return value
    return None


def _tzid(prop: Any) -> str:
    params = getattr(prop, "params", None) or {}
    tzid = str(params.get("TZID", "") or "")
    return "" if tzid == BLANK_TZID_PLACEHOLDER else tzid


def _moments(component: Any, name: str, warnings: list[str]) -> list[datetime | date]:
    found: list[datetime | date] = []
    for prop in _values(component, name):
        if isinstance(prop, vBroken):
            warnings.append(f"{name} could not be read ({str(prop)[:60]!r}); it was ignored.")
            continue
        for item in getattr(prop, "dts", None) or [prop]:
            moment = _moment(item)
            if moment is not None:
                found.append(moment)
    return found


def _address(prop: Any) -> Attendee | None:
    if prop is None or isinstance(prop, vBroken):
        return None
    raw = str(prop).strip()
    email = raw[7:] if raw.lower().startswith("mailto:") else raw
    params = getattr(prop, "params", None) or {}

    def param(key: str) -> str:
        value = params.get(key, "")
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        return str(value or "").strip()[:300]

    email = email.strip().lower()[:254]
    name = param("CN")
    if not email and not name:
        return None
    return Attendee(
        email=email,
        name=name,
        partstat=param("PARTSTAT").upper(),
        role=param("ROLE").upper(),
        cutype=param("CUTYPE").upper(),
    )


def _attachment(prop: Any, warnings: list[str]) -> Attachment | None:
    if isinstance(prop, vBroken):
        warnings.append("An ATTACH could not be read; it was ignored.")
        return None
    params = getattr(prop, "params", None) or {}
    filename = str(
        params.get("FILENAME") or params.get("X-FILENAME") or params.get("X-APPLE-FILENAME") or ""
    )[:255]
    fmttype = str(params.get("FMTTYPE", "") or "")[:100]
    if str(params.get("VALUE", "")).upper() == "BINARY" or str(
        params.get("ENCODING", "")
    ).upper() in ("BASE64", "B"):
        try:
            encoded = prop.to_ical()
            data = base64.b64decode(encoded, validate=False)
        except (binascii.Error, ValueError, TypeError, AttributeError):
            warnings.append(f"Inline attachment {filename or '(unnamed)'} is not valid base64.")
            return None
        if len(data) > MAX_INLINE_ATTACHMENT:
            warnings.append(f"Inline attachment {filename or '(unnamed)'} is too large to keep.")
            data = None
        return Attachment(filename=filename, fmttype=fmttype, data=data)
    uri = str(prop).strip()[:2000]
    return Attachment(uri=uri, filename=filename, fmttype=fmttype) if uri else None


def _stamp(component: Any, warnings: list[str]) -> datetime | None:
    for name in ("LAST-MODIFIED", "DTSTAMP"):
        moment = _moment(_one(component, name, warnings))
        if isinstance(moment, datetime):
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def _rrules(component: Any, warnings: list[str]) -> list[str]:
    rules = []
    for prop in _values(component, "RRULE"):
        if isinstance(prop, vBroken):
            rules.append(str(prop))  # the expander reads it itself, or says why it cannot
            continue
        try:
            rules.append(prop.to_ical().decode("utf-8", "replace"))
        except (AttributeError, TypeError, ValueError):
            warnings.append("An RRULE could not be read; it was ignored.")
    return rules


def _fallback_uid(component: Any) -> str:
    seed = "|".join(
        str(component.get(name, "")) for name in ("DTSTART", "SUMMARY", "ORGANIZER", "LOCATION")
    )
    digest = hashlib.sha1(seed.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()
    return "nouid-" + digest[:20]


def read_event(component: Any, filename: str, line: int | None) -> RawEvent:
    """Turn one VEVENT into a RawEvent; raise CalendarFormatError when it has no usable start."""
    warnings: list[str] = []
    uid = _text(component, "UID", warnings)
    if not uid:
        uid = _fallback_uid(component)
        warnings.append("The event has no UID; one was derived from its start and summary.")
    start_prop = _one(component, "DTSTART", warnings)
    start = _moment(start_prop)
    if start is None:
        raise CalendarFormatError(
            f"event {uid!r} has no readable DTSTART (start time); it was skipped. Fix the event "
            "in the calendar program and export again.",
            file=filename,
            line=line,
            field="DTSTART",
            detail={"uid": uid},
        )
    tzid = _tzid(start_prop)
    unknown_tz = isinstance(start, datetime) and start.tzinfo is None and bool(tzid)
    if unknown_tz:
        warnings.append(f"Unknown time zone {tzid!r}; the times were taken as local time.")
    event = RawEvent(uid=uid[:1000], start=start, line=line, timezone=tzid, unknown_tz=unknown_tz)
    event.end = _moment(_one(component, "DTEND", warnings))
    duration = getattr(_one(component, "DURATION", warnings), "dt", None)
    if isinstance(duration, timedelta):
        event.duration = duration
    event.rrules = _rrules(component, warnings)
    event.rdates = _moments(component, "RDATE", warnings)
    event.exdates = _moments(component, "EXDATE", warnings)
    event.recurrence_id = _moment(_one(component, "RECURRENCE-ID", warnings))
    sequence = _one(component, "SEQUENCE", warnings)
    try:
        event.sequence = max(0, min(int(sequence), 2**31)) if sequence is not None else 0
    except (TypeError, ValueError):
        warnings.append("SEQUENCE is not a number; 0 was assumed.")
    event.stamp = _stamp(component, warnings)
    event.summary = _text(component, "SUMMARY", warnings)[:500]
    event.description = _text(component, "DESCRIPTION", warnings)
    event.location = _text(component, "LOCATION", warnings)[:1000]
    event.status = _text(component, "STATUS", warnings).upper()[:40]
    event.url = _text(component, "URL", warnings)[:1000]
    event.organizer = _address(_one(component, "ORGANIZER", warnings))
    for prop in _values(component, "ATTENDEE"):
        attendee = _address(prop)
        if attendee is not None:
            event.attendees.append(attendee)
    for prop in _values(component, "ATTACH"):
        attachment = _attachment(prop, warnings)
        if attachment is not None:
            event.attachments.append(attachment)
    event.warnings = warnings
    return event
