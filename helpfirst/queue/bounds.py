"""Summarise every journey of a queue in one SQL aggregate, to know which ones can rank high.

Loading a big book's events (18,700 journeys, 1.3 million interactions in 90 days) costs
seconds; the help queue shows 30 items to help and 15 to back off from. This module reads,
per journey and without building any event object:

* an **upper bound of its readiness points**: every buying signal counted at the weight of the
  start of its half-life period (a view 20 days ago with a 14-day half-life counts 0.5, never
  less than its true ``e^(-age·ln2/half-life)``), times the largest stakeholder bonus the
  journey's distinct contacts allow;
* its **exact contact fatigue inputs**: last touch, last answer, touches since the last answer,
  and our touches in the effort window, read the way :mod:`helpfirst.core.journey.events`
  classifies events for rows with the default direction (``odd`` marks a journey with any row
  that the SQL cannot classify the same way: a non-default direction, a call's ``connected``
  flag, an invalid touch intent, an unknown kind; such journeys are always loaded in full);
* the contacts seen in its interactions (the consent fallback).

Only SQLite is supported (``json_extract``); other databases take the unpruned path. This
is the fallback while the activity summaries (:mod:`helpfirst.queue.summary`) are not ready.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery

from helpfirst.core.journey import Fatigue, fatigue_from_activity
from helpfirst.core.journey.activity import (
    CLOCK_SKEW_SECONDS,
    JourneyActivity,
)
from helpfirst.core.journey.readiness import (
    MAX_STAKEHOLDERS_COUNTED,
    READINESS_SCALE_POINTS,
    SIGNAL_POINTS,
    STAKEHOLDER_BONUS,
)
from helpfirst.core.prioritise import HelpQueueCandidate, HelpQueueWeights
from helpfirst.core.prioritise.effort import DEFAULT_EFFORT_DAYS
from helpfirst.core.prioritise.factors import (
    READINESS_FLOOR,
    fit_factor,
    timing_factor,
    value_factor,
)
from helpfirst.core.vocabulary import (
    OUTBOUND_KINDS,
    InteractionKind,
    PageType,
    TouchIntent,
    is_exit,
    is_open_stage,
)
from helpfirst.fit.models import FitRecord
from helpfirst.queue.models import Snooze
from helpfirst.queue.summary import Bound, Scan

# Half-life periods counted one by one; older signals (inside the 90-day history) get the last
# period's weight, still an upper bound.
_DECAY_PERIODS = 8
# Float noise between SQLite's sums and math.fsum of math.exp weights stays far below this.
_BOUND_SLACK = 1.0 + 1e-9


@dataclass(frozen=True, slots=True)
class ActivityBound:
    """Hold what one SQL pass knows of a journey's recent history (timestamps in POSIX s)."""

    journey_id: int
    points_bound: float
    last_touch_ts: float | None
    last_answer_ts: float | None
    unanswered_in_a_row: int
    effort_touches: int
    contacts_seen: frozenset[int]
    odd: bool


def supports_bounds() -> bool:
    """Tell whether the database can compute the bounds (SQLite with JSON functions)."""
    return connection.vendor == "sqlite"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in(values) -> str:
    return "(" + ", ".join(_sql_text(str(v)) for v in sorted(values)) + ")"


def _points_case() -> str:
    """Return the SQL giving one row's largest possible readiness points (before decay)."""
    pages = " ".join(
        f"WHEN {_sql_text(p.value)} THEN {SIGNAL_POINTS.get(f'page:{p.value}', 0.0)!r}"
        for p in PageType
    )
    page_other = SIGNAL_POINTS.get("page:other", 0.0)
    kinds = " ".join(
        f"WHEN {_sql_text(k.value)} THEN {SIGNAL_POINTS.get(k.value, 0.0)!r}"
        for k in InteractionKind
        if k not in (InteractionKind.PAGE_VIEW, InteractionKind.EMAIL_SENT, InteractionKind.NOTE)
    )
    return (
        f"CASE i.kind WHEN 'page_view' THEN (CASE i.page_type {pages} ELSE {page_other!r} END) "
        f"{kinds} ELSE 0.0 END"
    )


def _odd_case() -> str:
    """Return the SQL flagging a row the aggregate cannot classify like the core does."""
    outbound = _in(OUTBOUND_KINDS)
    intents = _in(TouchIntent)
    kinds = _in(InteractionKind)
    return (
        f"CASE WHEN i.kind NOT IN {kinds} THEN 1 "
        "WHEN i.properties = '{}' THEN 0 "
        "WHEN COALESCE(json_extract(i.properties, '$.direction'), '') NOT IN "
        f"('', CASE WHEN i.kind IN {outbound} THEN 'outbound' ELSE 'inbound' END) THEN 1 "
        f"WHEN COALESCE(json_extract(i.properties, '$.touch_intent'), 'gave') NOT IN {intents} "
        "THEN 1 "
        "WHEN i.kind = 'call' AND json_type(i.properties, '$.connected') IS NOT NULL THEN 1 "
        "ELSE 0 END"
    )


