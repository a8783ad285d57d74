"""Scrub an erased person out of stored text and JSON: their name, e-mail address and phone
number become ``[erased]``, and the lines they spoke in a transcript are replaced whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ERASED_MARK = "[erased]"


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class PersonMarks:
    """What identifies one person in free text."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    extra: tuple[str, ...] = field(default_factory=tuple)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name.strip(), self.last_name.strip()) if p)

    def needles(self) -> list[str]:
        """Return the strings to search for, longest first (a full name before its parts)."""
        found = [self.full_name, self.email.strip(), *self.extra]
        if self.first_name.strip() and self.last_name.strip():
            found.append(f"{self.last_name.strip()}, {self.first_name.strip()}")
        if len(re.sub(r"\D", "", self.phone)) >= 7:
            found.append(self.phone.strip())
        unique = {n.casefold(): n for n in found if n and len(n.strip()) >= 3}
        return sorted(unique.values(), key=len, reverse=True)

    def pattern(self) -> re.Pattern[str] | None:
        """Return one case-insensitive pattern matching any needle, or None without needles."""
        needles = self.needles()
        if not needles:
            return None
        parts = [r"\s+".join(re.escape(w) for w in n.split()) for n in needles]
        return re.compile("|".join(parts), re.IGNORECASE)


def scrub_text(text: str, marks: PersonMarks, mark: str = ERASED_MARK) -> tuple[str, int]:
    """Return ``text`` with the person's name, e-mail and phone replaced, and the count."""
    pattern = marks.pattern()
    if pattern is None or not isinstance(text, str) or not text:
        return text, 0
    return pattern.subn(mark, text)


def scrub_value(value: Any, marks: PersonMarks, mark: str = ERASED_MARK) -> tuple[Any, int]:
    """Scrub every string (and dict key) of a JSON-like value; return the copy and the count."""
    if isinstance(value, str):
        return scrub_text(value, marks, mark)
    if isinstance(value, dict):
        out, total = {}, 0
        for key, item in value.items():
            new_key, k = scrub_value(key, marks, mark) if isinstance(key, str) else (key, 0)
            new_item, n = scrub_value(item, marks, mark)
            out[new_key] = new_item
            total += k + n
        return out, total
    if isinstance(value, list | tuple):
        items, total = [], 0
        for item in value:
            new_item, n = scrub_value(item, marks, mark)
            items.append(new_item)
            total += n
        return type(value)(items), total
    return value, 0


def is_their_line(speaker: str, marks: PersonMarks, *, first_name_alone: bool = False) -> bool:
    """Tell whether a transcript line's speaker label is this person.

    Matches the full name (also "Last, First" and a trailing "(Company)" or " - Company"), the
    e-mail address, and, when ``first_name_alone`` (the person is the only one on the call with
    that first name), the first name on its own.
    """
    label = _fold(re.sub(r"\s*[\(\[].*?[\)\]]\s*$|\s+[-–|]\s+.*$", "", str(speaker or "")))
    if not label:
        return False
    names = {_fold(marks.full_name), _fold(marks.email)}
    if marks.first_name.strip() and marks.last_name.strip():
        names.add(_fold(f"{marks.last_name}, {marks.first_name}"))
    if first_name_alone and marks.first_name.strip():
        names.add(_fold(marks.first_name))
    names.discard("")
    return label in names
