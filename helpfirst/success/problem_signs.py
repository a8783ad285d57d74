"""Spot which playbook problems a buyer's own words point to (a plain, explainable word match).

Used twice: to tag a debrief with the problem its journey was about, and to suggest expansion
(other problems a customer shows signs of in their recent notes and e-mails). The rule is kept
simple on purpose, so the page can say exactly why it made a suggestion: a problem is a sign
when most of the meaningful words of one of its example phrasings (or its title) appear in the
text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MATCH_SHARE = 0.6
MIN_WORD_LENGTH = 4
# Short, common words that say nothing about a problem.
COMMON_WORDS = frozenset({
    "about", "after", "again", "always", "because", "been", "before", "being", "came", "cannot",
    "come", "could", "does", "doing", "done", "each", "even", "every", "from", "have", "here",
    "into", "just", "keep", "know", "last", "like", "make", "many", "more", "most", "much",
    "need", "never", "only", "other", "ours", "over", "same", "some", "still", "such", "than",
    "that", "their", "them", "then", "there", "these", "they", "thing", "this", "those", "until",
    "very", "want", "were", "what", "when", "where", "which", "while", "will", "with", "would",
    "your", "basically", "really",
})
WORD = re.compile(r"[a-z][a-z']+")


@dataclass(frozen=True)
class ProblemSign:
    """One playbook problem the text points to, and the evidence (the phrase and words found)."""

    problem_id: int
    title: str
    score: float
    phrase: str
    matched_words: tuple[str, ...]

    @property
    def explanation(self) -> str:
        """Return a sentence saying why this problem was suggested."""
        words = ", ".join(f"“{word}”" for word in self.matched_words)
        return f"their words ({words}) echo “{self.phrase}”"


def _stem(word: str) -> str:
    word = word.replace("'", "")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) - len(suffix) >= MIN_WORD_LENGTH and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def meaningful_words(text: str) -> list[str]:
    """Return the stems of the words that carry meaning (long enough, not common)."""
    return [
        _stem(word) for word in WORD.findall((text or "").lower())
        if len(word) >= MIN_WORD_LENGTH and word not in COMMON_WORDS
    ]


def problem_signs(text: str, problems: Iterable[object]) -> list[ProblemSign]:
    """Return the problems whose phrasings ``text`` echoes, strongest first.

    ``problems`` are playbook rows (or anything with ``pk``, ``title`` and
    ``example_phrasings``). A phrase matches when at least 60 % of its meaningful words (and at
    least two, unless it has only one) appear in ``text``.
    """
    present = set(meaningful_words(text))
    if not present:
        return []
    signs = []
    for problem in problems:
        phrases = [str(p) for p in (getattr(problem, "example_phrasings", None) or [])]
        phrases.append(str(problem.title))
        best: ProblemSign | None = None
        for phrase in phrases:
            words = list(dict.fromkeys(meaningful_words(phrase)))
            if not words:
                continue
            found = [word for word in words if word in present]
            share = len(found) / len(words)
            if share < MATCH_SHARE or len(found) < min(2, len(words)):
                continue
            if best is None or share > best.score:
                best = ProblemSign(int(problem.pk), str(problem.title), share, phrase, tuple(found))
        if best is not None:
            signs.append(best)
    signs.sort(key=lambda sign: (-sign.score, -len(sign.matched_words), sign.title))
    return signs
