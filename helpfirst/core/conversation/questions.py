"""Find the questions asked in a call and tell open questions from closed ones.

A sentence is a question when it ends with a question mark (bare backchannels such as
"Really?" excepted) or when it is built like one: a wh-word with inversion ("how many deals
would you..."), an auxiliary before its subject ("do you...", "is there..."), an invitation
("tell me about...", "walk me through...") or an indirect question ("I'm curious how...").
Open questions cannot be answered with yes, no or a pick from a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpfirst.core.conversation.sentences import (
    INDIRECT_RE,
    INVITATION_RE,
    WH_QUESTION_RE,
    YES_NO_QUESTION_RE,
    Sentence,
    strip_lead_in,
)

_BACKCHANNELS = frozenset(
    {
        *[
            "really",
            "yeah",
            "yes",
            "right",
            "okay",
            "ok",
            "oh",
            "huh",
            "what",
            "sorry",
            "pardon",
            "hm",
            "hmm",
            "mm",
            "mhm",
            "uh-huh",
        ],
        "is that right",
        "is that so",
        "you know",
        "oh really",
        "oh yeah",
        "really now",
        "no way",
        "seriously",
        "oh no",
    }
)
_ECHO_RE = re.compile(  # "Oh, are you?", "You do?", "Is it?": backchannels, not questions
    r"^(?:(?:are|do|did|is|was|were|have|has|can|could|would|will)(?:n't)?\s+"
    r"(?:you|it|he|she|they|we|there|that)|(?:you|it|he|she|they|we)\s+(?:are|do|did|is|was|"
    r"were|have|has|can|could|would|will)(?:n't)?)$",
    re.IGNORECASE,
)
_OPEN_AFTER_AUX_RE = re.compile(
    r"^\w+\s+(?:you|i|we)\s+(?:please\s+)?(?:tell|walk|talk|take|share|explain|describe|ask|"
    r"say|help)\b.*?\b(?:about|what|how|why|who|where|when|through|more)\b",
    re.IGNORECASE,
)
_CLOSED_WH_RE = re.compile(r"^(?:which\b|why\s+(?:don't|not|doesn't)\b)", re.IGNORECASE)
_WH_START_RE = re.compile(r"^(?:what|how|why|who|whom|whose|where|when|which)\b", re.I)
_TRAILING_RE = re.compile(r"[\s?.!…,;:]+$")


@dataclass(frozen=True, slots=True)
class Question:
    """Record one interrogative sentence: when, who, what, and whether it was open."""

    t: float
    speaker: str
    text: str
    kind: str  # "open" | "closed"


def classify_question(text: str) -> str | None:
    """Return ``"open"``, ``"closed"`` or ``None`` when ``text`` is not a question."""
    stripped = text.strip()
    body = strip_lead_in(stripped)
    bare = _TRAILING_RE.sub("", body).lower()
    ends_with_mark = stripped.endswith("?") or stripped.endswith('?"')
    if ends_with_mark and (bare in _BACKCHANNELS or not bare or _ECHO_RE.match(bare)):
        return None
    if WH_QUESTION_RE.match(body):
        return "closed" if _CLOSED_WH_RE.match(body) else "open"
    if INVITATION_RE.match(body):
        return "open"
    indirect = INDIRECT_RE.match(body)
    if indirect:
        return "closed" if indirect.group("how").lower() in {"if", "whether"} else "open"
    if YES_NO_QUESTION_RE.match(body):
        return "open" if _OPEN_AFTER_AUX_RE.match(body) else "closed"
    if ends_with_mark:
        if _WH_START_RE.match(body):
            return "closed" if _CLOSED_WH_RE.match(body) else "open"
        return "open" if _starts_with_wh_after_comma(body) else "closed"
    return None


def _starts_with_wh_after_comma(body: str) -> bool:
    """Tell "So tell me, what's driving...?" style sentences (a wh-clause after a comma)."""
    _, comma, rest = body.partition(",")
    return bool(comma) and bool(WH_QUESTION_RE.match(strip_lead_in(rest)))


def find_questions(sentences: list[Sentence]) -> list[Question]:
    """Return the questions among ``sentences``, in the order they were asked."""
    out = []
    for sentence in sentences:
        kind = classify_question(sentence.text)
        if kind:
            out.append(Question(sentence.t, sentence.speaker, sentence.text.strip(), kind))
    return out
