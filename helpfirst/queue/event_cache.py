"""Keep the parsed events of the journeys a queue page shows, per process, while they still hold.

The shown items of a big book are its busiest journeys: on the large demo the 51 journeys a
rep's page loads hold 23,000 interactions, and reading and parsing them was half the page's
time. Reloading the page (or another rep's page sharing journeys) reuses them from here.

A journey's cached events are reused only while nothing they were built from changed:

* its interactions since the start of the day the history window opens (``SINCE_DAY``): their
  count, id sum and largest id, read in one indexed aggregate (an insert, a delete or a move to
  another journey changes them);
* its :class:`~helpfirst.queue.models.ActivitySummary` row's ``updated_at`` (every write path,
  an in-place ``save()`` included, rewrites it) and ``stale`` flag (a stale journey is never
  cached); the cache is used only while the summaries are ready (else writes skip them);
* the stakeholder role of every contact in them (one small query).

Those checks cost two or three queries per page; while the data token
(:mod:`helpfirst.queue.data_version`) is the one a journey was last checked under, none of
them can have changed and the journey is reused without a query.

Events are kept from midnight before the window opened and cut to ``now`` minus the history on
each read, as :func:`helpfirst.queue.queries.events_by_journey` would have read them. Inside a
transaction (``connection.in_atomic_block``) nothing is read from or written to the cache:
uncommitted rows may roll back (and tests run in transactions).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Count, Max, Sum

from helpfirst.core.journey import InteractionEvent
from helpfirst.interactions.models import Interaction
from helpfirst.queue import data_version
from helpfirst.queue.activity import summaries_ready
from helpfirst.queue.chunked_reads import contact_values
from helpfirst.queue.models import ActivitySummary

__all__ = ["MAX_CACHED_EVENTS", "clear", "events_by_journey"]

# Events kept per process (~460 bytes each measured, so at most ~46 MB); least recently used go
# first. A big rep page loads ~23,000 (large demo).
MAX_CACHED_EVENTS = 100_000


@dataclass(slots=True)
class _Entry:
    key: tuple | None
    events: list[InteractionEvent]
    roles: dict[int, str | None]
    token: str | None = None  # the data token it was last checked under
    people: tuple[int, frozenset[int]] | None = None  # (cut point, contacts seen after it)


_CACHE: OrderedDict[int, _Entry] = OrderedDict()
_LOCK = threading.Lock()
_SIZE = [0]


def clear() -> None:
    """Forget every cached journey."""
    with _LOCK:
        _CACHE.clear()
        _SIZE[0] = 0


def _window_day(now: datetime, days: int) -> datetime:
    since = now - timedelta(days=days)
    return since.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _keys(pks: list[int], day: datetime) -> dict[int, tuple]:
    """Return each journey's cache key (journeys with a stale or no summary get none)."""
    summaries = {
        pk: updated
        for pk, updated, stale in ActivitySummary.objects.filter(journey_id__in=pks).values_list(
            "journey_id", "updated_at", "stale"
        )
        if not stale
    }
    keys = {pk: (day, updated, 0, 0, 0) for pk, updated in summaries.items()}
    counts = (
        Interaction.objects.filter(journey_id__in=list(keys), occurred_at__gte=day)
        .order_by()
        .values("journey_id")
        .annotate(n=Count("id"), total=Sum("id"), last=Max("id"))
        .values_list("journey_id", "n", "total", "last")
    )
    for pk, n, total, last in counts:
        keys[pk] = (day, summaries[pk], n, total, last)
    return keys


