"""Every real-world .ics sample is read without crashing, with the meetings people expect."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpfirst.core.calendar import CalendarFormatError, parse_calendar

REPO_ROOT = Path(__file__).resolve().parents[3]
WIDE = (datetime(1990, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))


def calendar_folder() -> Path:
    base = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    folder = base / "real-formats" / "calendar"
    if not folder.is_dir():
        pytest.skip(f"real calendar files not found at {folder} (set HELPFIRST_SHARED_DATA)")
    return folder


def real_files() -> list[Path]:
    base = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    folder = base / "real-formats" / "calendar"
    return sorted(folder.glob("*.ics")) if folder.is_dir() else []


def read(name: str):
    path = calendar_folder() / name
    return parse_calendar(path.read_bytes(), filename=name, window=WIDE)


def test_the_shared_folder_has_calendar_files():
    assert len(sorted(calendar_folder().glob("*.ics"))) >= 16


@pytest.mark.parametrize("path", real_files(), ids=lambda p: p.name)
def test_every_real_file_is_read_without_crashing(path):
    try:
        parsed = parse_calendar(path.read_bytes(), filename=path.name, window=WIDE)
    except CalendarFormatError as exc:  # allowed, but must say where
        assert exc.location.file == path.name  # noqa: PT017
        return
    for meeting in parsed.meetings:
        assert meeting.start.tzinfo is not None
        assert meeting.end is None or meeting.end >= meeting.start
        assert 0 < len(meeting.external_id) <= 200
    for problem in parsed.problems:
        assert problem.location.file == path.name
        assert problem.location.line is not None


def test_blank_tzid_is_local_time_with_attendees():
    parsed = read("ical4j__blankTzid.ics")
    (meeting,) = parsed.meetings
    assert meeting.floating
    assert meeting.start == datetime(2015, 8, 26, 9, 0, tzinfo=UTC)
    assert [a.email for a in meeting.attendees] == ["roberts@company.com", "sam@company.com"]
    assert meeting.attendees[1].name == "Sam Peter"
    assert meeting.attendees[0].partstat == "NEEDS-ACTION"
    assert meeting.organizer.email == "roberts@company.com"
    assert meeting.sequence == 1
    assert any("local time" in w for w in meeting.warnings)


def test_windows_timezone_and_exchange_rrule_with_spaces():
    parsed = read("collective__issue_165_missing_event.ics")
    starts = [m.start for m in parsed.meetings]
    # Weekdays from 3 to 22 July 2015 at 10:00 Central European Summer Time.
    assert len(starts) == 14
    assert starts[0].astimezone(UTC) == datetime(2015, 7, 3, 8, 0, tzinfo=UTC)
    assert all(s.weekday() < 5 for s in starts)
    assert parsed.meetings[0].uid.startswith("nouid-")  # this Exchange export has no UID


def test_quoted_windows_tzid_standup_series_is_bounded():
    parsed = read("ical4j__Standup.ics")
    assert len(parsed.meetings) == 1000  # capped: an open-ended daily series
    first = parsed.meetings[0]
    assert first.start.utcoffset().total_seconds() == 11 * 3600
    assert first.end - first.start == (first.end - first.start).__class__(minutes=15)


def test_recurring_with_exceptions_and_attendees():
    parsed = read("ical4j__calconnect.ics")
    assert len(parsed.meetings) == 5
    meeting = parsed.meetings[0]
    assert {a.email for a in meeting.attendees} == {
        "icalchair@coffeebean.com",
        "icalparticipant@coffeebean.com",
    }
    assert len({m.external_id for m in parsed.meetings}) == 5


def test_incoming_keeps_the_newest_copy_and_names_events_without_start():
    parsed = read("ical4j__incoming.ics")
    (meeting,) = parsed.meetings
    assert meeting.start == datetime(1997, 7, 1, 19, 0, tzinfo=UTC)  # SEQUENCE 2 beats 1 and 0
    assert parsed.problems
    assert all(p.location.line and p.uid for p in parsed.problems)


def test_all_day_yearly_series():
    parsed = read("ical4j__maritz.ics")
    assert all(m.all_day for m in parsed.meetings)
    assert parsed.meetings[0].external_id.endswith("#20250701")


def test_freebusy_and_empty_calendars_have_no_meetings():
    assert read("collective__issue_27_multiple_periods_in_freebusy_one_freebusy.ics").meetings == []
    assert read("collective__bom_calendar.ics").meetings == []
