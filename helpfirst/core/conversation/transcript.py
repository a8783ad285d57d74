"""Represent a call as the utterances people actually said, in order, with who said them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

#: Words per second assumed when a transcript carries no timestamps (issue 3: 2.5 words/s).
ESTIMATED_WORDS_PER_SECOND = 2.5

UNKNOWN_SPEAKER = "Unknown"

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def count_words(text: str) -> int:
    """Count the words in ``text`` (letters and digits; apostrophes stay inside words)."""
    return len(_WORD_RE.findall(text))


@dataclass(frozen=True, slots=True)
class Utterance:
    """Say who spoke what, and when (seconds from the start of the call) where known."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None

    @property
    def words(self) -> int:
        """Return the number of words spoken."""
        return count_words(self.text)


@dataclass(frozen=True, slots=True)
class Transcript:
    """Hold a whole call: utterances in time order plus how the timing was obtained.

    ``timing`` is ``"measured"`` when the source carried timestamps and ``"estimated"`` when they
    were derived from word counts. ``has_sides`` is false for audio transcribed without any way
    to tell speakers apart (single channel, no diarisation).
    """

    utterances: tuple[Utterance, ...]
    source_format: str = "plain"
    timing: str = "measured"
    has_sides: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def speakers(self) -> list[str]:
        """Return speaker names in order of first appearance."""
        seen: dict[str, None] = {}
        for utterance in self.utterances:
            seen.setdefault(utterance.speaker, None)
        return list(seen)

    @property
    def text(self) -> str:
        """Return all spoken text, one utterance a line (used by redaction and search)."""
        return "\n".join(u.text for u in self.utterances)


def build_transcript(
    utterances: list[Utterance], source_format: str, *, has_sides: bool = True
) -> Transcript:
    """Order utterances in time and fill in missing timing.

    Utterances without any timestamp get estimated times at 2.5 words per second, back to
    back. Utterances with only a start (Otter-style exports) end where the next one starts, or
    after their estimated speaking time when that comes first.
    """
    kept = [u for u in utterances if u.text.strip()]
    if not kept:
        return Transcript((), source_format, "estimated", has_sides)
    if all(u.start is None for u in kept):
        clock = 0.0
        timed = []
        for u in kept:
            length = max(u.words, 1) / ESTIMATED_WORDS_PER_SECOND
            timed.append(replace(u, start=clock, end=clock + length))
            clock += length
        return Transcript(tuple(timed), source_format, "estimated", has_sides)
    timed = _fill_missing_times(kept)
    timed.sort(key=lambda u: (u.start, u.end))
    return Transcript(tuple(timed), source_format, "measured", has_sides)


def _fill_missing_times(utterances: list[Utterance]) -> list[Utterance]:
    filled: list[Utterance] = []
    clock = 0.0
    for index, u in enumerate(utterances):
        spoken = max(u.words, 1) / ESTIMATED_WORDS_PER_SECOND
        start = u.start if u.start is not None else clock
        end = u.end
        if end is None:
            end = start + spoken
            for later in utterances[index + 1 :]:
                if later.start is not None and later.start > start:
                    end = min(end, later.start)
                    break
        end = max(end, start)
        filled.append(replace(u, start=start, end=end))
        clock = end
    return filled
