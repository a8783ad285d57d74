"""Find a concrete next step that both sides agreed, preferring one with a date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpfirst.core.conversation.sentences import Sentence

_I = 0  # matched against Sentence.lower: faster than re.IGNORECASE
_ACTION_RE = re.compile(
    r"\b(?:meet|meeting|call|session|demo|trial|pilot|review|walk\s+through|go\s+through|"
    r"look\s+at|site\s+survey|survey|book|schedule|calendar|invite|workshop|onboarding|"
    r"kick-?off|visit|check\s+in|catch\s+up|sync|sign|e-?mail(?:ed)?\s+you|set\s+up\s+a|"
    r"send\s+an?\s+engineer|presentation|install\w*)\b",
    _I,
)
TIME_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|"
    r"this\s+(?:afternoon|morning|evening|week)|next\s+(?:week|month|monday|tuesday|wednesday|"
    r"thursday|friday)|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|the\s+\d{1,2}(?:st|nd|rd|th)|\d{1,2}(?:st|nd|rd|th)\s+of|"
    r"the\s+first|first\s+week|end\s+of\s+the\s+week|at\s+\d{1,2}(?::\d{2})?|"
    r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2})\b",
    _I,
)
_AGREE_RE = re.compile(
    r"^(?:yes|yeah|yep|yup|ja|sure|sounds\s+good|perfect|great|absolutely|definitely|deal|"
    r"let'?s\s+do\s+it|see\s+you|booked|done|ok(?:ay)?,?\s+(?:that|let'?s|see|works|sounds))\b"
    r"|\b(?:(?<!doesn't\s)(?<!don't\s)works?\b(?:\s+for\s+(?:me|us))?|sounds\s+good|is\s+(?:good|"
    r"great|perfect|fine)|see\s+you\s+then|i'?ll\s+(?:be\s+there|invite|forward|bring|sign|"
    r"send)|that'?s\s+fine|count\s+(?:me|us)\s+in)\b",
    _I,
)
_DECLINE_RE = re.compile(
    r"\b(?:let\s+me\s+(?:check|think|get\s+back)|get\s+back\s+to\s+you|not\s+sure|can'?t|"
    r"cannot|doesn'?t\s+work|don'?t\s+(?:think|know)|no\b|hold\s+on|haven'?t\s+agreed|"
    r"maybe|not\s+yet|we'?ll\s+see)\b",
    _I,
)


@dataclass(frozen=True, slots=True)
class NextStep:
    """Say whether a concrete next step was agreed, quoting its proposal."""

    agreed: bool
    quote: str
    t: float | None = None
    dated: bool = False


def find_next_step(sentences: list[Sentence]) -> NextStep:
    """Return the best agreed next step (dated beats undated, later beats earlier)."""
    best: NextStep | None = None
    for index, sentence in enumerate(sentences):
        text = sentence.lower or sentence.text.lower()
        if not _ACTION_RE.search(text) or not TIME_RE.search(text):
            continue
        reply = _reply_from_other_side(sentences, index)
        if reply is None:
            continue
        if _AGREE_RE.search(reply) and not _DECLINE_RE.search(reply):
            best = NextStep(True, sentence.text.strip(), sentence.t, True)
    return best or NextStep(False, "")


def _reply_from_other_side(sentences: list[Sentence], index: int) -> str | None:
    """Return the first two sentences of the next turn by someone else, or None if none came
    within the proposer's next three sentences."""
    proposer = sentences[index].speaker
    skipped = 0
    for position in range(index + 1, len(sentences)):
        later = sentences[position]
        if later.speaker == proposer:
            skipped += 1
            if skipped > 3:
                return None
            continue
        reply = [later.lower or later.text.lower()]
        following = sentences[position + 1] if position + 1 < len(sentences) else None
        if following is not None and following.utterance == later.utterance:
            reply.append(following.lower or following.text.lower())
        return " ".join(reply)
    return None
