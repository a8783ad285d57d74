"""Split utterances into sentences, even when the transcript has no punctuation at all."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from helpfirst.core.conversation.transcript import Transcript, count_words

_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=\S)")
_HAS_PUNCTUATION_RE = re.compile(r"[.!?…]")

# Words that open a turn without carrying meaning; stripped before looking at how a sentence
# starts ("so, what made you..." starts like "what made you...").
LEAD_IN_RE = re.compile(
    r"^(?:(?:so|and|okay|ok|well|now|but|great|alright|all right|right|um|uh|also|then|oh|"
    r"yeah|yes|sure|cool|perfect|hi|hey|thanks|thank you|look|listen|honestly|anyway|and so|"
    r"mm-hmm|gotcha|got it|understood|fair enough|interesting)\b[\s,.\-–—]*)+",
    re.IGNORECASE,
)

_WH = r"(?:what|how|why|who|whom|whose|where|when|which)"
_AUX = (
    r"(?:is|are|was|were|am|do|does|did|have|has|had|can|could|would|will|should|shall|"
    r"might|may|must|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|haven't|hasn't|can't|"
    r"couldn't|wouldn't|won't|shouldn't)"
)
_SUBJECT = (
    r"(?:you|we|i|it|they|he|she|there|that|this|these|those|your|our|their|anyone|anybody|"
    r"someone|somebody|everyone|everybody|any|the|a|an)"
)
_PRONOUN = r"(?:you|we|i|they|he|she|your|our|their)"
_SUBJECT_VERBS = (
    r"(?:happens|happened|made|makes|brought|brings|keeps|kept|led|leads|drives|drove|prompted|"
    r"changed|matters|worries|concerns|stops|stopped|triggered|caused|causes|else)"
)

#: "what is", "what's", "how many deals would", "who else is", "what made you", "how about".
WH_QUESTION_RE = re.compile(
    rf"^{_WH}(?:'s|'re|'d|'ll|’s|’re)\b"
    rf"|^{_WH}(?:\s+else)?\s+{_AUX}\b"
    rf"|^(?:what|which|how|who|whose)(?:\s+(?!{_PRONOUN}\b|his\b|her\b|my\b|its\b)[\w'’-]+)"
    rf"{{1,3}}?\s+{_AUX}\b"
    rf"|^{_WH}\s+{_SUBJECT_VERBS}\b"
    rf"|^{_WH}\s+\w+\s+{_PRONOUN}\b(?!\s+{_AUX}\b)"
    r"|^(?:what|how)\s+about\b|^how\s+come\b|^what\s+if\b|^why\s+not\b",
    re.IGNORECASE,
)
#: "do you", "is there", "could we", "have you" (have/had only with a pronoun).
YES_NO_QUESTION_RE = re.compile(
    rf"^(?:(?:is|are|was|were|am|do|does|did|can|could|would|will|should|shall|might|may|"
    rf"isn't|aren't|wasn't|don't|doesn't|didn't|can't|couldn't|wouldn't|won't|shouldn't)\s+"
    rf"{_SUBJECT}\b|^(?:have|has|had|haven't|hasn't)\s+(?:you|we|they|i|he|she|your|our|"
    rf"anyone|anybody|there)\b)",
    re.IGNORECASE,
)
#: Invitations that work as open questions: "tell me about", "walk me through".
INVITATION_RE = re.compile(
    r"^(?:(?:please|so)\s+)?(?:tell\s+me|walk\s+me\s+through|talk\s+me\s+through|"
    r"help\s+me\s+understand|take\s+me\s+through|describe|explain|share\s+with\s+me)\b",
    re.IGNORECASE,
)
#: Indirect questions: "I'm curious how...", "I wonder whether...".
INDIRECT_RE = re.compile(
    r"^(?:i'm|i\s+am|i’m|i\s+was|i'd|i\s+would|i|just)?\s*(?:really\s+)?(?:curious|wondering|"
    r"wonder|love\s+to\s+(?:hear|know|understand|learn)|like\s+to\s+(?:hear|know|understand|"
    r"learn))\s+(?:to\s+(?:hear|know|understand|learn)\s+)?(?P<how>"
    rf"{_WH}|if|whether|about|more\s+about)\b",
    re.IGNORECASE,
)
_EMBEDDING_WORDS = frozenset(
    [
        "know",
        "see",
        "understand",
        "wonder",
        "wondering",
        "curious",
        "ask",
        "asked",
        "is",
        "was",
        "that",
        "about",
        "tell",
        "me",
        "of",
        "on",
        "at",
        "in",
        "for",
        "to",
        "and",
        "what",
        "where",
        "from",
        "by",
        "with",
        "exactly",
        "remember",
        "sure",
        "idea",
        "matter",
        "show",
        "explain",
    ]
)
_MARKER_WORDS = frozenset(
    [
        "so",
        "and",
        "okay",
        "ok",
        "well",
        "now",
        "but",
        "great",
        "also",
        "then",
        "right",
        "yeah",
        "yes",
        "sure",
        "alright",
        "cool",
        "perfect",
        "hi",
        "hey",
        "thanks",
    ]
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """Place one sentence of one utterance in the call (``t`` in seconds from the start)."""

    utterance: int
    speaker: str
    text: str
    t: float
    lower: str = ""  # the text lower-cased once; matchers run on it without IGNORECASE


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; unpunctuated speech is split before questions it holds."""
    text = text.strip()
    if not text:
        return []
    if _HAS_PUNCTUATION_RE.search(text):
        return [part for part in _SENTENCE_END_RE.split(text) if part.strip()]
    return _split_unpunctuated(text)


def _split_unpunctuated(text: str) -> list[str]:
    words = text.split()
    if len(words) < 6:
        return [text]
    cuts = [0]
    for index in range(2, len(words) - 1):
        previous = words[index - 1].lower().strip(",;:")
        if previous in _EMBEDDING_WORDS or index - cuts[-1] < 2:
            continue
        rest = " ".join(words[index : index + 8])
        strong = WH_QUESTION_RE.match(rest) or INVITATION_RE.match(rest)
        weak = previous in _MARKER_WORDS and YES_NO_QUESTION_RE.match(rest)
        if strong or weak:
            cuts.append(index)
    cuts.append(len(words))
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(cuts) if b > a]


def transcript_sentences(transcript: Transcript) -> list[Sentence]:
    """Return every sentence in the call with the time it was (about) said."""
    out: list[Sentence] = []
    for index, utterance in enumerate(transcript.utterances):
        parts = split_sentences(utterance.text)
        start = utterance.start or 0.0
        length = max((utterance.end or start) - start, 0.0)
        if len(parts) == 1:
            out.append(Sentence(index, utterance.speaker, parts[0], start, parts[0].lower()))
            continue
        sizes = [count_words(part) for part in parts]
        total = max(sum(sizes), 1)
        done = 0
        for part, size in zip(parts, sizes, strict=True):
            at = start + length * done / total
            out.append(Sentence(index, utterance.speaker, part, at, part.lower()))
            done += size
    return out


def strip_lead_in(text: str) -> str:
    """Return ``text`` without filler words at its start ("so, okay, what..." -> "what...")."""
    return LEAD_IN_RE.sub("", text.strip().lstrip("-–—>•* ")).lstrip(" ,")
