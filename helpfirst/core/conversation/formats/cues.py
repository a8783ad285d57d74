"""Read timed-cue transcripts: WebVTT (Zoom "Name: text" cues, Teams ``<v Name>`` tags) and SRT."""

from __future__ import annotations

import re

from helpfirst.core.conversation.formats.text_parts import (
    parse_clock,
    split_speaker,
    strip_markup,
)
from helpfirst.core.conversation.transcript import UNKNOWN_SPEAKER, Utterance
from helpfirst.core.errors import TranscriptFormatError

_ARROW = "-->"
_VOICE_RE = re.compile(r"<v(?:\.[\w.\-]+)?(?:[ \t]+([^>]*))?>")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")


def parse_webvtt(text: str, *, file: str | None = None) -> list[Utterance]:
    """Return the utterances of a WebVTT file; raise TranscriptFormatError naming the line."""
    lines = text.split("\n")
    if not lines[0].lstrip().startswith("WEBVTT"):
        raise TranscriptFormatError(
            "a WebVTT file must start with 'WEBVTT'; export the transcript again or pass "
            "--input-format to read it as another format",
            file=file,
            line=1,
        )
    index = 1
    while index < len(lines) and lines[index].strip():  # header block: Kind:, Language:, Style:
        if _ARROW in lines[index]:
            break
        index += 1
    return _parse_cues(lines, index, file=file, kind="WebVTT")


def parse_srt(text: str, *, file: str | None = None) -> list[Utterance]:
    """Return the utterances of an SRT file ("Name: text" cue lines give the speaker)."""
    return _parse_cues(text.split("\n"), 0, file=file, kind="SRT")


def _parse_cues(lines: list[str], index: int, *, file: str | None, kind: str) -> list[Utterance]:
    utterances: list[Utterance] = []
    speaker: str | None = None
    total = len(lines)
    while index < total:
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        if kind == "WebVTT" and line.split(" ", 1)[0].split("\t", 1)[0] in _SKIPPED_BLOCKS:
            index = _skip_block(lines, index)
            continue
        block_start = index
        if _ARROW not in line:
            index += 1  # a cue identifier ("1", "intro") may stand on the line before the timing
            if index >= total or _ARROW not in lines[index]:
                raise TranscriptFormatError(
                    f"expected a cue timing line like '00:01:02.500 --> 00:01:05.000' after "
                    f"{line[:40]!r}; every {kind} cue needs one",
                    file=file,
                    line=block_start + 1,
                )
        start, end = _parse_timing(lines[index], line_no=index + 1, file=file)
        index += 1
        cue_lines: list[tuple[int, str]] = []
        while index < total and lines[index].strip() and _ARROW not in lines[index]:
            cue_lines.append((index + 1, lines[index]))
            index += 1
        for line_no, speaker_name, said in _cue_turns(cue_lines, speaker):
            speaker = speaker_name
            utterances.append(Utterance(speaker_name, said, start, end, line_no))
    return utterances


def _skip_block(lines: list[str], index: int) -> int:
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _parse_timing(line: str, *, line_no: int, file: str | None) -> tuple[float, float]:
    left, _, right = line.partition(_ARROW)
    right_parts = right.split()
    start = parse_clock(left)
    end = parse_clock(right_parts[0]) if right_parts else None
    if start is None or end is None:
        raise TranscriptFormatError(
            f"cannot read the cue timing {line.strip()[:60]!r}; write it as "
            "'00:01:02.500 --> 00:01:05.000'",
            file=file,
            line=line_no,
        )
    if end < start:
        raise TranscriptFormatError(
            f"the cue ends ({right_parts[0]}) before it starts ({left.strip()}); fix the timing",
            file=file,
            line=line_no,
        )
    return start, end


def _cue_turns(
    cue_lines: list[tuple[int, str]], previous_speaker: str | None
) -> list[tuple[int, str, str]]:
    """Split one cue's lines into (line, speaker, text) turns, following voice tags and names."""
    turns: list[tuple[int, str, str]] = []
    speaker = previous_speaker
    for line_no, raw in cue_lines:
        voice = _VOICE_RE.search(raw)
        if voice:
            name = " ".join((voice.group(1) or "").split())
            speaker = name or speaker
            said = strip_markup(raw[voice.end() :])
            named = None
        else:
            named, said = split_speaker(strip_markup(raw))
            if named:
                speaker = named
        if not said:
            continue
        who = speaker or UNKNOWN_SPEAKER
        if turns and turns[-1][1] == who and not voice and not named:
            turns[-1] = (turns[-1][0], who, f"{turns[-1][2]} {said}")
        else:
            turns.append((line_no, who, said))
    return turns
