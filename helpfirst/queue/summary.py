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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
from helpfirst.journeys.models import JourneyStakeholder
from helpfirst.queue import data_version, scan_cache
from helpfirst.queue.effort import EffortRows
from helpfirst.queue.models import ActivitySummaryState, Snooze
from helpfirst.queue.summary_fatigue import _fatigue_columns, fatigue_penalty  # noqa: F401

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


# A rankable journey's state in ``Scan.arrays``: to help, backing off, or odd (load in full).
HELP, BACK_OFF, ODD = 0, 1, 2


@dataclass(slots=True)
class Scan:
    """Hold what one pass over a queue's journeys found (see :func:`scan_queue`)."""

    journeys: int
    bounds: list[Bound]
    effort: Sequence[tuple[str, float | None, int]]  # a list, or EffortRows
    odd_effort: dict[int, int]  # odd journey -> its index in ``effort`` (touches unknown)
    rechecks: int
    fits: dict[int, tuple[int, str]]
    snoozes: dict[int, datetime]
    ids: list[int]
    ready: bool = True  # False: the summaries cannot be used (bounds not computed)
    # The bounds as columns (ids, bound, state, exact zero) instead of ``bounds``; the page
    # turns either into its own form and keeps that here.
    arrays: object = None


def _rows(journeys: QuerySet, half_life_days: float) -> tuple[list[tuple], tuple | None]:
    """Return the raw rows and the SQL read (Django's converters would cost more than the scan).

    Dates, times and flags come as text and integers (a cast: no converter runs on them).
    ``committee_reachable`` is None without a buying committee, else whether anyone there may
    be contacted; ``summaries_ready`` (the same on every row) whether the summaries can be
    used; ``snoozed_text`` the journey's latest snooze end, active or not (the scan compares it
    with ``now``: the read does not depend on the time). Columns 7 and 8 are unused
    placeholders that keep the row layout stable. The SQL comes with its parameters (None for a
    queryset that can match nothing).
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
                    Snooze.objects.filter(journey=OuterRef("pk"))
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
        return [], None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall(), (sql, tuple(params))


def book_columns(journeys: QuerySet, half_life_days: float) -> scan_cache.BookColumns:
    """Return the columns of ``journeys``: kept ones while the data state holds, else read.

    Kept columns whose only changes since are activity summaries (logged per journey) get
    those journeys' summaries read again instead of the whole book.
    """
    state = data_version.current_state()  # first: data read after it is at least as new
    key = None
    if state is not None:
        try:
            sql, params = journeys.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # matches nothing: nothing worth keeping
            sql = None
        if sql is not None:
            key = (state.token, half_life_days, sql, tuple(params))
            found = scan_cache.lookup(key)
            if found is not None and found.seq == state.seq:
                return found
            if found is not None and state.logged_since(found.seq):
                changed = data_version.changed_journeys(found.seq, state.seq)
                fresh = scan_cache.patched(found, changed, state.seq)
                if fresh is not None:
                    scan_cache.store(key, fresh)
                    return fresh
    rows, _ = _rows(journeys, half_life_days)
    columns = scan_cache.columns_from_rows(rows)
    if key is not None:
        columns.seq = state.seq
        scan_cache.store(key, columns)
    return columns


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
    The arithmetic runs on whole columns (numpy): a big book is 18,000 journeys. What the read
    returns does not depend on ``now`` and is kept per process (:mod:`helpfirst.queue.scan_cache`).
    """
    c = book_columns(journeys, weights.half_life_days)
    n = c.n
    now_ts = now.timestamp()
    with np.errstate(invalid="ignore"):
        snoozed = c.snooze_ts > now_ts  # the latest snooze ends after now (NaN: none)
    snoozes = {c.ids[i]: c.snooze_until[i] for i in np.flatnonzero(snoozed).tolist()}
    if n < prune_from or not c.ready:
        return Scan(n, [], [], {}, 0, c.fits, snoozes, c.ids, c.ready)
    horizon = now_ts + CLOCK_SKEW_SECONDS
    since = (now - timedelta(days=history_days)).timestamp()
    effort_since = now_ts - DEFAULT_EFFORT_DAYS * DAY_SECONDS
    window_from = now_ts - EVIDENCE_WINDOW_DAYS * DAY_SECONDS
    today = now.date()
    is_recheck = c.is_exit & (c.recheck_day <= today.toordinal())
    rankable = ~snoozed & (c.is_open | is_recheck)
    with np.errstate(invalid="ignore"):
        odd = c.stale | (c.max_event > horizon)
    # Our touches, all journeys end to end (each journey's sorted), and who each belongs to.
    touches, owner_of, counts = c.touches, c.touch_owner, c.touch_counts
    effort = np.bincount(
        owner_of, weights=(touches >= effort_since) & (touches <= now_ts), minlength=n
    ).astype(np.int64)
    last_answer = c.last_answer.copy()
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
    penalty, back_off = _fatigue_columns(
        unanswered, last_touch, last_answer, _consent(c, since), now_ts, weights
    )
    # Readiness bound: decayed points times the largest stakeholder bonus.
    active = np.bincount(c.people_owner, weights=c.people >= window_from, minlength=n)
    multiplier = 1.0 + STAKEHOLDER_BONUS * np.maximum(
        0.0, np.minimum(active, MAX_STAKEHOLDERS_COUNTED) - 1.0
    )
    decay = math.log(2.0) / (weights.half_life_days * DAY_SECONDS)
    with np.errstate(invalid="ignore"):
        decayed = np.where(np.isnan(c.anchor), 0.0, c.points * np.exp(decay * (c.anchor - now_ts)))
    readiness_points = decayed * multiplier * _BOUND_SLACK
    score = np.minimum(
        100.0, 100.0 * (1.0 - np.exp(-readiness_points / READINESS_SCALE_POINTS)) + 0.05
    )
    readiness = READINESS_FLOOR + (1.0 - READINESS_FLOOR) * score / 100.0
    log_good = weights.readiness * np.log(readiness) + _book_static_logs(
        c, is_recheck, today, weights
    )
    bound = 100.0 * np.exp(log_good) * (1.0 - penalty)
    exact_zero = penalty >= 1.0
    bound[exact_zero] = 0.0
    odd_at = np.flatnonzero(odd)
    effort[odd_at] = 0  # counted from their events by the page
    odd_effort = {c.ids[i]: i for i in odd_at.tolist()}
    effort_rows = EffortRows(c.owner_names(), c.fit_scores, effort, *c.effort_columns())
    keep = np.flatnonzero(rankable)
    state = np.where(back_off, BACK_OFF, HELP).astype(np.int8)
    state[odd] = ODD
    arrays = (
        c.id_array[keep],
        np.where(odd, math.inf, bound)[keep],
        state[keep],
        (exact_zero & ~odd)[keep],
    )
    rechecks = int(np.count_nonzero(rankable & is_recheck))
    return Scan(n, [], effort_rows, odd_effort, rechecks, c.fits, snoozes, c.ids, arrays=arrays)


