"""What the calendar parser returns: meetings in plain values, no library types."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from helpfirst.core.calendar.errors import CalendarFormatError

# external_id has 200 characters; a UID longer than this is replaced by its hash.
MAX_UID_KEY = 150


@dataclass(frozen=True)
class Attendee:
    """One person (or room) invited to a meeting."""

    email: str
    name: str = ""
    partstat: str = ""
    role: str = ""
    cutype: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "email": self.email,
            "name": self.name,
            "partstat": self.partstat,
            "role": self.role,
            "cutype": self.cutype,
        }


@dataclass(frozen=True)
class Attachment:
    """A link (``uri``) or an inline file (``data``) attached to a meeting."""

    uri: str = ""
    filename: str = ""
    fmttype: str = ""
    data: bytes | None = None

    @property
    def name(self) -> str:
        return self.filename or self.uri.rstrip("/").rsplit("/", 1)[-1]

    def as_dict(self) -> dict[str, str | int]:
        out: dict[str, str | int] = {"uri": self.uri, "filename": self.filename}
        if self.fmttype:
            out["fmttype"] = self.fmttype
        if self.data is not None:
            out["inline_bytes"] = len(self.data)
        return out


def uid_key(uid: str) -> str:
    """Return the UID as used in external ids (hashed when too long for the column)."""
    if len(uid) <= MAX_UID_KEY and "#" not in uid:
        return uid
    return "sha1:" + hashlib.sha1(uid.encode("utf-8"), usedforsecurity=False).hexdigest()


def instance_suffix(moment: datetime, all_day: bool) -> str:
    """Return the stable text of an instance's original start (UTC, or the date)."""
    return moment.strftime("%Y%m%d") if all_day else moment.strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a calendar event (a single event, or one instance of a series).

    ``start``/``end`` are timezone-aware; ``floating`` says the file gave local time without a
    usable time zone and ``default_tz`` was assumed; ``all_day`` says it was a date.
    ``recurrence_id`` is the original start of a series instance (UTC), None for single events.
    """

    uid: str
    start: datetime
    end: datetime | None
    summary: str = ""
    description: str = ""
    location: str = ""
    status: str = ""
    sequence: int = 0
    stamp: datetime | None = None
    recurrence_id: datetime | None = None
    all_day: bool = False
    floating: bool = False
    timezone: str = ""
    organizer: Attendee | None = None
    attendees: tuple[Attendee, ...] = ()
    url: str = ""
    attachments: tuple[Attachment, ...] = ()
    line: int | None = None
    warnings: tuple[str, ...] = ()

    @property
    def cancelled(self) -> bool:
        return self.status.upper() == "CANCELLED"

    @property
    def external_id(self) -> str:
        """``UID`` for a single event, ``UID#<original start>`` for one instance of a series."""
        key = uid_key(self.uid)
        if self.recurrence_id is None:
            return key
        return f"{key}#{instance_suffix(self.recurrence_id, self.all_day)}"

    def emails(self) -> list[str]:
        """Every attendee's and the organizer's address, lower-cased, without repeats."""
        people = [*self.attendees, *([self.organizer] if self.organizer else [])]
        return list(dict.fromkeys(p.email.lower() for p in people if "@" in p.email))

    def fingerprint(self) -> str:
        """A short hash of what a person sees of the meeting: changes when the event changes."""
        seen = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else "",
            "summary": self.summary,
            "location": self.location,
            "status": self.status,
            "description": self.description,
            "attendees": [a.as_dict() for a in self.attendees],
            "organizer": self.organizer.as_dict() if self.organizer else None,
            "url": self.url,
            "attachments": [a.as_dict() for a in self.attachments],
        }
        text = json.dumps(seen, sort_keys=True, ensure_ascii=True)
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


@dataclass
class ParsedCalendar:
    """Everything read from one .ics file: meetings, and the events that had to be skipped.

    ``series`` maps each expanded series' UID key to the window it was expanded over, so a
    caller can tell which stored instances the file no longer contains.
    """

    filename: str
    meetings: list[Meeting] = field(default_factory=list)
    problems: list[CalendarFormatError] = field(default_factory=list)
    series: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)
    name: str = ""
    events_read: int = 0
    uids: list[str] = field(default_factory=list)
