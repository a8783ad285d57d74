"""Keep what the queue scan read of a book per process, as columns, while the data token holds.

:func:`helpfirst.queue.summary.scan_queue` reads every journey of a queue (18,677 on the large
demo's biggest book) with its snooze, latest fit, committee consent and activity summary. The
read and the turning of its rows into arrays cost more than the whole rest of the page, and
nothing in them depends on the time of the request: :class:`BookColumns` holds them, and the
scan applies ``now`` (decay, windows, snoozes ending, re-checks coming due) on every request.

Columns are reused only while the data token (:mod:`helpfirst.queue.data_version`) is the one
read before they were (a database trigger replaces it on every write they depend on but the
activity summaries); summaries changed since are logged per journey, and :func:`patched` reads
just those again. Without a data state (PostgreSQL, inside a transaction, triggers missing) the
book is read afresh every time. Keyed by the scan's SQL and parameters, so each user's view of
each book is its own entry.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

import numpy as np
from django.db.models import CharField, IntegerField, Max
from django.db.models.functions import Cast

from helpfirst.core.vocabulary import EXIT_STAGES, OPEN_STAGES
from helpfirst.queue.chunked_reads import contact_values, in_chunks, raw_rows
from helpfirst.queue.effort import band_codes
from helpfirst.queue.models import ActivitySummary, Snooze
from helpfirst.team.models import User

__all__ = [
    "MAX_BOOKS",
    "BookColumns",
    "clear",
    "columns_from_rows",
    "lookup",
    "patched",
    "store",
]

# Books kept per process (the large demo's biggest takes ~10 MB); least recently used go first.
MAX_BOOKS = 12
_NO_DAY = np.iinfo(np.int64).max  # a re-check date never due


@dataclass(slots=True)
class BookColumns:
    """What one read of a book's rows holds, per journey in row order (times in POSIX s).

    ``committee``: -1 without a buying committee, else 1 if anyone there may be contacted;
    :meth:`seen_lately`: the contacts seen in journeys without a committee (one entry per
    contact and journey: its row, when, whether it still exists and may be contacted).
    """

    n: int
    ready: bool
    ids: list[int]
    id_array: np.ndarray
    stages: list[str]
    values: list
    currencies: list[str]
    timelines: list
    verdicts: list
    fit_scores: list[float | None]
    owner_ids: list[int]
    fits: dict[int, tuple[int, str]]
    snooze_until: list[datetime | None]
    snooze_ts: np.ndarray
    is_open: np.ndarray
    is_exit: np.ndarray
    recheck_day: np.ndarray  # date ordinal, _NO_DAY when none
    stale: np.ndarray
    max_event: np.ndarray
    committee: np.ndarray
    touches: np.ndarray
    touch_owner: np.ndarray
    touch_counts: np.ndarray
    last_answer: np.ndarray
    people: np.ndarray
    people_owner: np.ndarray
    anchor: np.ndarray
    points: np.ndarray
    committees: list
    contacts_seen: list
    touch_blobs: list
    people_blobs: list
    seq: int = 0  # the last entry of the summaries' change log these columns reflect
    static_logs: dict = field(default_factory=dict)  # (day, weights) -> array (the scan's)
    _index: dict[int, int] | None = None
    _owner_names: list[str] | None = None
    _seen: tuple[np.ndarray, ...] | None = None
    _effort: tuple | None = None

    def index_of(self) -> dict[int, int]:
        """Return each journey's row."""
        if self._index is None:
            self._index = {pk: i for i, pk in enumerate(self.ids)}
        return self._index

    def owner_names(self) -> list[str]:
        """Return each journey's owner's name (read on first use: small books never need it)."""
        if self._owner_names is None:
            names = _owner_names(self.owner_ids)
            self._owner_names = [names[o] for o in self.owner_ids]
        return self._owner_names

    def effort_columns(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Return (fit band code, owner code, owner names sorted) for :class:`EffortRows`."""
        if self._effort is None:
            keys = [name or "" for name in self.owner_names()]
            distinct = sorted(set(keys))
            index = {name: i for i, name in enumerate(distinct)}
            codes = np.array([index[k] for k in keys], dtype=np.int64)
            self._effort = (band_codes(self.fit_scores), codes, distinct)
        return self._effort

    def seen_lately(self) -> tuple[np.ndarray, ...]:
        """Return the contacts seen in journeys without a committee (see the class doc)."""
        if self._seen is None:
            self._seen = _seen_lately(self.committees, self.contacts_seen)
        return self._seen


def _moment(value) -> datetime | None:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _floats(column) -> np.ndarray:
    return np.array(column, dtype=np.float64)  # None reads as NaN


def _flat(blobs, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Join float64 blobs end to end; return (values, owner row of each value, counts)."""
    counts = np.array([len(b) if b else 0 for b in blobs], dtype=np.int64) // 8
    values = np.frombuffer(b"".join([b for b in blobs if b]), dtype=np.float64)
    return values, np.repeat(np.arange(n), counts), counts


def columns_from_rows(rows: list[tuple]) -> BookColumns:
    """Turn :func:`helpfirst.queue.summary._rows` rows into columns (a few queries for names)."""
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [()] * 22
    ids = list(cols[0])
    stages = list(cols[1])
    recheck_day = np.array(
        [_NO_DAY if on is None else _day(on).toordinal() for on in cols[2]], dtype=np.int64
    )
    fit_scores = [float(f) if f is not None else None for f in cols[10]]
    touches, touch_owner, touch_counts = _flat(cols[16], n)
    people, people_owner, _ = _flat(cols[19], n)
    snooze_until = [_moment(v) for v in cols[9]]
    return BookColumns(
        n=n,
        ready=bool(rows) and rows[0][13] is not None,
        ids=ids,
        id_array=np.array(ids, dtype=np.int64),
        stages=stages,
        values=list(cols[3]),
        currencies=list(cols[4]),
        timelines=list(cols[5]),
        verdicts=list(cols[11]),
        fit_scores=fit_scores,
        owner_ids=list(cols[6]),
        fits={row[0]: (row[10], row[11]) for row in rows if row[10] is not None},
        snooze_until=snooze_until,
        snooze_ts=np.array(
            [np.nan if s is None else s.timestamp() for s in snooze_until], dtype=np.float64
        ),
        is_open=np.array([s in OPEN_STAGES for s in stages], dtype=bool),
        is_exit=np.array([s in EXIT_STAGES for s in stages], dtype=bool),
        recheck_day=recheck_day,
        stale=np.array(cols[20], dtype=bool),  # None (no summary) reads as False
        max_event=_floats(cols[18]),
        committee=np.array([-1 if c is None else int(bool(c)) for c in cols[12]], dtype=np.int8),
        touches=touches,
        touch_owner=touch_owner,
        touch_counts=touch_counts,
        last_answer=_floats(cols[17]),
        people=people,
        people_owner=people_owner,
        anchor=_floats(cols[14]),
        points=np.nan_to_num(_floats(cols[15])),
        committees=list(cols[12]),
        contacts_seen=list(cols[21]),
        touch_blobs=list(cols[16]),
        people_blobs=list(cols[19]),
    )


def _day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _seen_lately(committees, seen_json) -> tuple[np.ndarray, ...]:
    """Return the contacts seen in journeys without a committee, with their consent (1 query)."""
    owner, ts, people = [], [], []
    for i, (committee, seen) in enumerate(zip(committees, seen_json, strict=True)):
        if committee is None and seen and seen != "{}":
            for key, when in json.loads(seen).items():
                owner.append(i)
                ts.append(when)
                people.append(int(key))
    may: dict[int, bool] = contact_values(sorted(set(people)), "may_contact")
    return (
        np.array(owner, dtype=np.int64),
        np.array(ts, dtype=np.float64),
        np.array([c in may for c in people], dtype=bool),
        np.array([bool(may.get(c)) for c in people], dtype=bool),
    )


def _owner_names(owner_ids) -> dict[int, str]:
    names = {}
    for pk, first, last, username in User.objects.filter(pk__in=set(owner_ids)).values_list(
        "pk", "first_name", "last_name", "username"
    ):
        names[pk] = f"{first} {last}".strip() or username
    return names


def patched(old: BookColumns, changed: set[int], seq: int) -> BookColumns | None:
    """Return ``old`` with the activity summaries and snoozes of ``changed`` journeys read again.

    None when so many changed that reading the whole book is as cheap. Everything that does
    not come from the summaries is shared with ``old``; ``old`` itself is left as it was.
    """
    index = old.index_of()
    rows = sorted(index[pk] for pk in changed if pk in index)
    if not rows:
        return replace(old, seq=seq)
    if len(rows) > max(100, old.n // 4):
        return None
    fresh = _summary_rows([old.ids[i] for i in rows])
    snoozes = _latest_snoozes([old.ids[i] for i in rows])
    snooze_until, snooze_ts = list(old.snooze_until), old.snooze_ts.copy()
    anchor, points, last_answer = old.anchor.copy(), old.points.copy(), old.last_answer.copy()
    max_event, stale = old.max_event.copy(), old.stale.copy()
    touch_blobs, people_blobs = list(old.touch_blobs), list(old.people_blobs)
    contacts_seen = list(old.contacts_seen)
    for i in rows:
        # anchor, points, touches, last answer, latest event, stakeholders, stale, contacts
        row = fresh.get(old.ids[i], _NO_SUMMARY)
        anchor[i] = _float(row[0])
        points[i] = np.nan_to_num(_float(row[1]))
        touch_blobs[i] = row[2]
        last_answer[i] = _float(row[3])
        max_event[i] = _float(row[4])
        people_blobs[i] = row[5]
        stale[i] = bool(row[6])
        contacts_seen[i] = row[7]
        snooze_until[i] = _moment(snoozes.get(old.ids[i]))
        snooze_ts[i] = np.nan if snooze_until[i] is None else snooze_until[i].timestamp()
    touches, touch_owner, touch_counts = _flat(touch_blobs, old.n)
    people, people_owner, _ = _flat(people_blobs, old.n)
    return replace(
        old,
        seq=seq,
        anchor=anchor,
        points=points,
        last_answer=last_answer,
        max_event=max_event,
        stale=stale,
        touch_blobs=touch_blobs,
        people_blobs=people_blobs,
        contacts_seen=contacts_seen,
        touches=touches,
        touch_owner=touch_owner,
        touch_counts=touch_counts,
        people=people,
        people_owner=people_owner,
        snooze_until=snooze_until,
        snooze_ts=snooze_ts,
        _seen=None,
    )


_NO_SUMMARY = (None, None, None, None, None, None, None, None)


def _float(value) -> float:
    return np.nan if value is None else float(value)


def _latest_snoozes(pks: list[int]) -> dict[int, str]:
    """Return each journey's latest snooze end as text, as :func:`summary._rows` reads it."""
    found: dict[int, str] = {}
    for part in in_chunks(pks):
        query = (
            Snooze.objects.filter(journey_id__in=part)
            .order_by()
            .values("journey_id")
            .annotate(last=Cast(Max("until"), CharField()))
            .values_list("journey_id", "last")
        )
        found.update(raw_rows(query))
    return found


def _summary_rows(pks: list[int]) -> dict[int, tuple]:
    """Read the summary columns of ``pks`` as :func:`helpfirst.queue.summary._rows` does."""
    found: dict[int, tuple] = {}
    for part in in_chunks(pks):
        query = (
            ActivitySummary.objects.filter(journey_id__in=part)
            .order_by()
            .annotate(stale_flag=Cast("stale", IntegerField()))
            .values_list(
                "journey_id", "anchor_at", "points", "touch_times", "last_answer_at",
                "max_event_at", "stakeholder_times", "stale_flag", "contacts_seen",
            )
        )  # fmt: skip
        found.update((row[0], row[1:]) for row in raw_rows(query))
    return found


_BOOKS: OrderedDict[tuple, BookColumns] = OrderedDict()
_LOCK = threading.Lock()


def lookup(key: tuple) -> BookColumns | None:
    """Return the columns kept under ``key`` (which holds the data token), or None."""
    with _LOCK:
        found = _BOOKS.get(key)
        if found is not None:
            _BOOKS.move_to_end(key)
        return found


def store(key: tuple, columns: BookColumns) -> None:
    """Keep ``columns`` under ``key``; older tokens' entries go (they can never be read again)."""
    token = key[0]
    with _LOCK:
        for old in [k for k in _BOOKS if k[0] != token]:
            del _BOOKS[old]
        _BOOKS[key] = columns
        while len(_BOOKS) > MAX_BOOKS:
            _BOOKS.popitem(last=False)


def clear() -> None:
    """Forget every kept book."""
    with _LOCK:
        _BOOKS.clear()
