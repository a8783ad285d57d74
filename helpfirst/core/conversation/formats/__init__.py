"""Read call transcripts in the formats people actually have, detecting which one a file is."""

from __future__ import annotations

import re
from collections.abc import Callable

from helpfirst.core.conversation.formats.cues import parse_srt, parse_webvtt
from helpfirst.core.conversation.formats.plain_text import (
    OTTER_HEADER_RE,
    parse_otter,
    parse_plain,
)
from helpfirst.core.conversation.formats.speech_json import parse_speech_json
from helpfirst.core.conversation.formats.text_parts import decode_transcript
from helpfirst.core.conversation.transcript import Transcript, Utterance, build_transcript
from helpfirst.core.errors import TranscriptFormatError

Parser = Callable[..., list[Utterance]]

#: Input formats by the name ``--input-format`` takes.
PARSERS: dict[str, Parser] = {
    "vtt": parse_webvtt,
    "srt": parse_srt,
    "json": parse_speech_json,
    "otter": parse_otter,
    "plain": parse_plain,
}
INPUT_FORMATS = tuple(PARSERS)

_EXTENSIONS = {".vtt": "vtt", ".srt": "srt", ".json": "json"}
_JSON_START_RE = re.compile(r'^(?:\{|\[\s*(?:[\[{"\]]|$))')
_SRT_TIMING_RE = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.MULTILINE)


def detect_format(text: str, filename: str | None = None) -> str:
    """Return the input format name for ``text`` (already decoded), looking at content first."""
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    if _JSON_START_RE.match(head):
        return "json"
    if _SRT_TIMING_RE.search(text[:4000]):
        return "srt"
    if filename:
        for extension, name in _EXTENSIONS.items():
            if filename.lower().endswith(extension):
                return name
    if _looks_like_otter(text):
        return "otter"
    return "plain"


def _looks_like_otter(text: str) -> bool:
    blocks = [block.strip() for block in text[:20000].split("\n\n") if block.strip()]
    if not blocks:
        return False
    headed = sum(1 for block in blocks if OTTER_HEADER_RE.match(block.split("\n", 1)[0].strip()))
    return headed >= max(1, len(blocks) // 2)


def parse_transcript(
    data: bytes | str,
    input_format: str | None = None,
    filename: str | None = None,
) -> Transcript:
    """Read a transcript from bytes or text; raise only TranscriptFormatError on bad input.

    ``input_format`` forces one of :data:`INPUT_FORMATS`; otherwise the format is detected
    from the content (and the file name's extension as a tie-breaker).
    """
    text = decode_transcript(data, file=filename)
    if not text.strip():
        raise TranscriptFormatError("the transcript is empty", file=filename, line=1)
    name = input_format or detect_format(text, filename)
    if name not in PARSERS:
        raise TranscriptFormatError(
            f"unknown input format {name!r}; use one of {', '.join(INPUT_FORMATS)}",
            file=filename,
        )
    try:
        utterances = PARSERS[name](text, file=filename)
    except RecursionError as exc:  # pathological nesting in markup; report, never crash
        raise TranscriptFormatError("the file is nested too deeply to read", file=filename) from exc
    transcript = build_transcript(utterances, name)
    if not transcript.utterances:
        raise TranscriptFormatError(
            f"no spoken words found in this {name} transcript", file=filename, line=1
        )
    return transcript


__all__ = ["INPUT_FORMATS", "PARSERS", "detect_format", "parse_transcript"]
