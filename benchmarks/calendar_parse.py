"""Time ``parse_calendar`` (guards, reading, series expansion) against the bare library parse.

Generates a seeded calendar of N single meetings plus S weekly series (three attendees each),
then times (a) ``helpfirst.core.calendar.parse_calendar`` over a one-year window, and (b) the
reference: ``icalendar.Calendar.from_ical`` alone (no guards, no expansion, no values read).
Prints events/s, meetings/s and the ratio (a)/(b) of the times.

    .venv/bin/python benchmarks/calendar_parse.py --events 5000 --series 200
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta

import icalendar

from helpfirst.core.calendar import parse_calendar


def build(events: int, series: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    base = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//helpfirst bench//EN"]
    for number in range(events + series):
        start = base + timedelta(days=rng.randrange(360), hours=rng.randrange(8))
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{number}@helpfirst.test",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Berlin:{start + timedelta(minutes=45):%Y%m%dT%H%M%S}",
            f"SUMMARY:Meeting {number}",
            "ORGANIZER;CN=Rita Rep:mailto:rita@seller.example",
        ]
        for person in range(3):
            address = f"p{number % 500}-{person}@buyer.test"
            lines.append(f"ATTENDEE;CN=P{person};PARTSTAT=ACCEPTED:mailto:{address}")
        if number >= events:
            lines.append("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def best_of(runs: int, func) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--series", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    text = build(args.events, args.series).encode()
    window = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))
    meetings = len(parse_calendar(text, filename="bench.ics", window=window).meetings)
    ours = best_of(args.runs, lambda: parse_calendar(text, filename="bench.ics", window=window))
    reference = best_of(args.runs, lambda: icalendar.Calendar.from_ical(text))
    total = args.events + args.series
    figures = {
        "events": total,
        "meetings": meetings,
        "bytes": len(text),
        "parse_calendar_s": round(ours, 3),
        "icalendar_from_ical_s": round(reference, 3),
        "events_per_s": round(total / ours),
        "meetings_per_s": round(meetings / ours),
        "ratio_vs_library_parse": round(ours / reference, 2),
    }
    if args.format == "json":
        print(json.dumps(figures))
        return
    for name, value in figures.items():
        print(f"{name:>24}: {value}")


if __name__ == "__main__":
    main()
