"""Template helpers for outcomes, money and shares (charts come from ``success.charts``)."""

from __future__ import annotations

from django import template

from helpfirst.success import charts

register = template.Library()


@register.simple_tag
def outcome_bar(outcomes):
    """Render a stacked win / loss / no-fit bar."""
    return charts.outcome_bar(outcomes or {})


@register.filter
def money(value, currency: str = ""):
    """Render a compact amount (12.3k EUR); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return charts.money(float(value), currency)


@register.filter
def full_money(value, currency: str = ""):
    """Render an amount with thousands separators and no decimals (12,300 EUR)."""
    if value is None or value == "":
        return "—"
    return f"{float(value):,.0f}{' ' + currency if currency else ''}"


@register.filter
def share(value, digits: int = 0):
    """Render a fraction as a percentage (0.25 -> 25 %); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f} %"


@register.filter
def months(value):
    """Render a number of months with one decimal ("—" when never)."""
    if value is None:
        return "beyond the horizon"
    return f"{float(value):.1f} months"


@register.filter
def get_item(mapping, key):
    """Return ``mapping[key]`` (or None) in a template."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def top_codes(group, kind: str = "loss"):
    """Return the two most common reason codes of one outcome class in a breakdown group."""
    codes = list((getattr(group, "reasons", {}) or {}).get(kind, {}))
    return ", ".join(codes[:2])


@register.filter
def state_label(value: str) -> str:
    """Render a snake_case state as words ("done_late" -> "Done late")."""
    return str(value or "").replace("_", " ").capitalize()


@register.filter
def times100(value) -> str:
    """Render a 0-1 weight as points out of 100."""
    return f"{float(value) * 100:.0f}"
