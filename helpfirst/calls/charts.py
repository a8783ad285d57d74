"""Draw the call charts as server-side SVG: no JavaScript, no CDN, prints as it shows.

Labels go through ``format_html`` (escaped); only SVG attributes are used (no inline styles),
which a strict content-security policy allows. Points and bars are links, so a click goes to
the calls (or the moment of the call) behind them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from helpfirst.calls.call_page import TranscriptRow
from helpfirst.core.conversation.scorecard import clock

SIDE_COLOURS = {"seller": "#2f6f68", "buyer": "#3a45a8", "": "#8a8f99"}
EVENT_COLOURS = {"open": "#2c7a3f", "closed": "#9aa3b2", "tactic": "#b3372f", "step": "#9a6200"}
AXIS_COLOUR = "#cfd6e1"
INK_FAINT = "#7a8599"
LINE_COLOUR = "#2f6f68"
BAND_COLOUR = "#e4f1ef"


_NOT_XML_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Drop characters SVG (XML) cannot carry; transcripts sometimes hold control codes."""
    return _NOT_XML_RE.sub("", text)


def _nice_step(total_s: float) -> int:
    for step in (15, 30, 60, 120, 300, 600, 900, 1800):
        if total_s / step <= 10:
            return step
    return 3600


def speaking_bar(
    rows: Sequence[TranscriptRow], events: Sequence[tuple[float, str, str]] = ()
) -> SafeString:
    """Return the who-spoke-when chart: one lane per speaker, one bar per utterance.

    ``events`` are (t, kind, title) marks drawn above the lanes: ``open``/``closed`` questions,
    ``tactic`` and ``step``. Each bar links to its utterance in the transcript below.
    """
    if not rows:
        return format_html('<p class="muted">{}</p>', "Nothing was said.")
    speakers: dict[str, str] = {}
    for row in rows:
        speakers.setdefault(row.speaker, row.side)
    t0 = min(r.start for r in rows)
    total = max(max(r.end for r in rows) - t0, 1.0)
    left, width, lane, top = 150.0, 830.0, 22.0, 22.0
    height = top + lane * len(speakers) + 22
    lanes = {name: top + i * lane for i, name in enumerate(speakers)}

    def x(t: float) -> float:
        return round(left + (t - t0) / total * width, 1)

    parts = [
        format_html(
            '<text x="{}" y="{}" font-size="12" fill="{}" text-anchor="end">{}</text>'
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"></line>',
            left - 8,
            y + 15,
            SIDE_COLOURS.get(side, INK_FAINT),
            _short(name),
            left,
            left + width,
            y + lane - 1,
            y + lane - 1,
            AXIS_COLOUR,
        )
        for name, side in speakers.items()
        for y in [lanes[name]]
    ]
    for row in rows:
        y = lanes[row.speaker]
        parts.append(
            format_html(
                '<a href="#u-{}"><rect class="utterance-bar" x="{}" y="{}" width="{}" '
                'height="{}" rx="2" fill="{}"><title>{} {}–{}</title></rect></a>',
                row.index,
                x(row.start),
                y + 4,
                round(max(x(row.end) - x(row.start), 1.2), 1),
                lane - 9,
                SIDE_COLOURS.get(row.side, INK_FAINT),
                _clean(row.speaker),
                clock(row.start),
                clock(row.end),
            )
        )
    for t, kind, title in events:
        parts.append(
            format_html(
                '<circle class="event event-{}" cx="{}" cy="10" r="4" fill="{}">'
                "<title>{} at {}</title></circle>",
                kind,
                x(t),
                EVENT_COLOURS.get(kind, INK_FAINT),
                _clean(title),
                clock(t),
            )
        )
    step = _nice_step(total)
    tick, axis_y = 0, top + lane * len(speakers) + 14
    while tick <= total + 0.01:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="middle">{}</text>',
                x(t0 + tick),
                axis_y,
                INK_FAINT,
                clock(t0 + tick),
            )
        )
        tick += step
    label = _clean(", ".join(f"{n} ({side or 'no side'})" for n, side in speakers.items()))
    return format_html(
        '<svg class="chart speaking-bar" viewBox="0 0 1000 {}" role="img" '
        'aria-label="Who spoke when: {}">{}</svg>',
        round(height),
        label,
        mark_safe("".join(parts)),
    )


def _short(name: str, limit: int = 20) -> str:
    name = _clean(name)
    return name if len(name) <= limit else name[: limit - 1] + "…"


@dataclass(frozen=True)
class ReferenceBand:
    """A published (or house) norm drawn behind a trend: from ``low`` to ``high``."""

    low: float
    high: float
    label: str


