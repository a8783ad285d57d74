"""Find and redact payment card numbers: 13 to 19 digits, optionally grouped by single spaces
or hyphens, that pass the Luhn check. Phone numbers, order ids and other digit runs that fail
the check are left alone."""

from __future__ import annotations

import re
from typing import Any

CARD_MARK = "[card number redacted]"

# A run of 13-19 digits with at most one space or hyphen between digits, not glued to more
# digits (or a separator followed by a digit) on either side.
_CANDIDATE_RE = re.compile(r"(?<![0-9])(?<![0-9][ -])[0-9](?:[ -]?[0-9]){12,18}(?![ -]?[0-9])")


def luhn_ok(digits: str) -> bool:
    """Tell whether a string of digits passes the Luhn (mod 10) check."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _is_card(candidate: str) -> bool:
    digits = candidate.replace(" ", "").replace("-", "")
    return 13 <= len(digits) <= 19 and luhn_ok(digits)


def find_card_numbers(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of card numbers in ``text``."""
    if not isinstance(text, str) or not text:
        return []
    return [m.span() for m in _CANDIDATE_RE.finditer(text) if _is_card(m.group(0))]


def redact_card_numbers(text: str, mark: str = CARD_MARK) -> str:
    """Return ``text`` with every card number replaced by ``mark``."""
    if not isinstance(text, str) or len(text) < 13:
        return text
    return _CANDIDATE_RE.sub(lambda m: mark if _is_card(m.group(0)) else m.group(0), text)


def redact_card_numbers_in(value: Any, mark: str = CARD_MARK) -> Any:
    """Return a copy of a JSON-like value with card numbers redacted in every string."""
    if isinstance(value, str):
        return redact_card_numbers(value, mark)
    if isinstance(value, dict):
        return {k: redact_card_numbers_in(v, mark) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact_card_numbers_in(v, mark) for v in value)
    return value