def _decay_case(now: datetime, half_life_days: float) -> tuple[str, list]:
    """Return the SQL weight of a row: 2^-k for an age in the k-th half-life period."""
    parts, params = [], []
    for k in range(_DECAY_PERIODS):
        parts.append(f"WHEN i.occurred_at >= %s THEN {0.5**k!r}")
        params.append(_db_time(now - timedelta(days=half_life_days * (k + 1))))
    return f"CASE {' '.join(parts)} ELSE {0.5**_DECAY_PERIODS!r} END", params


def _db_time(moment: datetime) -> str:
    return connection.ops.adapt_datetimefield_value(moment)


def _posix(text: str | None) -> float | None:
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


# Regular rows (no odd property) have the default direction: these kinds are our touches and
# these the buyer answering (a meeting is both); a regular call is outbound and not connected.
_TOUCH_SQL = _in({InteractionKind.EMAIL_SENT, InteractionKind.CALL, InteractionKind.MEETING})
_ANSWER_SQL = _in(
    {
        InteractionKind.MEETING,
        InteractionKind.EMAIL_REPLIED,
        InteractionKind.SUPPORT_TICKET,
        InteractionKind.TRIAL_SIGNUP,
    }
)


def activity_bounds(
    journeys: QuerySet, now: datetime, *, history_days: int, weights: HelpQueueWeights
) -> dict[int, ActivityBound]:
    """Return an :class:`ActivityBound` per journey of ``journeys`` with interactions."""
    sub_sql, sub_params = journeys.order_by().values("id").query.sql_with_params()
    decay_sql, decay_params = _decay_case(now, weights.half_life_days)
    since = _db_time(now - timedelta(days=history_days))
    horizon = _db_time(now + timedelta(seconds=CLOCK_SKEW_SECONDS))
    effort_from = _db_time(now - timedelta(days=DEFAULT_EFFORT_DAYS))
    at_now = _db_time(now)
    # Only the vocabulary's own constants are spliced in; every value is a parameter.
    sql = f"""
        WITH agg AS (
            SELECT i.journey_id AS jid,
                SUM(CASE WHEN i.occurred_at <= %s THEN ({_points_case()}) * ({decay_sql})
                    ELSE 0.0 END) AS points,
                MAX(CASE WHEN i.occurred_at <= %s AND i.kind IN {_TOUCH_SQL}
                    THEN i.occurred_at END) AS last_touch,
                MAX(CASE WHEN i.occurred_at <= %s AND i.kind IN {_ANSWER_SQL}
                    THEN i.occurred_at END) AS last_answer,
                SUM(CASE WHEN i.occurred_at >= %s AND i.occurred_at <= %s
                    AND i.kind IN {_TOUCH_SQL} THEN 1 ELSE 0 END) AS effort,
                MAX({_odd_case()}) AS odd,
                GROUP_CONCAT(DISTINCT i.contact_id) AS contacts
            FROM interactions_interaction i
            WHERE i.journey_id IN ({sub_sql}) AND i.occurred_at >= %s
            GROUP BY i.journey_id
        )
        SELECT agg.jid, agg.points, agg.last_touch, agg.last_answer, agg.effort, agg.odd,
            agg.contacts,
            CASE WHEN agg.last_touch IS NULL THEN 0
                WHEN agg.last_answer IS NOT NULL AND agg.last_answer >= agg.last_touch THEN 0
                ELSE (SELECT COUNT(*) FROM interactions_interaction t
                      WHERE t.journey_id = agg.jid
                        AND t.occurred_at > COALESCE(agg.last_answer, '')
                        AND t.occurred_at >= %s AND t.occurred_at <= %s
                        AND t.kind IN {_TOUCH_SQL}) END
        FROM agg
    """  # noqa: S608
    params = [
        horizon,
        *decay_params,
        horizon,
        horizon,
        effort_from,
        at_now,
        *sub_params,
        since,
        since,
        horizon,
    ]
    bounds: dict[int, ActivityBound] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for jid, points, last_touch, last_answer, effort, odd, contacts, unanswered in cursor:
            seen = frozenset(int(c) for c in contacts.split(",")) if contacts else frozenset()
            people = min(len(seen), MAX_STAKEHOLDERS_COUNTED)
            multiplier = 1.0 + STAKEHOLDER_BONUS * max(0, people - 1)
            bounds[jid] = ActivityBound(
                journey_id=jid,
                points_bound=float(points or 0.0) * multiplier * _BOUND_SLACK,
                last_touch_ts=_posix(last_touch),
                last_answer_ts=_posix(last_answer),
                unanswered_in_a_row=int(unanswered or 0),
                effort_touches=int(effort or 0),
                contacts_seen=seen,
                odd=bool(odd),
            )
    return bounds


def readiness_score_bound(points_bound: float) -> float:
    """Return the largest readiness score (0-100, as rounded by the core) for these points."""
    score = 100.0 * (1.0 - math.exp(-points_bound / READINESS_SCALE_POINTS))
    return min(100.0, score + 0.05)