@dataclass(frozen=True)
class TrendPoint:
    """One point of a trend: its x label, value, how many calls, and where a click goes."""

    label: str
    value: float | None
    calls: int
    href: str


def trend_chart(
    title: str,
    points: Sequence[TrendPoint],
    *,
    unit: str = "number",
    band: ReferenceBand | None = None,
    y_max: float | None = None,
) -> SafeString:
    """Return a line chart of weekly values, the reference band behind it, points as links."""
    left, right, top, bottom, w, h = 46.0, 10.0, 12.0, 34.0, 640.0, 210.0
    values = [p.value for p in points if p.value is not None]
    highest = max([*values, band.high if band else 0.0, 0.0])
    scale_max = y_max if y_max is not None else _ceiling(highest * 1.15 or 1.0)
    plot_w, plot_h = w - left - right, h - top - bottom

    def y(v: float) -> float:
        return round(top + plot_h * (1 - min(max(v, 0.0), scale_max) / scale_max), 1)

    def x(i: int) -> float:
        return round(left + (plot_w * (i + 0.5) / max(len(points), 1)), 1)

    parts = []
    if band is not None:
        y_hi, y_lo = y(band.high), y(band.low)
        parts.append(
            format_html(
                '<rect class="band" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}</title></rect>",
                left,
                y_hi,
                plot_w,
                round(max(y_lo - y_hi, 1.5), 1),
                BAND_COLOUR,
                _clean(band.label),
            )
        )
    for fraction in (0.0, 0.5, 1.0):
        v = scale_max * fraction
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"></line>'
                '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="end">{}</text>',
                left,
                w - right,
                y(v),
                y(v),
                AXIS_COLOUR,
                left - 6,
                y(v) + 3,
                INK_FAINT,
                axis_label(v, unit),
            )
        )
    segment: list[str] = []
    for i, p in enumerate(points):
        if p.value is None:
            parts.append(_polyline(segment))
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(p.value):.1f}")
    parts.append(_polyline(segment))
    every = max(1, len(points) // 8)
    for i, p in enumerate(points):
        if i % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="middle">{}</text>',
                    x(i),
                    h - bottom + 16,
                    INK_FAINT,
                    _clean(p.label),
                )
            )
        if p.value is not None:
            parts.append(
                format_html(
                    '<a href="{}" class="point-link"><circle class="point" cx="{}" cy="{}" '
                    'r="5" fill="{}"><title>{}: {} over {} call{}; click for the calls</title>'
                    "</circle></a>",
                    p.href,
                    x(i),
                    y(p.value),
                    LINE_COLOUR,
                    _clean(p.label),
                    format_value(p.value, unit),
                    p.calls,
                    "" if p.calls == 1 else "s",
                )
            )
    summary = "; ".join(
        f"{p.label}: {format_value(p.value, unit)}" for p in points if p.value is not None
    )
    return format_html(
        '<svg class="chart trend" viewBox="0 0 {} {}" role="img" aria-label="{}: {}">{}</svg>',
        w,
        h,
        _clean(title),
        _clean(summary) or "no calls yet",
        mark_safe("".join(parts)),
    )


def _polyline(points: list[str]) -> SafeString:
    if len(points) < 2:
        return mark_safe("")
    return format_html(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"></polyline>',
        " ".join(points),
        LINE_COLOUR,
    )


def _ceiling(value: float) -> float:
    for nice in (1, 2, 5, 10, 15, 20, 30, 60, 90, 120, 180, 240, 300, 600, 1200):
        if value <= nice:
            return float(nice)
    return float(round(value + 0.5))


def axis_label(value: float, unit: str) -> str:
    """Return a short y-axis label (seconds stay in seconds so the label fits)."""
    return f"{round(value)} s" if unit == "seconds" else format_value(value, unit)


def format_value(value: float | None, unit: str) -> str:
    """Return a metric value as people read it: 43%, 11.5, 1 min 20 s, 72."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{round(value * 100)}%"
    if unit == "seconds":
        whole = round(value)
        return f"{whole // 60} min {whole % 60:02d} s" if whole >= 60 else f"{whole} s"
    if unit == "score":
        return f"{round(value)}"
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def legend(items: Sequence[tuple[str, str]]) -> SafeString:
    """Return a small colour legend: (colour, label) pairs."""
    return format_html(
        '<ul class="chart-legend">{}</ul>',
        format_html_join(
            "",
            '<li><svg width="10" height="10" aria-hidden="true"><rect width="10" '
            'height="10" rx="2" fill="{}"></rect></svg>{}</li>',
            items,
        ),
    )
