"""Assemble the coaching view: weekly trends per metric, reference bands, links to the calls.

The bands for talk ratio, questions and monologues are Gong Labs' published norms (top
performers talk about 43% of the time, ask 11–14 questions in discovery and keep monologues
short); the others are helpfirst's own targets and are labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString

from helpfirst.calls import queries
from helpfirst.calls.charts import ReferenceBand, TrendPoint, format_value, trend_chart
from helpfirst.core.conversation.scorecard import (
    LONGEST_HEALTHY_MONOLOGUE_S,
    TOP_PERFORMER_QUESTIONS,
    TOP_PERFORMER_TALK_RATIO,
)

GONG = "Gong Labs published norms"
PERIODS = {"12": 12, "26": 26, "52": 52, "all": None}
DEFAULT_PERIOD = "26"

#: metric key -> (reference band, fixed y-axis top or None, where the norm comes from)
NORMS: dict[str, tuple[ReferenceBand | None, float | None, str]] = {
    "talk_ratio": (
        ReferenceBand(
            TOP_PERFORMER_TALK_RATIO - 0.05,
            TOP_PERFORMER_TALK_RATIO + 0.05,
            f"top performers ≈{round(TOP_PERFORMER_TALK_RATIO * 100)}%",
        ),
        1.0,
        GONG,
    ),
    "questions_per_call": (
        ReferenceBand(
            *TOP_PERFORMER_QUESTIONS,
            f"{TOP_PERFORMER_QUESTIONS[0]}–{TOP_PERFORMER_QUESTIONS[1]} in discovery",
        ),
        None,
        GONG,
    ),
    "open_question_share": (
        ReferenceBand(0.5, 1.0, "mostly open"),
        1.0,
        "helpfirst target",
    ),
    "longest_monologue_s": (
        ReferenceBand(
            0.0, LONGEST_HEALTHY_MONOLOGUE_S, f"short: under {round(LONGEST_HEALTHY_MONOLOGUE_S)} s"
        ),
        None,
        GONG,
    ),
    "tactics_per_call": (ReferenceBand(0.0, 0.1, "none"), None, "helpfirst target"),
    "helping_score": (ReferenceBand(70.0, 100.0, "helping"), 100.0, "helpfirst target"),
}


@dataclass
class MetricChart:
    """One metric's chart and headline for the coaching page."""

    key: str
    label: str
    unit: str
    chart: SafeString
    current: str
    norm_source: str
    norm_label: str


def period_start(period: str, today: date) -> date | None:
    """Return the first day the period covers (None: all time)."""
    weeks = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])
    if weeks is None:
        return None
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks - 1)


def calls_href(week: date | None = None, owner_id: int | None = None) -> str:
    """Return the call-list link for the calls behind a point (a week, a rep, or both)."""
    params = {}
    if owner_id is not None:
        params["owner"] = owner_id
    if week is not None:
        params["week"] = week.isoformat()
    query = urlencode(params)
    return reverse("call-list") + (f"?{query}" if query else "")


def metric_charts(user, owner_id: int | None, since: date | None) -> list[MetricChart]:
    """Return one trend chart per coaching metric over the weeks with calls."""
    trend = queries.weekly_trend(user, owner_id, since)
    overall = queries.team_point(user, owner_id, since)
    charts = []
    for key, label, unit in queries.COACHING_METRICS:
        band, y_max, source = NORMS[key]
        points = [
            TrendPoint(
                label=f"{p.week:%-d %b}" if p.week else "",
                value=p.value(key),
                calls=p.calls,
                href=calls_href(p.week, owner_id),
            )
            for p in trend
        ]
        charts.append(
            MetricChart(
                key=key,
                label=label,
                unit=unit,
                chart=trend_chart(label, points, unit=unit, band=band, y_max=y_max),
                current=format_value(overall.value(key) if overall else None, unit),
                norm_source=source,
                norm_label=band.label if band else "",
            )
        )
    return charts
