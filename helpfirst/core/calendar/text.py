"""Turn raw .ics bytes into clean, unfolded content lines, remembering their line numbers.

The guards here fix what real calendars get wrong before the iCalendar library sees them:
byte-order marks, mixed line endings, blank ``TZID`` parameters (Exchange), spaces inside
``RRULE`` lists (Exchange CDO), and they check that ``BEGIN``/``END`` blocks are balanced, so a
truncated file is refused with the line where the unclosed block starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from helpfirst.core.calendar.errors import CalendarFormatError

MAX_BYTES = 50 * 1024 * 1024
BLANK_TZID_PLACEHOLDER = "helpfirst-blank-tzid"
_NAME = re.compile(r"^[A-Za-z0-9_.-]+(?=[;:])")
_BLANK_TZID_PARAM = re.compile(r';TZID=(?:""|)(?=[;:])', re.IGNORECASE)
_RULE_LINE = re.compile(r"^(RRULE|EXRULE)([;:].*)$", re.IGNORECASE)


@dataclass
class CleanText:
    """Unfolded content lines (``lines``) with the physical line each starts on (``starts``)."""

    lines: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    event_lines: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"


def decode(data: bytes | str, filename: str) -> tuple[str, list[str]]:
    """Return the text of ``data`` (UTF-8, else Windows-1252) and any warning about it."""
    if isinstance(data, str):
        return data.lstrip("\ufeff"), []
    if len(data) > MAX_BYTES:
        raise CalendarFormatError(
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it by year and "
            "import the parts.",
            file=filename,
        )
    if b"\x00" in data[:4096]:
        raise CalendarFormatError(
            "this is a binary file, not an iCalendar (.ics) text file.", file=filename, line=1
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        return text, ["The file is not UTF-8; it was read as Windows-1252."]


def clean(data: bytes | str, filename: str) -> CleanText:
    """Decode, unfold and repair ``data``; raise CalendarFormatError when it is not iCalendar."""
    text, warnings = decode(data, filename)
    out = CleanText(warnings=warnings)
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(physical, start=1):
        if raw[:1] in (" ", "\t") and out.lines:
            out.lines[-1] += raw[1:]
            continue
        if not raw.strip():
            continue
        out.lines.append(raw.rstrip())
        out.starts.append(number)
    if not out.lines or out.lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarFormatError(
            "this is not an iCalendar file: it must start with BEGIN:VCALENDAR. Export the "
            "calendar as .ics from your calendar program and import that file.",
            file=filename,
            line=out.starts[0] if out.starts else 1,
        )
    _repair(out, filename)
    _check_blocks(out, filename)
    return out


def _repair(out: CleanText, filename: str) -> None:
    blank_tzid = False
    for index, line in enumerate(out.lines):
        if not _NAME.match(line):
            raise CalendarFormatError(
                f"line {line[:60]!r} is not an iCalendar content line (NAME:value); the file "
                "is damaged or was cut. Export it again.",
                file=filename,
                line=out.starts[index],
            )
        if ";" in line.split(":", 1)[0] and _BLANK_TZID_PARAM.search(line):
            line = _BLANK_TZID_PARAM.sub("", line)
            blank_tzid = True
        elif line.upper() in ("TZID:", 'TZID:""'):
            line = f"TZID:{BLANK_TZID_PLACEHOLDER}"
            blank_tzid = True
        rule = _RULE_LINE.match(line)
        if rule:
            head, _, value = line.partition(":")
            line = head + ":" + re.sub(r"\s+", "", value)
        out.lines[index] = line
    if blank_tzid:
        out.warnings.append("Blank time zone (TZID) found; those times were taken as local time.")


def _check_blocks(out: CleanText, filename: str) -> None:
    stack: list[tuple[str, int]] = []
    for index, line in enumerate(out.lines):
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            name = upper[6:].strip()
            stack.append((name, out.starts[index]))
            if name == "VEVENT":
                out.event_lines.append(out.starts[index])
        elif upper.startswith("END:"):
            name = upper[4:].strip()
            if not stack or stack[-1][0] != name:
                expected = f"END:{stack[-1][0]}" if stack else "nothing"
                raise CalendarFormatError(
                    f"END:{name} does not close an open block (expected {expected}); the file "
                    "is damaged. Export it again.",
                    file=filename,
                    line=out.starts[index],
                )
            stack.pop()
    if stack:
        name, line = stack[-1]
        raise CalendarFormatError(
            f"BEGIN:{name} is never closed (no END:{name}); the file was probably cut off. "
            "Export it again.",
            file=filename,
            line=line,
        )
