"""Measure who talked how much, and for how long each side held the floor."""

from __future__ import annotations

from dataclasses import dataclass

from helpfirst.core.conversation.transcript import Transcript

#: A buyer utterance shorter than this ("mm-hmm", "right") does not end a seller monologue.
MONOLOGUE_BREAK_S = 3.0


@dataclass(frozen=True, slots=True)
class SpeakerTalk:
    """Say how long and how much one speaker talked."""

    name: str
    side: str
    talk_s: float
    words: int


@dataclass(frozen=True, slots=True)
class Monologue:
    """Place the longest uninterrupted run of one side: when it started and how long it ran."""

    start: float
    duration_s: float


def call_duration(transcript: Transcript) -> float:
    """Return seconds from the first start to the last end."""
    if not transcript.utterances:
        return 0.0
    first = min(u.start or 0.0 for u in transcript.utterances)
    last = max(u.end or 0.0 for u in transcript.utterances)
    return max(last - first, 0.0)


def speaker_talk(transcript: Transcript, sides: dict[str, str]) -> list[SpeakerTalk]:
    """Return talk time (overlaps within one speaker counted once) and words per speaker."""
    spans: dict[str, list[tuple[float, float]]] = {}
    words: dict[str, int] = {}
    for u in transcript.utterances:
        spans.setdefault(u.speaker, []).append((u.start or 0.0, u.end or 0.0))
        words[u.speaker] = words.get(u.speaker, 0) + u.words
    return [
        SpeakerTalk(name, sides.get(name, "buyer"), round(_covered(spans[name]), 2), words[name])
        for name in transcript.speakers
    ]


def _covered(intervals: list[tuple[float, float]]) -> float:
    total = 0.0
    current_start = current_end = None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total


def talk_ratio(talk: list[SpeakerTalk]) -> float:
    """Return seller talk seconds over all talk seconds (0.0 when nobody talked)."""
    total = sum(s.talk_s for s in talk)
    seller = sum(s.talk_s for s in talk if s.side == "seller")
    return round(seller / total, 4) if total > 0 else 0.0


def longest_run(transcript: Transcript, sides: dict[str, str], side: str) -> Monologue:
    """Return the longest maximal run of ``side``'s utterances.

    The run is not broken by the other side's utterances shorter than 3 s, and is measured
    from the start of its first utterance to the end of its last.
    """
    best = Monologue(0.0, 0.0)
    run_start: float | None = None
    run_end = 0.0
    for u in transcript.utterances:
        start, end = u.start or 0.0, u.end or 0.0
        if sides.get(u.speaker, "buyer") == side:
            if run_start is None:
                run_start, run_end = start, end
            else:
                run_end = max(run_end, end)
        elif end - start >= MONOLOGUE_BREAK_S and run_start is not None:
            if run_end - run_start > best.duration_s:
                best = Monologue(run_start, run_end - run_start)
            run_start = None
    if run_start is not None and run_end - run_start > best.duration_s:
        best = Monologue(run_start, run_end - run_start)
    return Monologue(best.start, round(best.duration_s, 2))
