"""Expand recurring events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) within a window.

Uses ``dateutil.rrule``. Expansion is bounded three ways so no calendar can make it run away:
the rule is cut at the window's end, a series yields at most ``max_instances`` instances, and a
rule that would need too many steps to reach the window (sub-hourly frequencies, decades of
hourly events) is not expanded at all, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo

from dateutil.rrule import rrulestr

# Seconds between two steps of each frequency (the least, for MONTHLY and YEARLY).
_STEP = {"YEARLY": 365 * 86400, "MONTHLY": 28 * 86400, "WEEKLY": 7 * 86400, "DAILY": 86400}
_STEP["HOURLY"] = 3600
MAX_STEPS = 100_000
PROBE_FROM_YEAR = 9999 - 401
_UNTIL = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")


class RuleError(ValueError):
    """An RRULE that cannot be expanded; the message says why (shown as a warning)."""


def as_datetime(value: datetime | date) -> datetime:
    """Return a date as midnight (naive); datetimes unchanged."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)  # noqa: DTZ001 - floating by design


def localize(value: datetime | date, zone: tzinfo) -> datetime:
    """Return an aware datetime: floating times and dates are read in ``zone``."""
    moment = as_datetime(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def key(value: datetime | date, zone: tzinfo) -> datetime:
    """Compare instances by UTC instant (dates by their date, at midnight UTC)."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return localize(value, zone).astimezone(UTC)


def _until(text: str, start: datetime, zone: tzinfo) -> datetime:
    match = _UNTIL.match(text.strip())
    if not match:
        raise RuleError(f"UNTIL {text!r} is not a date or time")
    year, month, day, hour, minute, second, zulu = match.groups()
    try:
        moment = datetime(  # noqa: DTZ001 - given a zone below
            int(year), int(month), int(day), int(hour or 23), int(minute or 59), int(second or 59)
        )
    except ValueError as exc:
        raise RuleError(f"UNTIL {text!r} is not a real date") from exc
    if zulu:
        moment = moment.replace(tzinfo=UTC)
    if start.tzinfo is None:
        return moment.astimezone(zone).replace(tzinfo=None) if moment.tzinfo else moment
    return moment.astimezone(start.tzinfo) if moment.tzinfo else moment.replace(tzinfo=start.tzinfo)


def _in_domain(moment: datetime, start: datetime, zone: tzinfo) -> datetime:
    """Express an aware window bound in the start's domain (aware, or floating local time)."""
    if start.tzinfo is None:
        return moment.astimezone(zone).replace(tzinfo=None)
    return moment.astimezone(start.tzinfo)


def _check_can_match(text: str, start: datetime) -> None:
    """Raise RuleError for a rule that never matches (e.g. the 31st of February).

    dateutil only checks UNTIL when a date matches, so such a rule makes it walk period by
    period up to the year 9999 (seconds for a daily rule). The calendar repeats every 400
    years, so the same rule is tried from the same date shifted to just under 400 years before
    9999: if nothing matches there, nothing matches in the first 400 years of the series.
    """
    shift = (PROBE_FROM_YEAR - start.year) // 400
    if shift <= 0:
        return
    probe = rrulestr(text, dtstart=start.replace(year=start.year + 400 * shift, tzinfo=None))
    if next(iter(probe), None) is None:
        raise RuleError("the rule never matches a date")


def expand_rule(
    rule_text: str,
    start: datetime,
    window: tuple[datetime, datetime],
    zone: tzinfo,
    max_instances: int,
) -> list[datetime]:
    """Return the rule's instances inside ``window`` (in the start's domain); raise RuleError."""
    parts: dict[str, str] = {}
    for part in re.sub(r"\s+", "", rule_text).removeprefix("RRULE:").split(";"):
        name, sep, value = part.partition("=")
        if sep:
            parts[name.upper()] = value
    freq = parts.get("FREQ", "").upper()
    if freq not in _STEP:
        if freq in ("MINUTELY", "SECONDLY"):
            raise RuleError(f"FREQ={freq} repeats too often to be a meeting")
        raise RuleError(f"FREQ {freq!r} is not a known frequency")
    until_text = parts.pop("UNTIL", None)
    low = _in_domain(window[0], start, zone)
    high = _in_domain(window[1], start, zone)
    bound = high
    if until_text:
        bound = min(bound, _until(until_text, start, zone))
    if bound < low or bound < start:
        return []
    if (bound - start).total_seconds() / _STEP[freq] > MAX_STEPS:
        raise RuleError(f"the series starts too long before the window for FREQ={freq}")
    count = MAX_STEPS
    if "COUNT" in parts:
        try:
            count = max(0, min(int(parts.pop("COUNT")), MAX_STEPS))
        except ValueError as exc:
            raise RuleError("COUNT is not a number") from exc
    text = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        _check_can_match(text, start)
        rule = rrulestr(text, dtstart=start).replace(until=bound)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise RuleError(str(exc) or "the rule is invalid") from exc
    found: list[datetime] = []
    try:
        for seen, moment in enumerate(rule, start=1):
            if seen > count:
                break
            if moment < low:
                continue
            found.append(moment)
            if len(found) >= max_instances:
                break
    except (ValueError, OverflowError) as exc:
        raise RuleError(str(exc) or "the rule cannot be expanded") from exc
    return found


def expand_series(
    start: datetime | date,
    rules: Iterable[str],
    rdates: Iterable[datetime | date],
    exdates: Iterable[datetime | date],
    window: tuple[datetime, datetime],
    zone: tzinfo,
    max_instances: int,
    warnings: list[str],
) -> list[datetime | date]:
    """Return the series' instance starts inside ``window``, sorted, EXDATEs removed.

    Starts keep the event's own type (dates stay dates; floating stays floating).
    """
    all_day = not isinstance(start, datetime)
    begin = as_datetime(start)
    candidates: list[datetime] = []
    for rule_text in rules:
        try:
            candidates.extend(expand_rule(rule_text, begin, window, zone, max_instances))
        except RuleError as exc:
            warnings.append(f"RRULE {rule_text[:80]!r} was not expanded: {exc}.")
    candidates.append(begin)  # DTSTART is always the first instance (RFC 5545)
    for extra in rdates:
        candidates.append(as_datetime(extra) if all_day else _same_domain(extra, begin, zone))
    excluded = {key(x, _zone_of(begin, zone)) for x in exdates}
    excluded |= {key(x.date() if isinstance(x, datetime) else x, zone) for x in exdates if all_day}
    seen: dict[datetime, datetime] = {}
    for moment in candidates:
        instant = key(moment.date() if all_day else moment, _zone_of(begin, zone))
        if instant in excluded or instant in seen:
            continue
        aware = localize(moment, zone)
        if not window[0] <= aware <= window[1]:
            continue
        seen[instant] = moment
    ordered = [seen[k] for k in sorted(seen)]
    if len(ordered) > max_instances:
        warnings.append(f"Only the first {max_instances} instances of the series were kept.")
        ordered = ordered[:max_instances]
    return [m.date() for m in ordered] if all_day else ordered


def _zone_of(start: datetime, zone: tzinfo) -> tzinfo:
    return start.tzinfo or zone


def _same_domain(value: datetime | date, start: datetime, zone: tzinfo) -> datetime:
    moment = as_datetime(value)
    if start.tzinfo is None:
        return moment.astimezone(zone).replace(tzinfo=None) if moment.tzinfo else moment
    return moment.astimezone(start.tzinfo) if moment.tzinfo else moment.replace(tzinfo=start.tzinfo)
