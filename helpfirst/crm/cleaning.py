"""Clean CRM values for helpfirst's fields: domains, text, numbers, amounts."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any


def clean_domain(value: Any) -> str:
    """Return a bare domain from a website (``http://www.Acme.com/x`` → acme.com)."""
    text = str(value or "").strip().lower()
    text = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0].split("?", 1)[0]
    text = text.removeprefix("www.")
    return text[:250] if "." in text and " " not in text else ""


def clean_text(value: Any, limit: int) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()[:limit]


def whole_number(value: Any) -> int | None:
    try:
        number = int(Decimal(str(value).replace(",", "").strip()))
    except (InvalidOperation, ValueError):
        return None
    return number if 0 <= number < 2**31 else None


def money(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or abs(amount) >= Decimal("1e12"):
        return None
    return amount.quantize(Decimal("0.01"))


def set_changed(obj: Any, fields: dict[str, Any]) -> bool:
    changed = False
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
