"""Build the shown part of a help queue exactly, loading events only for journeys that can show.

A big book (thousands of open journeys) costs seconds to rank in full: every journey's events
are loaded and summarised. The page shows the first ``shown_to_help`` items to help and the
first ``shown_backing_off`` to back off from, plus totals and the effort spread. This module:

1. reads every journey once (:func:`helpfirst.queue.summary.scan_queue`): from its activity
   summary, its exact contact fatigue (so whether it backs off, and its penalty), its effort
   count and an upper bound of its readiness; fit, value and timing come from the journey
   row, exactly. While the summaries are not ready (a database upgraded with interactions in
   it), one SQL aggregate gives the same on SQLite (:mod:`helpfirst.queue.bounds`), and other
   databases rank in full;
2. computes each journey's **priority upper bound** (the core's formula with readiness at its
   bound) and loads full events for the best bounds of each list plus every journey the
   bounds cannot classify (``odd``);
3. ranks the loaded journeys with the core ranking, then loads more while any journey not
   loaded has a bound that could reach the last shown item of its list.

The pruning is **exact**, not a heuristic: the shown items, their order, ranks, explanations
and the totals equal the unpruned ranking's (tests/queue/test_queue_pruning.py and
test_activity_summary.py compare them). The batch sizes only trade one big load against a
few small ones.

What step 1 reads is kept per process while nothing it depends on changed
(:mod:`helpfirst.queue.scan_cache`, checked by a token that SQLite triggers replace on every
write: :mod:`helpfirst.queue.data_version`), as are the loaded journeys' parsed events
(:mod:`helpfirst.queue.event_cache`); the bounds are handled as numpy columns. A warm page of
the large demo's biggest book then costs ~30 ms of CPU instead of ~230 ms.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np
from django.db.models import QuerySet

from helpfirst.core.prioritise import HelpQueueCandidate, HelpQueueItem, rank_help_queue
from helpfirst.core.prioritise.effort import DEFAULT_EFFORT_DAYS
from helpfirst.queue import bounds as sql_bounds
from helpfirst.queue import event_cache, queries, summary
from helpfirst.queue.bound_columns import BoundColumns, bound_columns
from helpfirst.queue.effort import effort_spread, effort_spread_by_owner
from helpfirst.queue.summary import BACK_OFF as _BACK_OFF
from helpfirst.queue.summary import HELP as _HELP
from helpfirst.queue.summary import ODD as _ODD

__all__ = [
    "PRUNE_BATCH",
    "PRUNE_FROM",
    "QueuePage",
    "build_queue_page",
    "effort_spread",
    "effort_spread_by_owner",
]

# Journeys loaded per list and per round; the result does not depend on it, only the speed
# (rep with 18,677 journeys on the large demo: 300 loads 624 in 4.8 s, 100 loads 224 in 3.4 s,
# 30 needs 3 rounds and 3.6 s).
PRUNE_BATCH = 100
# The summary's bounds are nearly exact: load this many beyond the shown items at first.
SUMMARY_MARGIN = 3
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
    effort: Sequence[tuple[str, float | None, int]] = field(default_factory=list)
    journeys: int = 0
    loaded: int = 0


class _Everything:
    """Contain every journey id (``_load_candidates`` then reads all consent from events)."""

    def __contains__(self, item) -> bool:
        return True


def build_queue_page(
    journeys: QuerySet,
    now: datetime,
    *,
    shown_to_help: int,
    shown_backing_off: int,
    batch: int = PRUNE_BATCH,
    prune_from: int = PRUNE_FROM,
    shown_in_all: int | None = None,
) -> QueuePage:
    """Return the first items of both lists of the help queue of ``journeys``, exactly.

    ``shown_in_all``: only the first this many items of both lists, to help first, are read
    (the API): when that many journeys surely are to help, no backed-off item is loaded.

    Books under ``prune_from`` journeys are ranked in full. Bounds come from the activity
    summaries when they are ready, else from one SQL aggregate (SQLite only; other databases
    then rank in full).

    The cyclic garbage collector is paused meanwhile: a big book allocates some 100,000
    short-lived objects (freed by reference counting), and the collections they trigger
    walked every live object again, a third of the page's time on the large demo.
    """
    with _collector_paused():
        return _build_queue_page(
            journeys,
            now,
            shown_to_help=shown_to_help,
            shown_backing_off=shown_backing_off,
            batch=batch,
            prune_from=prune_from,
            shown_in_all=shown_in_all,
        )


@contextmanager
def _collector_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_queue_page(
    journeys: QuerySet,
    now: datetime,
    *,
    shown_to_help: int,
    shown_backing_off: int,
    batch: int,
    prune_from: int,
    shown_in_all: int | None,
) -> QueuePage:
    consent = None  # with summaries, each loaded journey's consent comes from its events
    scan = summary.scan_queue(
        journeys,
        now,
        history_days=queries.HISTORY_DAYS,
        weights=queries.QUEUE_WEIGHTS,
        prune_from=prune_from,
    )
    small = scan.journeys < prune_from or not scan.journeys
    if not small and not scan.ready:
        if not sql_bounds.supports_bounds():
            return _unpruned_page(journeys, now, shown_to_help, shown_backing_off)
        scan, consent = sql_bounds.scan_with_sql(journeys, now, prune_from=prune_from)
    if shown_in_all is not None and not small:
        sure = int(np.count_nonzero(bound_columns(scan).state == _HELP))
        if sure >= shown_in_all:
            shown_backing_off = 0
    if small:
        inputs = _load_candidates(
            journeys, scan.ids, now, {}, scan.fits, set(scan.ids), scan.snoozes
        )
        return _full_page(inputs, now, shown_to_help, shown_backing_off)
    return _rank_bounded(
        journeys,
        now,
        scan,
        consent,
        shown_to_help,
        shown_backing_off,
        batch,
        first_batch=SUMMARY_MARGIN if consent is None else None,
    )


def _rank_bounded(
    journeys: QuerySet,
    now: datetime,
    scan: summary.Scan,
    consent: dict[int, tuple[bool, str | None]] | None,
    shown_to_help: int,
    shown_backing_off: int,
    batch: int,
    first_batch: int | None = None,
) -> QueuePage:
    """Load the best bounds, rank them, and load more while an unloaded bound could show.

    ``first_batch``: load only this many beyond the shown items at first (tight bounds).

    ``consent`` None: read each loaded journey's consent from its own events (as the full
    ranking does).
    """
    weights = queries.QUEUE_WEIGHTS
    effort, odd_effort, fits = scan.effort, scan.odd_effort, scan.fits
    bounds = bound_columns(scan)
    loaded: dict[int, HelpQueueCandidate] = {}
    journey_rows: dict = {}

    odd = set(bounds.ids[bounds.state == _ODD].tolist())
    if consent is None:
        consent, odd = {}, _Everything()

    def load(pks: list[int]) -> None:
        for start in range(0, len(pks), _LOAD_CHUNK):
            part = pks[start : start + _LOAD_CHUNK]
            inputs = _load_candidates(journeys, part, now, consent, fits, odd, {})
            journey_rows.update(inputs.journeys)
            loaded.update((int(c.journey_id), c) for c in inputs.candidates)
        bounds.mark_loaded(pks)

    first = bounds.ids[bounds.state == _ODD].tolist()
    for state, shown in ((_HELP, shown_to_help), (_BACK_OFF, shown_backing_off)):
        size = batch if first_batch is None else min(batch, shown + first_batch)
        size = size if shown > 0 else 0
        first += bounds.best(np.flatnonzero(bounds.state == state), size)
    load(first)
    while True:
        items = rank_help_queue(list(loaded.values()), now, weights)
        wanted = _may_show(items, bounds, shown_to_help, shown_backing_off, batch)
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
    odd_to_help = sum(
        1 for pk in bounds.ids[bounds.state == _ODD].tolist() if not by_id[pk].back_off
    )
    total_to_help = int(np.count_nonzero(bounds.state == _HELP)) + odd_to_help
    total = len(bounds.ids)
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
        rechecks_due=scan.rechecks,
        effort=effort,
        journeys=scan.journeys,
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
    events, contacts_seen = event_cache.events_by_journey(
        list(rows), now, days=queries.HISTORY_DAYS
    )
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
    bounds: BoundColumns,
    shown_to_help: int,
    shown_backing_off: int,
    batch: int,
) -> list[int]:
    """Return journeys not loaded yet that could still reach a shown place (best bounds first)."""
    wanted: list[int] = []
    for state, shown in ((_HELP, shown_to_help), (_BACK_OFF, shown_backing_off)):
        if shown <= 0:
            continue
        back_off = state == _BACK_OFF
        group = [i for i in items if i.back_off is back_off]
        unloaded = (bounds.state == state) & ~bounds.loaded
        if len(group) < shown:
            wanted += bounds.best(np.flatnonzero(unloaded), batch)
            continue
        last = group[shown - 1]
        last_key = (-last.priority, str(last.journey_id))
        # An exact zero's bound is 0: below any positive last priority, as its key is.
        near = np.flatnonzero(unloaded & (bounds.bound + _TIE_MARGIN >= last.priority)).tolist()
        ids, bound, zero = bounds.ids, bounds.bound, bounds.zero
        rest = sorted(near, key=lambda i: (-bound[i], str(ids[i])))
        contenders = [int(ids[i]) for i in rest if not zero[i] or (-0.0, str(ids[i])) < last_key]
        wanted += contenders[:batch]
    return wanted


def _unpruned_page(
    journeys: QuerySet, now: datetime, shown_to_help: int, shown_backing_off: int
) -> QueuePage:
    """Rank every journey in full (databases without the SQL bounds)."""
    return _full_page(
        queries.load_queue_inputs(journeys, now), now, shown_to_help, shown_backing_off
    )


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
        effort=[(c.owner or "", c.fit_score, _touches(c.events, now)) for c in inputs.candidates],
        journeys=len(inputs.candidates),
        loaded=len(inputs.candidates),
    )
