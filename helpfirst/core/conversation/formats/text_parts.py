"""Read the small pieces every transcript format shares: bytes, clock times, speaker prefixes."""

from __future__ import annotations

import re

from helpfirst.core.errors import TranscriptFormatError

_CLOCK_RE = re.compile(r"^\s*(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?\s*$")
_TAG_RE = re.compile(r"<[^>\n]*>")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&lrm;": "", "&rlm;": ""}
_ENTITY_RE = re.compile("|".join(re.escape(k) for k in _ENTITIES))
# "Ana López: text", "Speaker 1: text", "[Ana] text". The name starts with a letter, holds at
# most five words and no sentence punctuation, so "Note the time: 3pm" is not read as a speaker.
_NAME = r"[^\W\d_][\w.'’\-]*(?:[ \t]+[\w.'’\-()&]+){0,4}"
SPEAKER_PREFIX_RE = re.compile(rf"^\s*(?:>>\s*)?(?P<name>{_NAME})[ \t]*:(?:[ \t]+|$)(?P<text>.*)$")
BRACKET_SPEAKER_RE = re.compile(rf"^\s*\[(?P<name>{_NAME})\][ \t]*:?[ \t]*(?P<text>.*)$")
_NOT_NAMES = frozenset({"http", "https", "mailto", "note", "ps", "re", "fwd", "subject"})


def decode_transcript(data: bytes | str, *, file: str | None = None) -> str:
    """Return the text of a transcript with any byte-order mark removed and newlines as ``\\n``.

    UTF-8 and UTF-16 (with BOM) are read as such; anything else falls back to Windows-1252
    then Latin-1, which never fails, so odd bytes surface as odd characters, not a crash.
    """
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise TranscriptFormatError(
                    "the file starts like UTF-16 but is not valid UTF-16; save it as UTF-8",
                    file=file,
                    line=1,
                ) from exc
        else:
            for encoding in ("utf-8", "cp1252", "latin-1"):
                try:
                    text = data.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
    else:
        text = data
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_clock(value: str) -> float | None:
    """Return seconds for ``hh:mm:ss.ttt``, ``mm:ss.ttt`` or ``mm:ss,ttt``; ``None`` if not one."""
    match = _CLOCK_RE.match(value)
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        total += int(fraction) / (10 ** len(fraction))
    return float(total)


def strip_markup(text: str) -> str:
    """Remove cue tags such as ``<i>``, ``<c.color>`` and ``<00:01.000>`` and HTML entities."""
    if "<" in text:
        text = _TAG_RE.sub("", text)
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: _ENTITIES[m.group(0)], text)
    return text.strip()


def split_speaker(line: str) -> tuple[str | None, str]:
    """Split ``"Name: text"`` or ``"[Name] text"`` into (name, text); name is None if absent."""
    for pattern in (SPEAKER_PREFIX_RE, BRACKET_SPEAKER_RE):
        match = pattern.match(line)
        if match:
            name = " ".join(match.group("name").split())
            if name.casefold() not in _NOT_NAMES:
                return name, match.group("text").strip()
    return None, line.strip()
