"""Hand-written .ics cases: series, overrides, cancellations, time zones, damage, fuzzing."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpfirst.core.calendar import CalendarFormatError, parse_calendar, uid_key
from helpfirst.core.calendar.transcripts import TranscriptFolder, from_attachments, time_in_name

WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))


def ics(*events: str, extra: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{extra}{body}END:VCALENDAR\r\n"


def parse(text: str, **kwargs):
    kwargs.setdefault("window", WINDOW)
    return parse_calendar(text.encode(), filename="team.ics", **kwargs)


SERIES = """UID:weekly-1
DTSTART;TZID=Europe/Berlin:20260302T100000
DTEND;TZID=Europe/Berlin:20260302T103000
RRULE:FREQ=WEEKLY;COUNT=5
EXDATE;TZID=Europe/Berlin:20260309T100000
SUMMARY:Weekly check-in
ATTENDEE;CN=Ann;PARTSTAT=ACCEPTED:MAILTO:Ann@Alpha.example"""

OVERRIDE = """UID:weekly-1
RECURRENCE-ID;TZID=Europe/Berlin:20260316T100000
DTSTART;TZID=Europe/Berlin:20260317T150000
DTEND;TZID=Europe/Berlin:20260317T160000
SEQUENCE:2
SUMMARY:Weekly check-in (moved)"""


def test_series_with_exdate_and_override():
    parsed = parse(ics(SERIES, OVERRIDE))
    ids = [m.external_id for m in parsed.meetings]
    assert ids == [
        "weekly-1#20260302T090000Z",
        "weekly-1#20260316T090000Z",  # moved to the 17th, keeps its original instance id
        "weekly-1#20260323T090000Z",
        "weekly-1#20260330T080000Z",  # summer time: still 10:00 in Berlin
    ]
    moved = parsed.meetings[1]
    assert moved.summary == "Weekly check-in (moved)"
    assert moved.start == datetime(2026, 3, 17, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert moved.sequence == 2
    assert parsed.meetings[0].attendees[0].email == "ann@alpha.example"
    assert parsed.meetings[0].end - parsed.meetings[0].start == timedelta(minutes=30)
    assert parsed.series == {"weekly-1": WINDOW}


def test_series_is_expanded_only_inside_the_window():
    rule = "UID:daily\nDTSTART:20250101T090000Z\nRRULE:FREQ=DAILY\nSUMMARY:Standup"
    window = (datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 2, 8, tzinfo=UTC))
    parsed = parse(ics(rule), window=window)
    assert [m.start.day for m in parsed.meetings] == [1, 2, 3, 4, 5, 6, 7]


def test_rdate_and_until_and_all_day():
    event = (
        "UID:offsite\nDTSTART;VALUE=DATE:20260105\nRRULE:FREQ=MONTHLY;UNTIL=20260305\n"
        "RDATE;VALUE=DATE:20260620\nSUMMARY:Offsite"
    )
    parsed = parse(ics(event), default_tz=ZoneInfo("Europe/Paris"))
    assert [m.start.date() for m in parsed.meetings] == [
        date(2026, 1, 5),
        date(2026, 2, 5),
        date(2026, 3, 5),
        date(2026, 6, 20),
    ]
    assert all(m.all_day for m in parsed.meetings)
    assert parsed.meetings[0].external_id == "offsite#20260105"
    assert parsed.meetings[0].end - parsed.meetings[0].start == timedelta(days=1)


def test_floating_and_unknown_timezones_use_the_default():
    zone = ZoneInfo("America/New_York")
    floating = "UID:f\nDTSTART:20260410T090000\nDURATION:PT45M"
    unknown = "UID:u\nDTSTART;TZID=Mars/Olympus Mons:20260410T090000"
    parsed = parse(ics(floating, unknown), default_tz=zone)
    by_uid = {m.uid: m for m in parsed.meetings}
    assert by_uid["f"].start == datetime(2026, 4, 10, 9, 0, tzinfo=zone)
    assert by_uid["f"].end - by_uid["f"].start == timedelta(minutes=45)
    assert by_uid["f"].floating
    assert by_uid["u"].start == datetime(2026, 4, 10, 9, 0, tzinfo=zone)
    assert any("Mars/Olympus Mons" in w for w in by_uid["u"].warnings)


def test_cancelled_and_sequence_newest_copy_wins():
    old = "UID:demo\nDTSTART:20260501T100000Z\nSEQUENCE:0\nSUMMARY:Demo"
    new = "UID:demo\nDTSTART:20260502T100000Z\nSEQUENCE:1\nSTATUS:CANCELLED\nSUMMARY:Demo"
    (meeting,) = parse(ics(new, old)).meetings
    assert meeting.cancelled
    assert meeting.start.day == 2


def test_attachments_url_and_long_uids():
    data = base64.b64encode(b"WEBVTT\n\n00:00.000 --> 00:01.000\nAnn: hi\n").decode()
    uid = "x" * 300
    event = (
        f"UID:{uid}\nDTSTART:20260601T100000Z\nURL:https://meet.example/abc\n"
        "ORGANIZER;CN=Rep:mailto:rep@seller.example\n"
        f"ATTACH;ENCODING=BASE64;VALUE=BINARY;FMTTYPE=text/vtt;FILENAME=call.vtt:{data}\n"
        "ATTACH:https://files.example/deck.pdf"
    )
    (meeting,) = parse(ics(event)).meetings
    assert meeting.external_id == uid_key(uid)
    assert meeting.external_id.startswith("sha1:")
    assert meeting.url == "https://meet.example/abc"
    assert meeting.attachments[1].uri == "https://files.example/deck.pdf"
    found = from_attachments(meeting, roots=[])
    assert found is not None
    assert found.data.startswith(b"WEBVTT")
    assert meeting.emails() == ["rep@seller.example"]


def test_attached_local_file_only_inside_allowed_folders(tmp_path):
    inside = tmp_path / "calls"
    inside.mkdir()
    (inside / "demo.vtt").write_text("WEBVTT\n")
    outside = tmp_path / "secret.vtt"
    outside.write_text("WEBVTT\n")
    event = f"UID:a\nDTSTART:20260601T100000Z\nATTACH:file://{outside}\nATTACH:demo.vtt"
    (meeting,) = parse(ics(event)).meetings
    found = from_attachments(meeting, roots=[inside])
    assert found is not None
    assert found.name == "demo.vtt"
    assert from_attachments(meeting, roots=[]) is None
    only_outside = f"UID:b\nDTSTART:20260601T100000Z\nATTACH:file://{outside}"
    (meeting,) = parse(ics(only_outside)).meetings
    assert from_attachments(meeting, roots=[inside]) is None


def test_transcript_folder_matches_by_uid_then_by_time(tmp_path):
    (tmp_path / "uid-1.vtt").write_text("WEBVTT\n")
    (tmp_path / "GMT20260601-100400_Recording.transcript.vtt").write_text("WEBVTT\n")
    (tmp_path / "notes.pdf").write_text("x")
    folder = TranscriptFolder(tmp_path)
    first, second, third = parse(
        ics(
            "UID:uid-1\nDTSTART:20260101T100000Z",
            "UID:other\nDTSTART:20260601T100000Z",
            "UID:late\nDTSTART:20260601T120000Z",
        )
    ).meetings
    assert folder.find(first).origin == "folder-uid"
    assert folder.find(second).name.startswith("GMT20260601")
    assert folder.find(third) is None
    assert time_in_name("2026-03-01T0930 acme.vtt") == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("hello world", 1, "BEGIN:VCALENDAR"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VCALENDAR\n", 4, "expected END:VEVENT"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20260101T100000Z\n", 2, "never closed"),
        ("BEGIN:VCALENDAR\nthis is not a property\nEND:VCALENDAR\n", 2, "content line"),
    ],
)
def test_damaged_files_raise_one_error_with_file_and_line(text, line, words):
    with pytest.raises(CalendarFormatError) as caught:
        parse_calendar(text.encode(), filename="bad.ics")
    error = caught.value
    assert error.location.file == "bad.ics"
    assert error.location.line == line
    assert words in str(error)
    assert error.as_dict()["code"] == "calendar_format"


def test_bad_event_is_a_located_problem_and_others_are_kept():
    good = "UID:good\nDTSTART:20260101T100000Z"
    bad = "UID:bad\nDTSTART:not-a-date\nSUMMARY:Broken"
    parsed = parse(ics(good, bad))
    assert [m.uid for m in parsed.meetings] == ["good"]
    (problem,) = parsed.problems
    assert problem.uid == "bad"
    assert problem.location.line == 8  # where the bad event begins
    assert "bad.ics" not in str(problem)
    assert "team.ics" in str(problem)


def test_runaway_rules_are_not_expanded():
    secondly = "UID:s\nDTSTART:20260101T100000Z\nRRULE:FREQ=SECONDLY"
    old_hourly = "UID:h\nDTSTART:19000101T100000Z\nRRULE:FREQ=HOURLY"
    parsed = parse(ics(secondly, old_hourly))
    (meeting,) = parsed.meetings  # only DTSTART of "s"; "h" starts before the window
    assert meeting.uid == "s"
    assert any("SECONDLY" in w for w in meeting.warnings)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text):
    try:
        parsed = parse_calendar(text, filename="fuzz.ics")
    except CalendarFormatError as exc:
        assert exc.location.file == "fuzz.ics"  # noqa: PT017
    else:
        assert all(m.start.tzinfo for m in parsed.meetings)


PROPERTY_NAMES = st.sampled_from(
    [
        "DTSTART",
        "DTEND",
        "RRULE",
        "EXDATE",
        "RDATE",
        "RECURRENCE-ID",
        "ATTENDEE",
        "SEQUENCE",
        "DURATION",
        "ORGANIZER",
        "ATTACH",
        "STATUS",
        "UID",
        "X-FOO",
        "DTSTART;TZID=Europe/Berlin",
        "DTSTART;VALUE=DATE",
        "ATTACH;ENCODING=BASE64;VALUE=BINARY",
        'ATTENDEE;CN="a',
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            PROPERTY_NAMES,
            st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
        ),
        max_size=8,
    )
)
def test_arbitrary_property_values_in_an_event_never_crash(props):
    lines = ["UID:fuzz", "DTSTART:20260101T100000Z"]
    lines += [f"{name}:{value}".replace("\r", " ").replace("\n", " ") for name, value in props]
    try:
        parsed = parse_calendar(ics("\n".join(lines)), filename="fuzz.ics", window=WINDOW)
    except CalendarFormatError as exc:
        assert exc.location.file == "fuzz.ics"  # noqa: PT017
    else:
        assert len(parsed.meetings) <= 1000


@pytest.mark.parametrize(
    "rule",
    ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=5", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6"],
)
def test_rules_that_never_match_are_refused_quickly(rule):
    import time

    began = time.monotonic()
    (meeting,) = parse(ics(f"UID:never\nDTSTART:20260101T100000Z\nRRULE:{rule}")).meetings
    assert time.monotonic() - began < 8  # dateutil alone walks to the year 9999 (10+ s)
    assert any("never matches" in w for w in meeting.warnings)
