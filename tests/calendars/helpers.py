"""Small .ics builders shared by the calendar tests."""

from __future__ import annotations

HELPFUL_CALL = """WEBVTT

00:00:01.000 --> 00:00:06.000
Rita Rep: Thanks for making the time, Ann. What prompted you to look at forecasting now?

00:00:06.500 --> 00:00:20.000
Ann Buyer: Our forecasts are always wrong and finance does not trust the pipeline. It costs \
us a lot every quarter and the board wants it fixed by October.

00:00:20.500 --> 00:00:26.000
Rita Rep: How do you build the forecast today, and who else is involved in that?

00:00:26.500 --> 00:00:40.000
Ann Buyer: Our analyst does it in a spreadsheet. Finance signs off on any new tool.

00:00:40.500 --> 00:00:46.000
Rita Rep: Would it help if I showed your analyst a pilot on your own data next Tuesday?

00:00:46.500 --> 00:00:49.000
Ann Buyer: Yes, Tuesday at 10 works for us.
"""


def event(
    uid: str,
    start: str = "20260302T100000Z",
    *,
    summary: str = "Forecasting review",
    attendees: tuple[str, ...] = ("ann@alpha.example",),
    sequence: int = 0,
    extra: str = "",
    end: str | None = "20260302T110000Z",
) -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20260101T000000Z",
        f"DTSTART:{start}",
        *([f"DTEND:{end}"] if end else []),
        f"SUMMARY:{summary}",
        f"SEQUENCE:{sequence}",
        "ORGANIZER;CN=Rita Rep:mailto:rita@seller.example",
        *[f"ATTENDEE;CN={a.split('@')[0].title()};PARTSTAT=ACCEPTED:mailto:{a}" for a in attendees],
        *([extra] if extra else []),
        "END:VEVENT",
    ]
    return "\r\n".join(lines) + "\r\n"


def calendar(*events: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//helpfirst tests//EN\r\n"
        + "".join(events)
        + "END:VCALENDAR\r\n"
    )
