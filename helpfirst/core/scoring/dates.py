"""Recognise date-like text columns and turn them into numbers a model can use.

A column is read as dates when nearly all its present values look like ``YYYY-MM``,
``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM[:SS]`` (``/`` or ``.`` separators and a ``T`` between date and
time are accepted too). Such a column becomes up to four numeric parts, each learned from the
training rows only: the day number (an ordinal, so trends over time are one split away), the month
of the year, the weekday (when values carry a day) and the hour (when they carry a time that
varies). Malformed or impossible dates read as missing; nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from helpfirst.core.scoring.table import is_missing

_DATE = re.compile(
    r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})"
    r"(?:[-/.](?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?$"
)

DATE_PARTS = ("days", "month", "weekday", "hour")
"""Every part a date column can expand into, in output order."""


def parse_date(value: object) -> tuple[dt.datetime, bool, bool] | None:
    """Read a cell as (moment, has a day, has a time), or None when it is not a date."""
    if is_missing(value):
        return None
    match = _DATE.match(str(value).strip())
    if match is None:
        return None
    day, hour = match["day"], match["hour"]
    try:
        # Wall-clock time as written: a zone suffix is accepted but not applied.
        moment = dt.datetime(  # noqa: DTZ001
            int(match["year"]),
            int(match["month"]),
            int(day) if day else 1,
            int(hour) if hour else 0,
            int(match["minute"]) if hour else 0,
        )
    except ValueError:
        return None
    return moment, day is not None, hour is not None


def looks_like_dates(values: np.ndarray, share: float = 0.95) -> bool:
    """Tell whether at least ``share`` of the present values parse as dates (two or more)."""
    present = [v for v in values if not is_missing(v)]
    if not present:
        return False
    head = present[:200]  # a quick look first: most text columns are plainly not dates
    if sum(parse_date(v) is not None for v in head) < share * len(head):
        return False
    parsed = [parse_date(v) for v in present]
    moments = {p[0] for p in parsed if p is not None}
    return len(moments) > 1 and sum(p is not None for p in parsed) >= share * len(present)


def date_parts_of(values: np.ndarray) -> tuple[str, ...]:
    """Choose which parts of a date column carry information, from the training values."""
    parsed = [p for p in map(parse_date, values) if p is not None]
    parts = ["days"]
    if len({p[0].month for p in parsed}) > 1:
        parts.append("month")
    if any(p[1] for p in parsed) and len({p[0].weekday() for p in parsed if p[1]}) > 1:
        parts.append("weekday")
    if any(p[2] for p in parsed) and len({p[0].hour for p in parsed if p[2]}) > 1:
        parts.append("hour")
    return tuple(parts)


def encode_dates(values: np.ndarray, parts: tuple[str, ...]) -> np.ndarray:
    """Return an ``(n, len(parts))`` float array of the chosen parts; NaN where not a date."""
    out = np.full((len(values), len(parts)), np.nan)
    for i, value in enumerate(values):
        parsed = parse_date(value)
        if parsed is None:
            continue
        moment, has_day, has_time = parsed
        for j, part in enumerate(parts):
            if part == "days":
                out[i, j] = moment.toordinal() + (moment.hour * 60 + moment.minute) / 1440.0
            elif part == "month":
                out[i, j] = moment.month
            elif part == "weekday" and has_day:
                out[i, j] = moment.weekday()
            elif part == "hour" and has_time:
                out[i, j] = moment.hour
    return out