def fatigue_from_bound(
    bound: ActivityBound | None, now: datetime, may_contact: bool, weights: HelpQueueWeights
) -> Fatigue:
    """Return the exact contact fatigue of a regular journey from its SQL summary."""
    activity = JourneyActivity(now=now, now_ts=now.timestamp(), half_life_days=1.0)
    if bound is not None:
        activity.last_touch_ts = bound.last_touch_ts
        activity.last_answer_ts = bound.last_answer_ts
        # Only the count of touches after the last answer is read; repeat the last touch.
        if bound.last_touch_ts is not None:
            activity.touch_timestamps = [bound.last_touch_ts] * bound.unanswered_in_a_row
    return fatigue_from_activity(
        activity,
        may_contact,
        unanswered_touch_penalty=weights.unanswered_touch_penalty,
        max_unanswered=weights.max_unanswered,
        min_days_between_touches=weights.min_days_between_touches,
    )


def scan_with_sql(
    journeys: QuerySet, now: datetime, *, prune_from: int
) -> tuple[Scan, dict[int, tuple[bool, str | None]]]:
    """Bound every journey of ``journeys`` from one SQL aggregate (when summaries aren't ready).

    Returns the scan and each journey's consent. Under ``prune_from`` journeys only the ids,
    fits and snoozes are read.
    """
    from helpfirst.queue import queries

    weights = queries.QUEUE_WEIGHTS
    latest_fit = FitRecord.objects.filter(journey=OuterRef("pk"), is_latest=True)
    rows = list(
        journeys.order_by()
        .annotate(
            snoozed=Subquery(
                Snooze.objects.filter(journey=OuterRef("pk"), until__gt=now)
                .order_by("-until")
                .values("until")[:1]
            ),
            fit_score=Subquery(latest_fit.values("score")[:1]),
            fit_verdict=Subquery(latest_fit.values("verdict")[:1]),
        )
        .values_list(
            "id", "buying_stage", "recheck_on", "expected_value", "currency",
            "buyer_timeline", "owner__first_name", "owner__last_name", "owner__username",
            "snoozed", "fit_score", "fit_verdict",
        )
    )  # fmt: skip
    ids = [row[0] for row in rows]
    fits = {row[0]: (row[10], row[11]) for row in rows if row[10] is not None}
    snoozes = {row[0]: row[9] for row in rows if row[9] is not None}
    if len(rows) < prune_from:
        return Scan(len(rows), [], [], {}, 0, fits, snoozes, ids), {}
    activity = activity_bounds(journeys, now, history_days=queries.HISTORY_DAYS, weights=weights)
    seen = {pk: set(b.contacts_seen) for pk, b in activity.items()}
    consent = queries._consent_by_journey(ids, seen)
    today = now.date()
    bounds: list[Bound] = []
    effort: list[tuple[str, float | None, int]] = []
    odd_effort: dict[int, int] = {}
    rechecks = 0
    for row in rows:
        pk, stage, recheck_on, value, currency, timeline, first, last, username = row[:9]
        snoozed, fit_score, fit_verdict = row[9:]
        fit_score = float(fit_score) if fit_score is not None else None
        owner = f"{first} {last}".strip() or username
        summary = activity.get(pk)
        if summary is not None and summary.odd:
            odd_effort[pk] = len(effort)
        effort.append((owner, fit_score, summary.effort_touches if summary else 0))
        if snoozed:
            continue
        is_recheck = is_exit(stage) and recheck_on is not None and recheck_on <= today
        if not (is_open_stage(stage) or is_recheck):
            continue
        rechecks += is_recheck
        if summary is not None and summary.odd:
            bounds.append(Bound(pk, math.inf, None, False))
            continue
        candidate = HelpQueueCandidate(
            journey_id=pk, title="", buying_stage=stage, fit_score=fit_score,
            fit_verdict=fit_verdict, currency=currency, buyer_timeline=timeline,
            expected_value=float(value) if value is not None else None,
        )  # fmt: skip
        may_contact = consent.get(pk, (True, None))[0]
        fatigue = fatigue_from_bound(summary, now, may_contact, weights)
        score = readiness_score_bound(summary.points_bound if summary else 0.0)
        readiness = READINESS_FLOOR + (1.0 - READINESS_FLOOR) * score / 100.0
        log_good = math.fsum(
            (
                weights.readiness * math.log(readiness),
                weights.fit * math.log(fit_factor(candidate).value),
                weights.value * math.log(value_factor(candidate, weights).value),
                weights.timing * math.log(timing_factor(candidate, today, is_recheck).value),
            )
        )
        bound = 100.0 * math.exp(log_good) * (1.0 - fatigue.penalty)
        bounds.append(Bound(pk, bound, fatigue.back_off, fatigue.penalty >= 1.0))
    return Scan(len(rows), bounds, effort, odd_effort, rechecks, fits, snoozes, ids), consent
