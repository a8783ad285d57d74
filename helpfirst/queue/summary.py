"""Bound every journey's priority from its :class:`ActivitySummary`, in one query and no events.

For each journey of a queue this reads, in one query, the journey row, its snooze, its latest
fit, whether its buying committee exists and may be contacted, and its activity summary; and
computes, without building any event object:

* its **exact contact fatigue** (penalty and back-off: unanswered touches in a row, the last
  touch and answer in the last ``HISTORY_DAYS``, consent) and its exact effort count;
* an **upper bound of its readiness** (summary points decayed to ``now``, times the largest
  stakeholder bonus its recent contacts allow), hence of its priority.

A journey the summary cannot answer exactly is ``odd`` (always loaded in full): its summary is
``stale``, or one of its interactions lies beyond ``now`` (plus the clock-skew allowance).
:mod:`helpfirst.queue.page` then loads full events only for the journeys that can show.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    CharField,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast

from helpfirst.accounts.models import Contact
from helpfirst.core.journey.activity import CLOCK_SKEW_SECONDS, DAY_SECONDS, EVIDENCE_WINDOW_DAYS
from helpfirst.core.journey.readiness import (
    MAX_STAKEHOLDERS_COUNTED,
    READINESS_SCALE_POINTS,
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
from helpfirst.core.vocabulary import EXIT_STAGES, OPEN_STAGES
from helpfirst.journeys.models import JourneyStakeholder
from helpfirst.queue.models import ActivitySummaryState, Snooze
from helpfirst.queue.summary_fatigue import _fatigue_columns, fatigue_penalty  # noqa: F401
from helpfirst.team.models import User

# Float noise between the summary's anchored sums and the core's math.exp weights.
_BOUND_SLACK = 1.0 + 1e-9
_S = "activity_summary__"


@dataclass(slots=True)
class Bound:
    """Hold one rankable journey's priority upper bound and back-off (None: load it in full)."""

    journey_id: int
    priority_bound: float
    back_off: bool | None
    exact_zero: bool


@dataclass(slots=True)
class Scan:
    """Hold what one pass over a queue's journeys found (see :func:`scan_queue`)."""

    journeys: int
    bounds: list[Bound]
    effort: list[tuple[str, float | None, int]]
    odd_effort: dict[int, int]  # odd journey -> its index in ``effort`` (touches unknown)
    rechecks: int
    fits: dict[int, tuple[int, str]]
    snoozes: dict[int, datetime]
    ids: list[int]
    ready: bool = True  # False: the summaries cannot be used (bounds not computed)


