"""Build believable demo sales-call transcripts of varied quality, in the formats people have.

Pure function, no Django: the quickstart, the manager view's demo data, benchmarks and tests
share it. Four reps with different habits; one (the second) starts pushy and improves over
the period, so the manager view shows a real trend. Same seed, same calls.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from helpfirst.demo.call_scripts import ARCHETYPES, TOPICS, Turn

DEFAULT_SELLERS = ("Dana Reyes", "Greg Thornton", "Mei Tanaka", "Owen Price")
DEFAULT_BUYERS = (
    "Marcus Bell",
    "Aisha Okafor",
    "Tom Becker",
    "Raj Patel",
    "Emma Walsh",
    "Oliver Grant",
    "Zoë Ødegaard",
    "Julia Rossi",
    "Grace Liu",
    "Nora Kim",
    "Sam Ortiz",
    "Beatriz Santos",
)
FORMATS = ("vtt_zoom", "vtt_teams", "srt", "whisper_json", "otter", "plain")
_EXTENSIONS = {
    "vtt_zoom": "vtt",
    "vtt_teams": "vtt",
    "srt": "srt",
    "whisper_json": "json",
    "otter": "otter.txt",
    "plain": "txt",
}
# Chance of each archetype per rep; the second rep moves from the first row to the second.
_HABITS = {
    0: {"consultative": 5, "dated_next_step": 3, "respectful_no": 2, "mixed": 1},
    1: {"pushy_monologue": 4, "ignored_no": 3, "fud_guilt": 2, "mixed": 2},
    "1_late": {"dated_next_step": 3, "consultative": 2, "mixed": 2, "respectful_no": 1},
    2: {"consultative": 3, "dated_next_step": 3, "mixed": 2, "respectful_no": 1},
    3: {"mixed": 4, "pushy_monologue": 2, "dated_next_step": 2, "ignored_no": 1},
}


@dataclass(frozen=True, slots=True)
class DemoTranscript:
    """Hold one demo call: its text in a real format plus who and when, for loading."""

    name: str
    filename: str
    input_format: str  # the ``--input-format`` name: vtt, srt, json, otter, plain
    text: str
    seller: str
    buyer: str
    company: str
    archetype: str
    call_date: date


def build_demo_transcripts(
    seed: int = 7,
    count: int = 30,
    seller_names: Sequence[str] = DEFAULT_SELLERS,
    buyer_names: Sequence[str] = DEFAULT_BUYERS,
    end_date: date = date(2025, 6, 27),
) -> list[DemoTranscript]:
    """Return ``count`` deterministic demo calls over the 90 days up to ``end_date``."""
    rng = random.Random(seed)
    calls = []
    for index in range(count):
        rep = index % len(seller_names)
        habits = _HABITS.get(rep % 4, _HABITS[2])
        if rep % 4 == 1 and index >= count // 2:
            habits = _HABITS["1_late"]
        archetype = rng.choices(list(habits), weights=list(habits.values()))[0]
        topic = rng.choice(TOPICS)
        fmt = FORMATS[index % len(FORMATS)]
        seller, buyer = seller_names[rep], buyer_names[index % len(buyer_names)]
        turns = ARCHETYPES[archetype](topic, rng)
        name = f"demo_{index + 1:02d}_{archetype}"
        calls.append(
            DemoTranscript(
                name=name,
                filename=f"{name}.{_EXTENSIONS[fmt]}",
                input_format={"vtt_zoom": "vtt", "vtt_teams": "vtt", "whisper_json": "json"}.get(
                    fmt, fmt
                ),
                text=_render(turns, fmt, seller, buyer, rng),
                seller=seller,
                buyer=buyer,
                company=topic.company,
                archetype=archetype,
                call_date=end_date
                - timedelta(days=round(90 * (count - 1 - index) / max(count, 1))),
            )
        )
    return calls


def _timed(turns: list[Turn], rng: random.Random) -> list[tuple[str, str, float, float]]:
    """Give each turn a start and end: ~2.6 words a second and short pauses between turns."""
    out = []
    at = rng.uniform(0.5, 3.0)
    for side, text in turns:
        length = len(text.split()) / rng.uniform(2.3, 2.9)
        out.append((side, text, at, at + length))
        at += length + rng.uniform(0.3, 1.5)
    return out


def _render(turns: list[Turn], fmt: str, seller: str, buyer: str, rng: random.Random) -> str:
    names = {"seller": seller, "buyer": buyer}
    timed = [(names[side], text, start, end) for side, text, start, end in _timed(turns, rng)]
    if fmt == "vtt_zoom":
        cues = [
            f"{i}\n{_clock(s, '.')} --> {_clock(e, '.')}\n{who}: {text}"
            for i, (who, text, s, e) in enumerate(timed, start=1)
        ]
        return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"
    if fmt == "vtt_teams":
        cues = [
            f"{_clock(s, '.')} --> {_clock(e, '.')}\n<v {who}>{text}</v>"
            for who, text, s, e in timed
        ]
        return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"
    if fmt == "srt":
        cues = [
            f"{i}\n{_clock(s, ',')} --> {_clock(e, ',')}\n{who}: {text}"
            for i, (who, text, s, e) in enumerate(timed, start=1)
        ]
        return "\n\n".join(cues) + "\n"
    if fmt == "whisper_json":
        segments = [
            {"start": round(s, 2), "end": round(e, 2), "speaker": who, "text": f" {text}"}
            for who, text, s, e in timed
        ]
        return json.dumps({"language": "en", "segments": segments}, ensure_ascii=False, indent=1)
    if fmt == "otter":
        blocks = [f"{who}  {int(s // 60)}:{int(s % 60):02d}\n{text}" for who, text, s, _ in timed]
        return "\n\n".join(blocks) + "\n"
    return "\n".join(f"{who}: {text}" for who, text, _, _ in timed) + "\n"


def _clock(seconds: float, separator: str) -> str:
    total_ms = round(seconds * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"
