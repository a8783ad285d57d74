"""Turn cell values from CSV (always text) or JSONL (any JSON value) into typed field values.

Each parser raises :class:`CellError` with a message a person can act on; the importer adds the
file, row and column.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t", "x", "on", "ja", "oui"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f", "off", "", "nein", "non"})
_SF_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


class CellError(ValueError):
    """A cell value that cannot be used as the field asks."""


def text(value: Any, limit: int | None = None) -> str:
    """Return a cell as stripped text; numbers become their decimal form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if not isinstance(value, str):
        raise CellError("expected text, found a JSON list or object")
    value = value.strip()
    if limit is not None and len(value) > limit:
        raise CellError(f"is longer than {limit} characters ({len(value)})")
    return value


def boolean(value: Any) -> bool | None:
    """Return True/False for yes/no-like cells, None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"{value!r} is not yes/no (use true or false)")


def whole_number(value: Any, *, minimum: int = 0, maximum: int = 2**31 - 1) -> int | None:
    """Return a whole number (``"1,200"`` and ``"577.0"`` are accepted), None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("expected a whole number, found true/false")
    raw = text(value).replace(",", "").replace("_", "").replace(" ", "")
    if not raw:
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(f"{value!r} is not a whole number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise CellError(f"{value!r} is not a whole number")
    result = int(number)
    if not minimum <= result <= maximum:
        raise CellError(f"{result} is out of range ({minimum} to {maximum})")
    return result


def money(value: Any) -> Decimal | None:
    """Return an amount with two decimals (``"500000.0"``, ``"1,124,741.15"``), None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("expected an amount, found true/false")
    raw = text(value).replace(",", "").replace(" ", "")
    for symbol in ("€", "$", "£", "EUR", "USD", "GBP"):
        raw = raw.replace(symbol, "")
    if not raw:
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise CellError(f"{value!r} is not an amount (write it like 12500.00)") from None
    if not amount.is_finite() or abs(amount) >= Decimal("1e12"):
        raise CellError(f"{value!r} is out of range")
    return amount.quantize(Decimal("0.01"))


def calendar_date(value: Any) -> date | None:
    """Return a date from ``YYYY-MM-DD`` (a time part is ignored), None when empty."""
    raw = text(value)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise CellError(f"{raw!r} is not a date (write it like 2026-03-01)") from None


def timestamp(value: Any) -> datetime:
    """Return an aware UTC datetime from ISO-8601; naive times are taken as UTC.

    Accepts Salesforce's ``2024-01-22T20:36:47.000+0000`` and a bare date (midnight UTC).
    """
    raw = text(value)
    if not raw:
        raise CellError("is required (an ISO-8601 time such as 2026-03-01T09:30:00Z)")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        fixed = _SF_OFFSET.sub(r"\1:\2", raw)
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            raise CellError(
                f"{raw!r} is not an ISO-8601 time (write it like 2026-03-01T09:30:00Z)"
            ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def json_object(value: Any) -> dict[str, Any]:
    """Return a JSON object from a dict or from JSON text; empty means ``{}``."""
    if value is None or value == "":
        return {}
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        raise CellError("must be a JSON object such as {\"plan\": \"pro\"}")
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):
        raise CellError("is not valid JSON (write an object such as {\"plan\": \"pro\"})") from None
    if not isinstance(parsed, dict):
        raise CellError("must be a JSON object such as {\"plan\": \"pro\"}")
    return parsed


def domain(value: Any) -> str:
    """Return a bare lower-case domain from a domain or website (``https://www.x.com/`` → x.com)."""
    raw = text(value).lower()
    if not raw:
        return ""
    for prefix in ("https://", "http://"):
        if raw.startswith(prefix):
            raw = raw[len(prefix) :]
    raw = raw.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split(":", 1)[0].rstrip(".")
    if raw.startswith("www."):
        raw = raw[4:]
    if len(raw) > 250 or not _DOMAIN.match(raw):
        raise CellError(f"{value!r} is not a domain or website (write it like acme.com)")
    return raw


def email(value: Any) -> str:
    """Return a lower-case e-mail address, or raise when it cannot be one."""
    raw = text(value).lower()
    if not raw:
        return ""
    local, at, host = raw.rpartition("@")
    if not at or not local or " " in raw or "." not in host or len(raw) > 254:
        raise CellError(f"{raw!r} is not an e-mail address")
    return raw


def canonical_json(value: dict[str, Any]) -> str:
    """Return the one JSON text helpfirst writes for an object (sorted keys, compact)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
