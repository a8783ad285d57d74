"""Build what the call page shows: the transcript with highlighted moments, and the scorecard.

Reads a stored :class:`~helpfirst.calls.models.Call` only (its utterances and analysis JSON);
nothing is re-analysed when the page is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from helpfirst.calls.models import Call
from helpfirst.core.conversation.scorecard import clock, span

TACTIC_LABELS = {
    "false_urgency": "False urgency",
    "assumptive_close": "Assumptive close",
    "guilt": "Guilt",
    "fear_uncertainty_doubt": "Fear, uncertainty, doubt",
    "ignoring_no": "Ignoring a no",
}
DISCOVERY_LABELS = {
    "pain": "Their problem",
    "impact": "What it costs them",
    "goals": "Their goals",
    "decision_process": "How they decide",
    "stakeholders": "Who else is involved",
    "timeline": "Their timeline",
}


@dataclass
class Highlight:
    """One marked stretch of an utterance: a question, a pressure tactic or the next step."""

    css: str
    label: str
    text: str
    start: int = -1
    end: int = -1


@dataclass
class TranscriptRow:
    """One utterance as the page shows it, split into plain and highlighted pieces."""

    index: int
    speaker: str
    side: str
    start: float
    end: float
    text: str
    in_monologue: bool = False
    highlights: list[Highlight] = field(default_factory=list)
    unplaced: list[Highlight] = field(default_factory=list)

    @property
    def clock(self) -> str:
        return clock(self.start)

    @property
    def pieces(self) -> list[tuple[str, Highlight | None]]:
        """Return (text, highlight or None) pieces in order; the template escapes the text."""
        out: list[tuple[str, Highlight | None]] = []
        at = 0
        for mark in sorted(self.highlights, key=lambda h: h.start):
            if mark.start > at:
                out.append((self.text[at : mark.start], None))
            out.append((self.text[mark.start : mark.end], mark))
            at = mark.end
        if at < len(self.text):
            out.append((self.text[at:], None))
        return out


def transcript_rows(call: Call) -> list[TranscriptRow]:
    """Return the call's utterances with questions, tactics and the next step marked in place."""
    analysis = call.analysis or {}
    sides = {s["name"]: s["side"] for s in analysis.get("speakers", [])}
    mono_from = call.monologue_start_s
    mono_to = (mono_from or 0.0) + (call.longest_monologue_s or 0.0)
    rows = []
    for index, (speaker, start, end, text) in enumerate(call.utterances):
        side = sides.get(speaker, "") if call.has_sides else ""
        in_mono = (
            mono_from is not None
            and (call.longest_monologue_s or 0) > 0
            and side == "seller"
            and start >= mono_from - 0.01
            and end <= mono_to + 0.01
        )
        rows.append(TranscriptRow(index, speaker, side, start, end, text, in_mono))
    for question in analysis.get("questions", []):
        kind = question["kind"]
        _place(
            rows,
            Highlight(f"q q-{kind}", f"{kind.capitalize()} question", question["text"]),
            question["speaker"],
            question["t"],
        )
    tactics: dict[tuple[str, float, str], list[str]] = {}
    for tactic in analysis.get("pressure_tactics", []):
        key = (tactic["speaker"], tactic["t"], tactic["quote"])
        tactics.setdefault(key, []).append(TACTIC_LABELS.get(tactic["kind"], tactic["kind"]))
    for (speaker, t, quote), kinds in tactics.items():
        _place(rows, Highlight("tactic", "Pressure: " + ", ".join(kinds), quote), speaker, t)
    step = analysis.get("next_steps") or {}
    if step.get("agreed") and step.get("quote"):
        _place(rows, Highlight("next-step", "Agreed next step", step["quote"]), None, None)
    return rows


def _place(rows: list[TranscriptRow], mark: Highlight, speaker: str | None, t: float | None):
    """Mark ``mark.text`` inside the utterance it was said in (by speaker and time)."""
    candidates = [r for r in rows if speaker is None or r.speaker == speaker]
    if t is not None:
        before = [r for r in candidates if r.start <= t + 0.05]
        nearest = before[-1:] if before else candidates[:1]
        candidates = nearest + [r for r in candidates if r not in nearest]
    needle = mark.text.strip()
    for row in candidates:
        found = row.text.find(needle)
        if found < 0:
            found = row.text.casefold().find(needle.casefold())
        if found < 0 or not needle:
            continue
        end = found + len(needle)
        if any(found < h.end and h.start < end for h in row.highlights):
            row.unplaced.append(mark)  # overlaps a mark already there: show it as a tag
        else:
            mark.start, mark.end = found, end
            row.highlights.append(mark)
        return
    if candidates:
        candidates[0].unplaced.append(mark)


def moment_index(rows: list[TranscriptRow], t: float | None) -> int | None:
    """Return the index of the utterance under way at ``t`` seconds (for links to moments)."""
    if t is None or not rows:
        return None
    chosen = rows[0].index
    for row in rows:
        if row.start <= t + 0.05:
            chosen = row.index
        else:
            break
    return chosen


def coaching_items(call: Call, rows: list[TranscriptRow]) -> list[dict[str, Any]]:
    """Return the coaching notes, each with a link target to the moment it is about.

    A note that opens with its moment ("At 12:40 …") gets that opening as ``lead`` (the page
    makes it the link) and the remainder as ``text``.
    """
    notes = call.coaching_moments or [
        {"t": None, "text": text} for text in (call.analysis or {}).get("coaching", [])
    ]
    items = []
    for note in notes:
        t, text = note["t"], note["text"]
        lead = f"At {clock(t)}" if t is not None else ""
        if lead and text.startswith(lead):
            text = text[len(lead) :]
        elif t is not None:
            lead = clock(t)
            text = " " + text
        items.append({"lead": lead, "text": text, "t": t, "anchor": moment_index(rows, t)})
    return items


def scorecard(call: Call) -> dict[str, Any]:
    """Return the headline figures of the call in words people read at a glance."""
    analysis = call.analysis or {}
    asked = call.seller_question_count or 0
    return {
        "talk_ratio": None if call.talk_ratio is None else round(call.talk_ratio * 100),
        "questions": asked,
        "open_questions": call.seller_open_question_count or 0,
        "monologue": span(call.longest_monologue_s or 0.0),
        "customer_story": span(analysis.get("longest_customer_story_s") or 0.0),
        "helping_score": call.helping_score,
        "tactics": call.pressure_tactic_count or 0,
        "next_step": analysis.get("next_steps") or {"agreed": False, "quote": ""},
        "duration": span(call.duration_s or 0.0),
        "discovery": [
            (DISCOVERY_LABELS.get(name, name), done)
            for name, done in (analysis.get("discovery") or {}).items()
        ],
    }
