"""Turn numbers into the short plain-English phrases explanations are made of."""

from __future__ import annotations

from collections.abc import Sequence

_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF "}


def count_phrase(count: int, singular: str, plural: str) -> str:
    """Say "a pricing-page view" for one and "3 pricing-page views" for more."""
    if count == 1:
        article = "an" if singular[:1].lower() in "aeiou" else "a"
        return f"{article} {singular}"
    return f"{count} {plural}"


def join_and(parts: Sequence[str]) -> str:
    """Join phrases as a person would: "a, b and c"."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def days_ago(days: float) -> str:
    """Say how long ago something happened: "today", "yesterday", "9 days ago"."""
    whole = int(days)
    if whole <= 0:
        return "today"
    if whole == 1:
        return "yesterday"
    if whole < 70:
        return f"{whole} days ago"
    return f"{round(days / 30.4)} months ago"


def format_money(amount: float, currency: str = "EUR") -> str:
    """Write an amount compactly with its currency: "€40k", "$1.2M", "€900"."""
    symbol = _CURRENCY_SYMBOLS.get(currency.upper(), f"{currency.upper()} ")
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
    elif value >= 1_000:
        text = (
            f"{value / 1_000:.0f}k"
            if value >= 10_000
            else f"{value / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
        )
    else:
        text = f"{value:.0f}"
    return f"{sign}{symbol}{text}"