def _consent(c: scan_cache.BookColumns, since: float) -> np.ndarray:
    """Return whether each journey may be contacted: its committee, else the people seen lately.

    Without a committee: any contact seen since ``since`` who still exists decides; nobody
    known counts as contactable (nobody said no).
    """
    seen_owner, seen_ts, seen_known, seen_may = c.seen_lately()
    lately = (seen_ts >= since) & seen_known
    owners = seen_owner[lately]
    known = np.bincount(owners, minlength=c.n) > 0
    reachable = np.bincount(owners, weights=seen_may[lately], minlength=c.n) > 0
    fallback = np.where(known, reachable, True)
    return np.where(c.committee < 0, fallback, c.committee > 0)


def _book_static_logs(
    c: scan_cache.BookColumns, is_recheck: np.ndarray, today: date, weights: HelpQueueWeights
) -> np.ndarray:
    """Return :func:`_static_logs` of the book, kept with its columns for the day."""
    key = (today, weights)
    found = c.static_logs.get(key)
    if found is None:
        c.static_logs.clear()
        found = c.static_logs[key] = _static_logs(
            c.stages, c.fit_scores, c.verdicts, c.values, c.currencies, c.timelines,
            is_recheck.tolist(), today, weights,
        )  # fmt: skip
    return found


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
                buyer_timeline=scan_cache._day(timeline) if timeline is not None else None,
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
