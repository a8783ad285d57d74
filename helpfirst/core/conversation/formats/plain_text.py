"""Read text transcripts: Otter-style exports and plain "Name: text" lines."""

from __future__ import annotations

import re
from collections import Counter

from helpfirst.core.conversation.formats.text_parts import (
    SPEAKER_PREFIX_RE,
    parse_clock,
    split_speaker,
)
from helpfirst.core.conversation.transcript import Utterance
from helpfirst.core.errors import TranscriptFormatError

# Otter: "Ana López  0:05" or "Speaker 1  1:02:10" alone on a line, the words below it.
OTTER_HEADER_RE = re.compile(
    r"^(?P<name>[^\W\d_][^\n]{0,60}?)[ \t]+(?P<clock>(?:\d{1,2}:)?\d{1,2}:\d{2})[ \t]*$"
)
# Optional clock before a plain line: "[00:01:02] Ana: hi", "00:01:02\tAna:\thi", "(1:02) Ana: hi"
_LEADING_CLOCK_RE = re.compile(r"^\s*[\[(]?((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?\s+")


def parse_otter(text: str, *, file: str | None = None) -> list[Utterance]:
    """Return utterances from an Otter-style export (speaker and clock line, then the words)."""
    utterances: list[Utterance] = []
    current: tuple[int, str, float] | None = None
    said: list[str] = []
    after_blank = True
    for line_no, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            after_blank = True
            continue
        header = OTTER_HEADER_RE.match(line) if after_blank or not said else None
        clock = parse_clock(header.group("clock")) if header else None
        if header and clock is not None:
            if current:
                utterances.append(
                    Utterance(current[1], " ".join(said), current[2], None, current[0])
                )
            current, said = (line_no, " ".join(header.group("name").split()), clock), []
        elif current is None:
            raise TranscriptFormatError(
                f"expected a speaker line like 'Ana López  0:05' before {line[:40]!r}",
                file=file,
                line=line_no,
            )
        else:
            said.append(line)
        after_blank = False
    if current:
        utterances.append(Utterance(current[1], " ".join(said), current[2], None, current[0]))
    return utterances


def parse_plain(text: str, *, file: str | None = None) -> list[Utterance]:
    """Return utterances from "Name: text" lines; other lines continue the previous turn.

    A name with more than three words counts only when it starts two or more lines, so a
    sentence such as "the thing we keep hitting is this: ..." is not taken for a speaker.
    """
    lines = text.split("\n")
    parsed = [_plain_line(line) for line in lines]
    counts = Counter(name for _, name, _ in parsed if name)
    utterances: list[Utterance] = []
    for line_no, (clock, name, said) in enumerate(parsed, start=1):
        if name and (len(name.split()) <= 3 or counts[name] >= 2):
            utterances.append(Utterance(name, said, clock, None, line_no))
            continue
        line = lines[line_no - 1].strip()
        if not line:
            continue
        if not utterances:
            raise TranscriptFormatError(
                f"expected 'Name: text' but found {line[:40]!r}; start each turn with the "
                "speaker's name and a colon",
                file=file,
                line=line_no,
            )
        last = utterances[-1]
        utterances[-1] = Utterance(
            last.speaker, f"{last.text} {line}".strip(), last.start, None, last.line
        )
    return utterances


def _plain_line(line: str) -> tuple[float | None, str | None, str]:
    clock = None
    match = _LEADING_CLOCK_RE.match(line)
    if match and SPEAKER_PREFIX_RE.match(line[match.end() :]):
        clock = parse_clock(match.group(1))
        line = line[match.end() :]
    name, said = split_speaker(line)
    if name is None:
        return None, None, said
    return clock, name, said
