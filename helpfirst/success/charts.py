"""Draw the charts as server-side SVG: no JavaScript, no CDN, prints as it shows.

Every function returns a ``SafeString`` built with ``format_html`` (so labels are escaped) and
uses SVG attributes only (no inline styles), which a strict content-security policy allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from helpfirst.core.business_case import ScenarioResult, Tornado

OUTCOME_COLOURS = {"win": "#2c7a3f", "loss": "#b3372f", "no_fit": "#8a8f99"}
SCENARIO_COLOURS = {"low": "#b7791f", "expected": "#2f6f68", "high": "#3a45a8"}
BAR_COLOUR = "#2f6f68"
NEGATIVE_COLOUR = "#b3372f"
POSITIVE_COLOUR = "#2c7a3f"
AXIS_COLOUR = "#cfd6e1"
INK_FAINT = "#7a8599"


def _svg(template: str, *args: object) -> SafeString:
    """Return ``format_html`` of ``template`` with floats rounded to one decimal first.

    ``format_html`` escapes every argument into text, so numeric format codes cannot be used.
    """
    values = [f"{arg:.1f}" if isinstance(arg, float) else arg for arg in args]
    return format_html(template.replace("{:.1f}", "{}"), *values)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def money(value: float | None, currency: str = "") -> str:
    """Return a compact money text: 12 300 -> "12.3k", 2 400 000 -> "2.4M"."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount >= 1e6:
        text = f"{amount / 1e6:.1f}M"
    elif amount >= 1e4:
        text = f"{amount / 1e3:.0f}k"
    elif amount >= 1e3:
        text = f"{amount / 1e3:.1f}k"
    else:
        text = f"{amount:.0f}"
    return f"{sign}{text}{' ' + currency if currency else ''}"


def outcome_bar(outcomes: dict[str, int], *, width: int = 160, height: int = 12) -> SafeString:
    """Return one stacked bar of win / loss / no-fit counts, with a text alternative."""
    total = sum(outcomes.get(kind, 0) for kind in OUTCOME_COLOURS)
    label = ", ".join(f"{outcomes.get(k, 0)} {k.replace('_', '-')}" for k in OUTCOME_COLOURS)
    if not total:
        return _svg('<svg width="{}" height="{}" role="img" aria-label="none"></svg>',
                           width, height)
    parts, x = [], 0.0
    for kind, colour in OUTCOME_COLOURS.items():
        share = outcomes.get(kind, 0) / total * width
        if share:
            parts.append(_svg(
                '<rect x="{:.1f}" y="0" width="{:.1f}" height="{}" fill="{}"></rect>',
                x, share, height, colour))
        x += share
    return _svg(
        '<svg class="chart outcome-bar" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}">{}</svg>', width, height, width, height, label, mark_safe("".join(parts)))


@dataclass(frozen=True)
class BarRow:
    """One bar of a horizontal bar chart: its label, value, and the text shown beside it."""

    label: str
    value: float | None
    text: str


def bar_chart(rows: Sequence[BarRow], *, width: int = 420, bar_height: int = 18,
              label_width: int = 140, title: str = "") -> SafeString:
    """Return a horizontal bar chart (values >= 0; ``None`` draws no bar and says so)."""
    top = max((row.value or 0.0 for row in rows), default=0.0) or 1.0
    plot = width - label_width - 70
    gap = 8
    height = max(1, len(rows)) * (bar_height + gap)
    items = []
    for index, row in enumerate(rows):
        y = index * (bar_height + gap)
        length = 0.0 if row.value is None else max(0.0, row.value) / top * plot
        items.append(_svg(
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#4a5568">{}</text>'
            '<rect x="{}" y="{}" width="{:.1f}" height="{}" rx="3" fill="{}"></rect>'
            '<text x="{:.1f}" y="{}" font-size="12" fill="#1c2434">{}</text>',
            label_width - 8, y + bar_height - 5, row.label, label_width, y, length, bar_height,
            BAR_COLOUR, label_width + length + 6, y + bar_height - 5, row.text))
    return _svg(
        '<svg class="chart bar-chart" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}">{}</svg>', width, height, width, height, title, mark_safe("".join(items)))


