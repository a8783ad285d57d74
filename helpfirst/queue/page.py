"""Build the shown part of a help queue exactly, loading events only for journeys that can show.

A big book (thousands of open journeys) costs seconds to rank in full: every journey's events
are loaded and summarised. The page shows the first ``shown_to_help`` items to help and the
first ``shown_backing_off`` to back off from, plus totals and the effort spread. This module:

1. reads one SQL aggregate per queue (:func:`helpfirst.queue.bounds.activity_bounds`): each
   journey's exact contact fatigue (so whether it backs off, and its penalty) and an upper
   bound of its readiness; fit, value and timing come from the journey row, exactly;
2. computes each journey's **priority upper bound** (the core's formula with readiness at its
   bound), and loads full events for the ``PRUNE_BATCH`` best bounds of each list plus every
   journey the SQL cannot classify (``odd``);
3. ranks the loaded journeys with the core ranking, then loads more while any journey not
   loaded has a bound that could reach the last shown item of its list.

The pruning is **exact**, not a heuristic: the shown items, their order, ranks, explanations
and the totals equal the unpruned ranking's (tests/queue/test_queue_pruning.py compares them).
``PRUNE_BATCH`` only trades one big load against a few small ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from helpfirst.core.prioritise import HelpQueueCandidate, HelpQueueItem, rank_help_queue
from helpfirst.core.prioritise.effort import DEFAULT_EFFORT_DAYS
from helpfirst.core.prioritise.factors import (
    READINESS_FLOOR,
    fit_factor,
    timing_factor,
    value_factor,
)
from helpfirst.core.vocabulary import is_exit, is_open_stage
from helpfirst.fit.models import FitRecord
from helpfirst.queue import bounds as sql_bounds
from helpfirst.queue import queries
from helpfirst.queue.effort import effort_spread, effort_spread_by_owner
from helpfirst.queue.models import Snooze

__all__ = ["PRUNE_BATCH", "PRUNE_FROM", "QueuePage", "build_queue_page", "effort_spread",
           "effort_spread_by_owner"]

# Journeys loaded per list and per round; the result does not depend on it, only the speed
# (rep with 18,677 journeys on the large demo: 300 loads 624 in 4.8 s, 100 loads 224 in 3.4 s,
# 30 needs 3 rounds and 3.6 s).
PRUNE_BATCH = 100
# Priorities are rounded to 4 decimals; a bound this close to the last shown item may tie it.
_TIE_MARGIN = 1e-4
# Below this many journeys ranking them all is cheaper than the SQL bounds (small demo: the
# unpruned page took 62 ms median for 32 journeys, the pruned one 81 ms).
PRUNE_FROM = 1_000
# Journey ids per load query (SQLite allows 32,766 parameters per statement).
_LOAD_CHUNK = 5_000


@dataclass
class QueuePage:
    """Hold the shown items of a queue, its exact totals and per-journey effort inputs."""

    to_help: list[queries.HelpQueueEntry]
    backing_off: list[queries.HelpQueueEntry]
    total_to_help: int
    total_backing_off: int
    rechecks_due: int
    effort: list[tuple[str, float | None, int]] = field(default_factory=list)
    journeys: int = 0
    loaded: int = 0


@dataclass
class _Bound:
    journey_id: int
    priority_bound: float
    back_off: bool | None  # None: only the full events can tell
    exact_zero: bool


def build_queue_page(
    journeys: QuerySet,
    now: datetime,
    *,
    shown_to_help: int,
    shown_backing_off: int,
    batch: int = PRUNE_BATCH,
    prune_from: int = PRUNE_FROM,
) -> QueuePage:
    """Return the first items of both lists of the help queue of ``journeys``, exactly.

    Books under ``prune_from`` journeys, and databases other than SQLite, are ranked in full.
    """
    if not sql_bounds.supports_bounds():
        return _unpruned_page(journeys, now, shown_to_help, shown_backing_off)
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
    )
    fits = {row[0]: (row[10], row[11]) for row in rows if row[10] is not None}
    snoozes = {row[0]: row[9] for row in rows if row[9] is not None}
    if len(rows) < prune_from:
        return _small_page(journeys, rows, now, fits, snoozes, shown_to_help, shown_backing_off)
    activity = sql_bounds.activity_bounds(
        journeys, now, history_days=queries.HISTORY_DAYS, weights=weights
    )
    ids = [row[0] for row in rows]
    seen = {pk: set(b.contacts_seen) for pk, b in activity.items()}
    consent = queries._consent_by_journey(ids, seen)
    today = now.date()
    bounds: list[_Bound] = []
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
        candidate = HelpQueueCandidate(
            journey_id=pk, title="", buying_stage=stage,
            fit_score=fit_score, fit_verdict=fit_verdict,
            expected_value=float(value) if value is not None else None, currency=currency,
            buyer_timeline=timeline,
        )
        may_contact = consent.get(pk, (True, None))[0]
        if summary is not None and summary.odd:
            bounds.append(_Bound(pk, math.inf, None, False))
            continue
        fatigue = sql_bounds.fatigue_from_bound(summary, now, may_contact, weights)
        score = sql_bounds.readiness_score_bound(summary.points_bound if summary else 0.0)
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
        bounds.append(_Bound(pk, bound, fatigue.back_off, fatigue.penalty >= 1.0))

    loaded: dict[int, HelpQueueCandidate] = {}
    journey_rows: dict = {}

    odd = {b.journey_id for b in bounds if b.back_off is None}

    def load(pks: list[int]) -> None:
        for start in range(0, len(pks), _LOAD_CHUNK):
            part = pks[start : start + _LOAD_CHUNK]
            inputs = _load_candidates(journeys, part, now, consent, fits, odd, {})
            journey_rows.update(inputs.journeys)
            loaded.update((int(c.journey_id), c) for c in inputs.candidates)

    first = [b.journey_id for b in bounds if b.back_off is None]
    for back_off in (False, True):
        group = sorted(
            (b for b in bounds if b.back_off is back_off), key=lambda b: -b.priority_bound
        )
        first += [b.journey_id for b in group[:batch]]
    load(first)
    while True:
        items = rank_help_queue(list(loaded.values()), now, weights)
        wanted = _may_show(items, bounds, loaded, shown_to_help, shown_backing_off, batch)
        if not wanted:
            break
        load(wanted)

    # Odd journeys' touches come from their full events (snoozed ones were never loaded).
    unloaded = [pk for pk in odd_effort if pk not in loaded]
    odd_events = queries.events_by_journey(unloaded, now)[0] if unloaded else {}
    for pk, index in odd_effort.items():
        owner, fit_score, _ = effort[index]
        events = loaded[pk].events if pk in loaded else odd_events.get(pk, ())
        effort[index] = (owner, fit_score, _touches(events, now))
    to_help = [i for i in items if not i.back_off]
    backing = [i for i in items if i.back_off]
    by_id = {int(i.journey_id): i for i in items}
    total_to_help = sum(
        1
        for b in bounds
        if b.back_off is False or (b.back_off is None and not by_id[b.journey_id].back_off)
    )
    total = len(bounds)
    entry: Callable[[HelpQueueItem], queries.HelpQueueEntry] = lambda item: (  # noqa: E731
        queries.HelpQueueEntry(item, journey_rows[int(item.journey_id)])
    )
    return QueuePage(
        to_help=[entry(i) for i in to_help[:shown_to_help]],
        backing_off=[
            entry(replace(item, rank=total_to_help + n))
            for n, item in enumerate(backing[:shown_backing_off], start=1)
        ],
        total_to_help=total_to_help,
        total_backing_off=total - total_to_help,
        rechecks_due=rechecks,
        effort=effort,
        journeys=len(rows),
        loaded=len(loaded),
    )


def _load_candidates(
    journeys: QuerySet,
    pks: list[int],
    now: datetime,
    consent: dict[int, tuple[bool, str | None]],
    fits: dict[int, tuple[int, str]],
    odd: set[int],
    snoozes: dict[int, datetime],
) -> queries.QueueInputs:
    """Load full candidates of ``pks``, reusing the consent and fit already read (2 queries).

    An odd journey's consent is read again from the contacts of its valid events, as the
    unpruned path does. Snoozed journeys are never loaded.
    """
    rows = {
        j.pk: j
        for j in journeys.filter(pk__in=pks)
        .select_related("account", "owner")
        .only(*queries._JOURNEY_FIELDS)
        .order_by()
    }
    events, contacts_seen = queries.events_by_journey(list(rows), now)
    recheck = [pk for pk in rows if pk in odd]
    if recheck:
        consent = {pk: v for pk, v in consent.items() if pk not in odd}
        consent |= queries._consent_by_journey(recheck, contacts_seen)
    candidates = []
    for pk, journey in rows.items():
        may_contact, contact_name = consent.get(pk, (True, None))
        fit_score, fit_verdict = fits.get(pk, (None, None))
        candidates.append(
            HelpQueueCandidate(
                journey_id=pk,
                title=journey.title,
                buying_stage=journey.buying_stage,
                owner=journey.owner.display_name,
                events=events.get(pk, ()),
                fit_score=float(fit_score) if fit_score is not None else None,
                fit_verdict=fit_verdict,
                expected_value=(
                    float(journey.expected_value) if journey.expected_value is not None else None
                ),
                currency=journey.currency,
                buyer_timeline=journey.buyer_timeline,
                may_contact=may_contact,
                nurture_recheck_on=journey.recheck_on,
                snoozed_until=snoozes.get(pk),
                contact_name=contact_name,
            )
        )
    return queries.QueueInputs(rows, candidates)


def _touches(events, now: datetime) -> int:
    """Count our touches in the effort window the way :func:`effort_by_fit_band` does."""
    until = now.timestamp()
    since = until - DEFAULT_EFFORT_DAYS * 86_400.0
    return sum(1 for e in events if e.is_touch and since <= e.timestamp <= until)


def _may_show(
    items: list[HelpQueueItem],
    bounds: list[_Bound],
    loaded: dict,
    shown_to_help: int,
    shown_backing_off: int,
    batch: int,
) -> list[int]:
    """Return journeys not loaded yet that could still reach a shown place (best bounds first)."""
    wanted: list[int] = []
    for back_off, shown in ((False, shown_to_help), (True, shown_backing_off)):
        group = [i for i in items if i.back_off is back_off]
        rest = sorted(
            (b for b in bounds if b.back_off is back_off and b.journey_id not in loaded),
            key=lambda b: (-b.priority_bound, str(b.journey_id)),
        )
        if shown <= 0 or not rest:
            continue
        if len(group) < shown:
            wanted += [b.journey_id for b in rest[:batch]]
            continue
        last = group[shown - 1]
        last_key = (-last.priority, str(last.journey_id))
        contenders = [
            b.journey_id
            for b in rest
            if (
                (-0.0, str(b.journey_id)) < last_key
                if b.exact_zero
                else b.priority_bound + _TIE_MARGIN >= last.priority
            )
        ]
        wanted += contenders[:batch]
    return wanted


def _small_page(
    journeys: QuerySet,
    rows: list[tuple],
    now: datetime,
    fits: dict[int, tuple[int, str]],
    snoozes: dict[int, datetime],
    shown_to_help: int,
    shown_backing_off: int,
) -> QueuePage:
    """Rank a small book in full, reusing the fit and snoozes already read (4 more queries)."""
    ids = [row[0] for row in rows]
    inputs = _load_candidates(journeys, ids, now, {}, fits, set(ids), snoozes)
    return _full_page(inputs, now, shown_to_help, shown_backing_off)


def _unpruned_page(
    journeys: QuerySet, now: datetime, shown_to_help: int, shown_backing_off: int
) -> QueuePage:
    """Rank every journey in full (databases without the SQL bounds)."""
    return _full_page(queries.load_queue_inputs(journeys, now), now, shown_to_help,
                      shown_backing_off)


def _full_page(
    inputs: queries.QueueInputs, now: datetime, shown_to_help: int, shown_backing_off: int
) -> QueuePage:
    """Rank every candidate of ``inputs`` and cut the page out of the full queue."""
    entries = queries.rank_entries(inputs, now)
    to_help = [e for e in entries if not e.item.back_off]
    backing = [e for e in entries if e.item.back_off]
    return QueuePage(
        to_help=to_help[:shown_to_help],
        backing_off=backing[:shown_backing_off],
        total_to_help=len(to_help),
        total_backing_off=len(backing),
        rechecks_due=sum(1 for e in entries if e.item.is_recheck),
        effort=[
            (c.owner or "", c.fit_score, _touches(c.events, now)) for c in inputs.candidates
        ],
        journeys=len(inputs.candidates),
        loaded=len(inputs.candidates),
    )
