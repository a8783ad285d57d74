"""Redact e-mail addresses, phone numbers and payment card numbers from stored call text."""

from __future__ import annotations

import re
from dataclasses import replace

from helpfirst.core.conversation.transcript import Transcript

EMAIL_MARK, PHONE_MARK, CARD_MARK = "[email]", "[phone]", "[card]"

_EMAIL_RE = re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")
_CARD_RE = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\d{2,4}(?:[\s.\-]?\d{2,4}){1,4}"
    r"(?![\w])"
)
_DATE_LIKE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return CARD_MARK if 13 <= len(digits) <= 19 and _luhn_ok(digits) else match.group(0)


def _phone(match: re.Match[str]) -> str:
    raw = match.group(0)
    digits = re.sub(r"\D", "", raw)
    if _DATE_LIKE_RE.match(raw.strip()) or not 7 <= len(digits) <= 15:
        return raw
    if raw.isdigit() and not raw.startswith("0") and len(digits) < 9:
        return raw  # a plain number such as 180000 or 2024 is not a phone number
    return PHONE_MARK


def redact_text(text: str) -> str:
    """Return ``text`` with e-mail addresses, card numbers (Luhn-checked) and phone numbers
    replaced by ``[email]``, ``[card]`` and ``[phone]``."""
    text = _EMAIL_RE.sub(EMAIL_MARK, text)
    text = _CARD_RE.sub(_card, text)
    return _PHONE_RE.sub(_phone, text)


def redact_transcript(transcript: Transcript) -> Transcript:
    """Return a copy of ``transcript`` whose utterances are redacted (timing unchanged)."""
    return replace(
        transcript,
        utterances=tuple(replace(u, text=redact_text(u.text)) for u in transcript.utterances),
    )
