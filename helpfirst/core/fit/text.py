"""Cut the buyer's words into sentences we can match, and notice text we cannot judge.

Everything here is defensive: evidence arrives from notes, e-mails and transcripts of any size
and language, and a sentence we cannot read must become a warning, never an exception.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS_PER_SOURCE = 200_000
MAX_SENTENCES = 2_000
MAX_SENTENCE_CHARS = 600

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE_BREAK = re.compile(r",\s*|\s+(?:and|but|because|so|while|although)\s+", re.IGNORECASE)
MIN_CLAUSE_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_ENGLISH_HINTS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "not",
        "no",
        "we",
        "our",
        "us",
        "you",
        "your",
        "they",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "my",
        "me",
        "i",
        "he",
        "she",
        "what",
        "which",
        "who",
        "how",
        "why",
        "when",
        "where",
        "can",
        "could",
        "would",
        "should",
        "will",
        "need",
        "want",
        "looking",
        "help",
        "problem",
    }
)


@dataclass(frozen=True)
class BuyerSentence:
    """Quote one sentence of the buyer's words and say where it came from."""

    text: str
    source: str


@dataclass(frozen=True)
class SplitResult:
    """Return the usable sentences plus warnings about what was skipped or cut."""

    sentences: tuple[BuyerSentence, ...]
    warnings: tuple[str, ...]
    non_english_sentences: int


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def looks_english(text: str) -> bool:
    """Guess whether a sentence is English enough for an English-phrased playbook to judge.

    Latin letters must dominate, and a longer sentence must contain at least one common English
    word; short fragments ("CRM duplicates") pass on letters alone.
    """
    letters = _letters(text)
    if not letters:
        return False
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    if latin / len(letters) < 0.8:
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 6:
        return True
    return any(w in _ENGLISH_HINTS for w in words)


def split_sentences(sources: list[tuple[str, str]]) -> SplitResult:
    """Split ``(source, text)`` pairs into matchable buyer sentences, within fixed size limits."""
    sentences: list[BuyerSentence] = []
    warnings: list[str] = []
    non_english = 0
    seen: set[str] = set()
    for source, raw in sources:
        if not raw or not raw.strip():
            continue
        text = raw
        if len(text) > MAX_CHARS_PER_SOURCE:
            warnings.append(
                f"{source}: only the first {MAX_CHARS_PER_SOURCE:,} of {len(text):,} characters "
                "were read."
            )
            text = text[:MAX_CHARS_PER_SOURCE]
        for piece in _SENTENCE_END.split(text):
            sentence = " ".join(piece.split())[:MAX_SENTENCE_CHARS]
            if len(_WORD.findall(sentence)) < 2:
                continue
            if not looks_english(sentence):
                non_english += 1
                continue
            key = sentence.lower()
            if key in seen:
                continue
            seen.add(key)
            if len(sentences) >= MAX_SENTENCES:
                warnings.append(f"Only the first {MAX_SENTENCES:,} sentences were assessed.")
                return SplitResult(tuple(sentences), tuple(warnings), non_english)
            sentences.append(BuyerSentence(text=sentence, source=source))
    if non_english:
        warnings.append(
            f"{non_english} sentence(s) did not look like English and were not matched against "
            "the playbook."
        )
    return SplitResult(tuple(sentences), tuple(warnings), non_english)


def matching_units(sentence: str) -> list[str]:
    """Return a sentence and, when it joins several clauses, each clause of 3+ words.

    A buyer often packs two complaints into one sentence ("our forecasts are always wrong and
    finance does not trust the pipeline"); matching each clause as well as the whole lets either
    half meet the phrasing it paraphrases. The whole sentence stays the quoted evidence.
    """
    parts = [p.strip() for p in _CLAUSE_BREAK.split(sentence)]
    parts = [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS]
    return [sentence, *parts] if len(parts) > 1 else [sentence]