def _rows(journeys: QuerySet, now: datetime, half_life_days: float) -> list[tuple]:
    """Return the raw rows (Django's per-value converters would cost more than the scan).

    Dates, times and flags come as text and integers (a cast: no converter runs on them).
    ``committee_reachable`` is None without a buying committee, else whether anyone there may
    be contacted; ``summaries_ready`` (the same on every row) whether the summaries can be
    used. Columns 7 and 8 are unused placeholders that keep the row layout stable.
    """
    committee = (
        JourneyStakeholder.objects.filter(journey=OuterRef("pk"))
        .order_by()
        .values("journey")
        .annotate(reachable=Max(Cast("contact__may_contact", IntegerField())))
        .values("reachable")
    )
    ready = ActivitySummaryState.objects.filter(
        pk=1, ready=True, half_life_days=half_life_days
    ).values("pk")
    text, number = CharField(), IntegerField()
    query = (
        journeys.order_by()
        .annotate(
            snoozed_text=Cast(
                Subquery(
                    Snooze.objects.filter(journey=OuterRef("pk"), until__gt=now)
                    .order_by("-until")
                    .values("until")[:1]
                ),
                text,
            ),
            latest_fit=FilteredRelation("fit_records", condition=Q(fit_records__is_latest=True)),
            committee_reachable=Subquery(committee, output_field=IntegerField()),
            summaries_ready=Subquery(ready[:1], output_field=IntegerField()),
            recheck_text=Cast("recheck_on", text),
            timeline_text=Cast("buyer_timeline", text),
            stale_flag=Cast(f"{_S}stale", number),
        )
        .values_list(
            "id", "buying_stage", "recheck_text", "expected_value", "currency",
            "timeline_text", "owner_id", "team_id", "account_id",
            "snoozed_text", "latest_fit__score", "latest_fit__verdict",
            "committee_reachable", "summaries_ready",
            f"{_S}anchor_at", f"{_S}points", f"{_S}touch_times", f"{_S}last_answer_at",
            f"{_S}max_event_at", f"{_S}stakeholder_times", "stale_flag", f"{_S}contacts_seen",
        )
    )  # fmt: skip
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # a queryset that can match nothing (``none()``, ``id__in=[]``)
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _date(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _moment(value) -> datetime | None:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _fallback_consent(rows: list[tuple], since: float) -> dict[int, bool]:
    """Consent of journeys without a committee, from the contacts seen lately (one query)."""
    seen: dict[int, list[int]] = {}
    for row in rows:
        if row[12] is None and row[21] and row[21] != "{}":
            people = [int(k) for k, ts in json.loads(row[21]).items() if ts >= since]
            if people:
                seen[row[0]] = people
    if not seen:
        return {}
    wanted = sorted({c for people in seen.values() for c in people})
    may: dict[int, bool] = {}
    for start in range(0, len(wanted), 5_000):
        may.update(
            Contact.objects.filter(pk__in=wanted[start : start + 5_000]).values_list(
                "pk", "may_contact"
            )
        )
    consent = {}
    for pk, people in seen.items():
        known = [may[c] for c in people if c in may]
        if known:
            consent[pk] = any(known)
    return consent


def scan_queue(
    journeys: QuerySet,
    now: datetime,
    *,
    history_days: int,
    weights: HelpQueueWeights,
    prune_from: int = 0,
) -> Scan:
    """Read every journey of ``journeys`` once and bound its priority (see module doc).

    Under ``prune_from`` journeys only the ids, fits and snoozes are returned (no bounds).
    The arithmetic runs on whole columns (numpy): a big book is 18,000 journeys.
    """
    rows = _rows(journeys, now, weights.half_life_days)
    snoozes = {row[0]: _moment(row[9]) for row in rows if row[9] is not None}
    ids = [row[0] for row in rows]
    fits = {row[0]: (row[10], row[11]) for row in rows if row[10] is not None}
    ready = bool(rows) and rows[0][13] is not None
    if len(rows) < prune_from or not ready:
        return Scan(len(rows), [], [], {}, 0, fits, snoozes, ids, ready)
    cols = list(zip(*rows, strict=True))
    n = len(rows)
    now_ts = now.timestamp()
    horizon = now_ts + CLOCK_SKEW_SECONDS
    since = (now - timedelta(days=history_days)).timestamp()
    effort_since = now_ts - DEFAULT_EFFORT_DAYS * DAY_SECONDS
    window_from = now_ts - EVIDENCE_WINDOW_DAYS * DAY_SECONDS
    today = now.date()
    stages, rechecks_on, values, currencies, timelines = cols[1], cols[2], cols[3], cols[4], cols[5]
    fit_scores = [float(f) if f is not None else None for f in cols[10]]
    is_recheck = [
        stage in EXIT_STAGES and on is not None and _date(on) <= today
        for stage, on in zip(stages, rechecks_on, strict=True)
    ]
    rankable = np.array(
        [
            snoozed is None and (stage in OPEN_STAGES or recheck)
            for snoozed, stage, recheck in zip(cols[9], stages, is_recheck, strict=True)
        ],
        dtype=bool,
    )
    odd = np.array(
        [
            bool(stale) or (m is not None and m > horizon)
            for stale, m in zip(cols[20], cols[18], strict=True)
        ],
        dtype=bool,
    )
    # Our touches, all journeys end to end (each journey's sorted), and who each belongs to.
    touch_blobs = [bytes(b) if b else b"" for b in cols[16]]
    counts = np.fromiter((len(b) // 8 for b in touch_blobs), dtype=np.int64, count=n)
    touches = np.frombuffer(b"".join(touch_blobs), dtype=np.float64)
    owner_of = np.repeat(np.arange(n), counts)
    effort = np.bincount(
        owner_of, weights=(touches >= effort_since) & (touches <= now_ts), minlength=n
    ).astype(np.int64)
    last_answer = _floats(cols[17])
    last_answer[last_answer < since] = np.nan
    answered_after = touches > last_answer[owner_of]
    unanswered = np.bincount(
        owner_of,
        weights=(touches >= since) & (answered_after | np.isnan(last_answer[owner_of])),
        minlength=n,
    )
    ends = np.cumsum(counts) - 1
    last_touch = np.full(n, np.nan)
    has = counts > 0
    last_touch[has] = touches[ends[has]]
    last_touch[last_touch < since] = np.nan
    fallback = _fallback_consent(rows, since)
    consent = np.array(
        [
            bool(committee) if committee is not None else fallback.get(pk, True)
            for pk, committee in zip(ids, cols[12], strict=True)
        ],
        dtype=bool,
    )
    penalty, back_off = _fatigue_columns(
        unanswered, last_touch, last_answer, consent, now_ts, weights
    )
    # Readiness bound: decayed points times the largest stakeholder bonus.
    people_blobs = [bytes(b) if b else b"" for b in cols[19]]
    people_counts = np.fromiter((len(b) // 8 for b in people_blobs), dtype=np.int64, count=n)
    people = np.frombuffer(b"".join(people_blobs), dtype=np.float64)
    active = np.bincount(
        np.repeat(np.arange(n), people_counts), weights=people >= window_from, minlength=n
    )
    multiplier = 1.0 + STAKEHOLDER_BONUS * np.maximum(
        0.0, np.minimum(active, MAX_STAKEHOLDERS_COUNTED) - 1.0
    )
    anchor, points = _floats(cols[14]), np.nan_to_num(_floats(cols[15]))
    decay = math.log(2.0) / (weights.half_life_days * DAY_SECONDS)
    with np.errstate(invalid="ignore"):
        decayed = np.where(np.isnan(anchor), 0.0, points * np.exp(decay * (anchor - now_ts)))
    readiness_points = decayed * multiplier * _BOUND_SLACK
    score = np.minimum(
        100.0, 100.0 * (1.0 - np.exp(-readiness_points / READINESS_SCALE_POINTS)) + 0.05
    )
    readiness = READINESS_FLOOR + (1.0 - READINESS_FLOOR) * score / 100.0
    log_good = weights.readiness * np.log(readiness) + _static_logs(
        stages, fit_scores, cols[11], values, currencies, timelines, is_recheck, today, weights
    )
    bound = 100.0 * np.exp(log_good) * (1.0 - penalty)
    exact_zero = penalty >= 1.0
    bound[exact_zero] = 0.0
    owners = _owner_names(cols[6])
    effort_rows = list(zip([owners[o] for o in cols[6]], fit_scores, effort.tolist(), strict=True))
    odd_list = odd.tolist()
    odd_effort = {pk: i for i, pk in enumerate(ids) if odd_list[i]}
    for i in odd_effort.values():
        effort_rows[i] = (effort_rows[i][0], effort_rows[i][1], 0)
    bounds = [
        Bound(pk, math.inf, None, False) if is_odd else Bound(pk, b, off, zero)
        for pk, keep, is_odd, b, off, zero in zip(
            ids,
            rankable.tolist(),
            odd_list,
            bound.tolist(),
            back_off.tolist(),
            exact_zero.tolist(),
            strict=True,
        )
        if keep
    ]
    rechecks = sum(
        1 for keep, recheck in zip(rankable.tolist(), is_recheck, strict=True) if keep and recheck
    )
    return Scan(n, bounds, effort_rows, odd_effort, rechecks, fits, snoozes, ids)


def _floats(column) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in column], dtype=np.float64)


_STATIC_CACHE: dict[tuple, dict] = {}
_STATIC_CACHE_SIZE = 200_000


def _static_logs(
    stages, fit_scores, verdicts, values, currencies, timelines, is_recheck, today, weights
) -> np.ndarray:
    """Return each journey's weighted log of fit × value × timing (cached per distinct input).

    The cache lives across requests (a pure function of its key, the day and the weights);
    it is emptied when it outgrows ``_STATIC_CACHE_SIZE`` entries.
    """
    cache = _STATIC_CACHE.get((today, weights))
    if cache is None or len(cache) > _STATIC_CACHE_SIZE:
        _STATIC_CACHE.clear()
        cache = _STATIC_CACHE[(today, weights)] = {}
    out = np.empty(len(stages))
    for i, key in enumerate(
        zip(stages, fit_scores, verdicts, values, currencies, timelines, is_recheck, strict=True)
    ):
        found = cache.get(key)
        if found is None:
            stage, fit_score, verdict, value, currency, timeline, recheck = key
            candidate = HelpQueueCandidate(
                journey_id=0,
                title="",
                buying_stage=stage,
                fit_score=fit_score,
                fit_verdict=verdict,
                expected_value=float(value) if value is not None else None,
                currency=currency,
                buyer_timeline=_date(timeline),
            )
            found = cache[key] = math.fsum(
                (
                    weights.fit * math.log(fit_factor(candidate).value),
                    weights.value * math.log(value_factor(candidate, weights).value),
                    weights.timing * math.log(timing_factor(candidate, today, recheck).value),
                )
            )
        out[i] = found
    return out


def _owner_names(owner_ids) -> dict[int, str]:
    names = {}
    for pk, first, last, username in User.objects.filter(pk__in=set(owner_ids)).values_list(
        "pk", "first_name", "last_name", "username"
    ):
        names[pk] = f"{first} {last}".strip() or username
    return names