def events_by_journey(
    journey_ids: list[int], now: datetime, *, days: int
) -> tuple[dict[int, list[InteractionEvent]], dict[int, set[int]]]:
    """Return what :func:`helpfirst.queue.queries.events_by_journey` returns, from the cache.

    Journeys missing or out of date are read from the database and cached. A journey checked
    under the current data token (:mod:`helpfirst.queue.data_version`) is reused without a
    query: no write it depends on happened since.
    """
    from helpfirst.queue import queries

    pks = list(dict.fromkeys(journey_ids))
    if connection.in_atomic_block or not pks:
        return queries.events_by_journey(pks, now, days=days)
    token = data_version.current_token()  # first: what is read after it is at least as new
    day = _window_day(now, days)
    hits: dict[int, _Entry] = {}
    if token is not None:
        with _LOCK:
            hits = {
                pk: e
                for pk in pks
                if (e := _CACHE.get(pk)) is not None and e.token == token and e.key[0] == day
            }
    rest = [pk for pk in pks if pk not in hits]
    # Without ready summaries an in-place ``save()`` leaves ``updated_at`` as it was (and a
    # token hit implies ready summaries: their state is watched too).
    if rest and not summaries_ready():
        return queries.events_by_journey(pks, now, days=days)
    if rest:
        hits |= _checked(rest, now, days, day, token)
    events: dict[int, list[InteractionEvent]] = {}
    contacts: dict[int, set[int]] = {}
    for pk in pks:
        entry = hits.get(pk)
        if entry is not None:
            _cut(pk, entry, now, days, events, contacts)
    with _LOCK:
        for pk in hits:
            if pk in _CACHE:
                _CACHE.move_to_end(pk)
    return events, contacts


def _checked(
    pks: list[int], now: datetime, days: int, day: datetime, token: str | None
) -> dict[int, _Entry]:
    """Return entries for ``pks``: cached ones whose exact key still holds, the rest read.

    Entries kept (or confirmed) get ``token``: the checks ran after it was read. Journeys that
    cannot be cached (stale or no summary) come back as entries that are not kept.
    """
    from helpfirst.queue import queries

    keys = _keys(pks, day)
    with _LOCK:
        hits = {pk: e for pk in pks if (e := _CACHE.get(pk)) is not None and e.key == keys.get(pk)}
    if hits:
        wanted = sorted({c for e in hits.values() for c in e.roles})
        roles: dict[int, str | None] = contact_values(wanted, "stakeholder_role")
        hits = {
            pk: e
            for pk, e in hits.items()
            if all(c in roles and (roles[c] or None) == r for c, r in e.roles.items())
        }
        for entry in hits.values():
            entry.token = token
    missing = [pk for pk in pks if pk not in hits]
    if missing:
        # The window from midnight on (its ``now`` only sets the lower bound); cut by the caller.
        fresh, _ = queries.events_by_journey(missing, day + timedelta(days=days), days=days)
        with _LOCK:
            for pk in missing:
                journey_events = fresh.get(pk, [])
                roles_seen = {
                    int(e.contact_key): e.stakeholder_role for e in journey_events if e.contact_key
                }
                entry = _Entry(keys.get(pk), journey_events, roles_seen, token)
                if entry.key is None:  # stale or no summary: never kept
                    _drop(pk)
                else:
                    _store(pk, entry)
                hits[pk] = entry
    return hits


def _drop(pk: int) -> None:
    old = _CACHE.pop(pk, None)
    if old is not None:
        _SIZE[0] -= len(old.events) + 1


def _store(pk: int, entry: _Entry) -> None:
    _drop(pk)
    _CACHE[pk] = entry
    _SIZE[0] += len(entry.events) + 1
    while _SIZE[0] > MAX_CACHED_EVENTS and len(_CACHE) > 1:
        _, gone = _CACHE.popitem(last=False)
        _SIZE[0] -= len(gone.events) + 1


def _cut(
    pk: int,
    entry: _Entry,
    now: datetime,
    days: int,
    events: dict[int, list[InteractionEvent]],
    contacts: dict[int, set[int]],
) -> None:
    """Keep the events at or after ``now - days`` (sorted by time: a binary search).

    The contacts seen in what is kept are remembered on the entry for its cut point.
    """
    journey_events = entry.events
    since = (now - timedelta(days=days)).timestamp()
    lo, hi = 0, len(journey_events)
    while lo < hi:
        mid = (lo + hi) // 2
        if journey_events[mid].timestamp < since:
            lo = mid + 1
        else:
            hi = mid
    kept = journey_events[lo:]
    if not kept:
        return
    events[pk] = kept
    if entry.people is None or entry.people[0] != lo:
        entry.people = (lo, frozenset(int(e.contact_key) for e in kept if e.contact_key))
    if entry.people[1]:
        contacts[pk] = set(entry.people[1])
