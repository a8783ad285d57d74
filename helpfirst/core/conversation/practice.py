"""Score a new rep's written reply to a buyer's message with the same engine as real calls."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from helpfirst.core.conversation.analysis import analyse_call
from helpfirst.core.conversation.questions import Question
from helpfirst.core.conversation.scorecard import DEFAULT_TACTIC_PENALTY, TACTIC_PENALTY, shorten
from helpfirst.core.conversation.tactics import Tactic
from helpfirst.core.conversation.transcript import Utterance, build_transcript
from helpfirst.core.errors import DataValidationError

_BUYER_WORDS_RE = re.compile(r"\b(?:you|your|yours|you're|you've|you'd|you'll)\b", re.I)
_SELLER_WORDS_RE = re.compile(r"\b(?:we|our|us|i|my|we're|we've|i'm|i've|ours)\b", re.I)
_BUYER, _REP = "Buyer", "Rep"


@dataclass(frozen=True, slots=True)
class PracticeFeedback:
    """Explain how helpful a practice reply was: score 0–100, what counted, and why."""

    score: int
    questions: list[Question]
    tactics: list[Tactic]
    buyer_focus: float  # share of "you/your" among you- and we-words, 0..1
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready form for the practice page and API."""
        return {
            "score": self.score,
            "questions": [{"text": q.text, "kind": q.kind} for q in self.questions],
            "tactics": [{"kind": t.kind, "quote": t.quote} for t in self.tactics],
            "buyer_focus": self.buyer_focus,
            "notes": self.notes,
        }


def score_practice_reply(buyer_message: str, rep_reply: str) -> PracticeFeedback:
    """Score ``rep_reply`` for helping vs pushing: questions about the buyer's problem and a
    focus on them earn points; pressure tactics (judged against the buyer's message) cost."""
    if not rep_reply.strip():
        raise DataValidationError("write a reply to score", field="rep_reply")
    transcript = build_transcript(
        [Utterance(_BUYER, buyer_message or "(no message)"), Utterance(_REP, rep_reply)], "plain"
    )
    analysis = analyse_call(transcript, sides={_BUYER: "buyer", _REP: "seller"})
    questions = analysis.seller_questions
    opened = [q for q in questions if q.kind == "open"]
    you = len(_BUYER_WORDS_RE.findall(rep_reply))
    we = len(_SELLER_WORDS_RE.findall(rep_reply))
    focus = round(you / (you + we), 2) if you + we else 0.5
    score = 40.0 + 25.0 * min(1.0, len(opened) / 2) + 10.0 * min(1.0, len(questions) / 2)
    score += 25.0 * focus
    score -= sum(
        TACTIC_PENALTY.get(t.kind, DEFAULT_TACTIC_PENALTY) * 2.5 for t in analysis.pressure_tactics
    )
    notes = []
    for tactic in analysis.pressure_tactics:
        notes.append(
            f"\u201c{shorten(tactic.quote)}\u201d reads as {tactic.kind.replace('_', ' ')}"
            "; it pushes instead of helping."
        )
    if not opened:
        notes.append(
            "Ask at least one open question about their situation (what, how, tell me "
            "about) before offering anything."
        )
    if focus < 0.5:
        notes.append(
            f"Your reply talks about you more than them ({round(focus * 100)}% "
            "you-words); make it about the buyer's problem."
        )
    if not notes:
        notes.append("Helpful reply: it asks about the buyer's situation without pressure.")
    return PracticeFeedback(
        round(max(0.0, min(100.0, score))), questions, analysis.pressure_tactics, focus, notes
    )