def tornado_chart(result: Tornado, currency: str, *, width: int = 820,
                  max_bars: int = 10) -> SafeString:
    """Return the tornado: each input's NPV when it is lower (left) or higher (right)."""
    bars = result.bars[:max_bars]
    label_width, row, pad = 250, 26, 24
    plot = width - label_width - 20
    values = [result.base_npv] + [v for b in bars for v in (b.npv_when_lower, b.npv_when_higher)]
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def x_of(value: float) -> float:
        return label_width + (value - low) / span * plot

    height = len(bars) * row + pad + 10
    base_x = x_of(result.base_npv)
    items = []
    for index, bar in enumerate(bars):
        y = index * row + pad
        for value in (bar.npv_when_lower, bar.npv_when_higher):
            left, right = sorted((base_x, x_of(value)))
            colour = POSITIVE_COLOUR if value >= result.base_npv else NEGATIVE_COLOUR
            items.append(_svg(
                '<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}" rx="2">'
                '<title>{}: {}</title></rect>',
                left, y, max(right - left, 0.5), row - 8, colour, bar.input_name,
                money(value, currency)))
        items.append(_svg(
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#4a5568">{}</text>',
            label_width - 8, y + row - 13, _short(bar.input_name, 36)))
    axis = _svg(
        '<line x1="{:.1f}" x2="{:.1f}" y1="{}" y2="{}" stroke="#1c2434" stroke-width="1">'
        '</line><text x="{:.1f}" y="14" text-anchor="middle" font-size="11" fill="{}">'
        'NPV {}</text>', base_x, base_x, pad - 4, height, base_x, INK_FAINT,
        money(result.base_npv, currency))
    label = f"Tornado: NPV swing when each input moves by {result.change:.0%}"
    return _svg(
        '<svg class="chart tornado" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}">{}{}</svg>', width, height, width, height, label, axis,
        mark_safe("".join(items)))


def cumulative_chart(scenarios: dict[str, ScenarioResult], currency: str, *,
                     width: int = 640, height: int = 220) -> SafeString:
    """Return the cumulative net cash flow of each scenario per period, with the zero line."""
    pad_left, pad_bottom, pad_top = 60, 24, 10
    series = {name: [flow.cumulative for flow in result.cash_flows]
              for name, result in scenarios.items()}
    values = [v for points in series.values() for v in points] + [0.0]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    count = max(len(points) for points in series.values())
    plot_w, plot_h = width - pad_left - 10, height - pad_top - pad_bottom

    def xy(index: int, value: float) -> tuple[float, float]:
        x = pad_left + (index / max(1, count - 1)) * plot_w
        return x, pad_top + (high - value) / span * plot_h

    zero_y = xy(0, 0.0)[1]
    lines = [_svg(
        '<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="{}"></line>'
        '<text x="{}" y="{:.1f}" text-anchor="end" font-size="11" fill="{}">0</text>'
        '<text x="{}" y="{:.1f}" text-anchor="end" font-size="11" fill="{}">{}</text>'
        '<text x="{}" y="{:.1f}" text-anchor="end" font-size="11" fill="{}">{}</text>',
        pad_left, width - 10, zero_y, zero_y, AXIS_COLOUR, pad_left - 6, zero_y + 4, INK_FAINT,
        pad_left - 6, pad_top + 10, INK_FAINT, money(high), pad_left - 6,
        pad_top + plot_h, INK_FAINT, money(low))]
    for name, points in series.items():
        coords = " ".join("{:.1f},{:.1f}".format(*xy(i, v)) for i, v in enumerate(points))
        lines.append(_svg(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"></polyline>',
            coords, SCENARIO_COLOURS.get(name, BAR_COLOUR), 3 if name == "expected" else 1.5))
    ticks = mark_safe("".join(
        _svg('<text x="{:.1f}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
             xy(i, 0)[0], height - 6, INK_FAINT, i)
        for i in range(count)))
    return _svg(
        '<svg class="chart cumulative" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="Cumulative net cash flow per period, {}">{}{}</svg>', width, height, width,
        height, currency, mark_safe("".join(lines)), ticks)
