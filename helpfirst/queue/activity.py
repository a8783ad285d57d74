"""Keep each journey's :class:`ActivitySummary` current on every write, so the queue reads fast.

Every write path goes through here:

* :func:`apply_new_interactions`: new rows (``interactions.ingest.store_new_interactions``,
  which every capture path, the API and the importer use; and ``Interaction.objects.create``
  through the ``post_save`` receiver in :mod:`helpfirst.queue.apps`);
* :func:`refresh_journey_activity`: recompute journeys from their rows (after deleting or
  changing interactions, e.g. a privacy erase, or to repair a ``stale`` row);
* :func:`rebuild_activity_summaries`: all journeys (demo loads, ``helpfirst queue
  rebuild-summaries``); it also marks the summaries ready.

Interactions are classified by the core's own :class:`InteractionEvent`, so the summary agrees
with the full ranking on what counts as a touch, an answer or a buying signal. Interactions
older than ``HISTORY_DAYS`` are left out: the queue never reads them again.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from helpfirst.core.errors import DataValidationError
from helpfirst.core.journey import InteractionEvent
from helpfirst.core.journey.readiness import MAX_STAKEHOLDERS_COUNTED, SIGNAL_POINTS
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.queue.models import ActivitySummary, ActivitySummaryState

__all__ = [
    "SUMMARY_FIELDS",
    "apply_new_interactions",
    "mark_stale",
    "rebuild_activity_summaries",
    "refresh_journey_activity",
    "summaries_ready",
]

# Keep in step with helpfirst.queue.queries (not imported: ingest imports this module).
HISTORY_DAYS = 90
DAY_SECONDS = 86_400.0
_CHUNK = 500
_ROW_COLUMNS = ("journey_id", "occurred_at", "kind", "page_type", "contact_id", "properties")
SUMMARY_FIELDS = (
    "half_life_days",
    "anchor_at",
    "points",
    "touch_times",
    "last_answer_at",
    "max_event_at",
    "stakeholder_times",
    "signal_contacts",
    "contacts_seen",
    "updated_at",
)
Progress = Callable[[str, int, int], None]


def queue_half_life() -> float:
    """Return the half-life the queue ranks with (read late: queries imports much)."""
    from helpfirst.queue.queries import QUEUE_WEIGHTS

    return QUEUE_WEIGHTS.half_life_days


def summaries_ready() -> bool:
    """Tell whether every journey's summary is complete and made with the queue's half-life."""
    state = ActivitySummaryState.objects.filter(pk=1).values_list("ready", "half_life_days")
    row = state.first()
    return bool(row and row[0] and row[1] == queue_half_life())


_KIND_CACHE: dict[tuple[str, str], tuple | None] = {}
_SOME_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def _classify(kind: str, page_type: str | None, properties) -> tuple | None:
    """Return (signal, points, is_touch, is_answer) as the core reads the row; None if invalid."""
    props = properties if isinstance(properties, dict) else {}
    key = (kind, page_type or "")
    if not props and key in _KIND_CACHE:
        return _KIND_CACHE[key]
    try:
        event = InteractionEvent(
            occurred_at=_SOME_TIME, kind=kind, page_type=page_type or None, properties=props
        )
    except DataValidationError:
        result = None
    else:
        points = SIGNAL_POINTS.get(event.signal, 0.0) if event.signal else 0.0
        result = (event.signal, points, event.is_touch, event.is_answer)
    if not props:
        _KIND_CACHE[key] = result
    return result


@dataclass(slots=True)
class _Summary:
    """One journey's summary while it is being updated (timestamps in POSIX seconds)."""

    half_life_s: float
    anchor: float | None = None
    points: float = 0.0
    touches: list[float] = field(default_factory=list)
    last_answer: float | None = None
    max_event: float | None = None
    signal_contacts: dict[str, float] = field(default_factory=dict)
    contacts_seen: dict[str, float] = field(default_factory=dict)

    def add(self, ts: float, contact_id, classified: tuple) -> None:
        signal, points, is_touch, is_answer = classified
        if points > 0.0:
            if self.anchor is None:
                self.anchor, self.points = ts, points
            elif ts > self.anchor:
                self.points = self.points * 2.0 ** ((self.anchor - ts) / self.half_life_s) + points
                self.anchor = ts
            else:
                self.points += points * 2.0 ** ((ts - self.anchor) / self.half_life_s)
        if is_touch:
            self.touches.append(ts)
        if is_answer and (self.last_answer is None or ts > self.last_answer):
            self.last_answer = ts
        if self.max_event is None or ts > self.max_event:
            self.max_event = ts
        if contact_id:
            key = str(contact_id)
            if ts > self.contacts_seen.get(key, -math.inf):
                self.contacts_seen[key] = ts
            if signal is not None and ts > self.signal_contacts.get(key, -math.inf):
                self.signal_contacts[key] = ts

    def prune(self, cutoff: float) -> None:
        """Forget what lies before ``cutoff`` (never read by a queue built after it)."""
        self.touches = sorted(ts for ts in self.touches if ts >= cutoff)
        if self.last_answer is not None and self.last_answer < cutoff:
            self.last_answer = None
        self.signal_contacts = {k: v for k, v in self.signal_contacts.items() if v >= cutoff}
        self.contacts_seen = {k: v for k, v in self.contacts_seen.items() if v >= cutoff}

    @classmethod
    def from_row(cls, row: ActivitySummary) -> _Summary:
        touches = array("d")
        touches.frombytes(bytes(row.touch_times or b""))
        return cls(
            half_life_s=row.half_life_days * DAY_SECONDS,
            anchor=row.anchor_at,
            points=row.points,
            touches=list(touches),
            last_answer=row.last_answer_at,
            max_event=row.max_event_at,
            signal_contacts=json.loads(row.signal_contacts or "{}"),
            contacts_seen=json.loads(row.contacts_seen or "{}"),
        )

    def fill(self, row: ActivitySummary, now: datetime) -> ActivitySummary:
        recent = sorted(self.signal_contacts.values(), reverse=True)[:MAX_STAKEHOLDERS_COUNTED]
        row.half_life_days = self.half_life_s / DAY_SECONDS
        row.anchor_at = self.anchor
        row.points = self.points
        row.touch_times = array("d", self.touches).tobytes()
        row.last_answer_at = self.last_answer
        row.max_event_at = self.max_event
        row.stakeholder_times = array("d", recent).tobytes()
        row.signal_contacts = json.dumps(self.signal_contacts, separators=(",", ":"))
        row.contacts_seen = json.dumps(self.contacts_seen, separators=(",", ":"))
        row.updated_at = now
        return row


def _summarise(
    rows: Iterable[tuple], half_life_s: float, cutoff: float, into: dict[int, _Summary]
) -> dict[int, _Summary]:
    """Add ``(journey_id, occurred_at, kind, page_type, contact_id, properties)`` rows."""
    for journey_id, occurred_at, kind, page_type, contact_id, properties in rows:
        if journey_id is None or occurred_at is None:
            continue
        ts = occurred_at.timestamp()
        if ts < cutoff:
            continue
        classified = _classify(kind, page_type, properties)
        if classified is None:
            continue
        summary = into.get(journey_id)
        if summary is None:
            summary = into[journey_id] = _Summary(half_life_s)
        summary.add(ts, contact_id, classified)
    return into


def _cutoff(now: datetime) -> float:
    return (now - timedelta(days=HISTORY_DAYS)).timestamp()


def apply_new_interactions(interactions: Iterable[Interaction], now: datetime | None = None) -> int:
    """Add just-stored interactions to their journeys' summaries; return journeys updated.

    Call it in the transaction that stored them. Does nothing until summaries are ready (a
    rebuild will count these rows).
    """
    rows = [
        (i.journey_id, i.occurred_at, i.kind, i.page_type, i.contact_id, i.properties)
        for i in interactions
        if i.journey_id is not None
    ]
    if not rows or not summaries_ready():
        return 0
    now = now or timezone.now()
    half_life_s = queue_half_life() * DAY_SECONDS
    cutoff = _cutoff(now)
    fresh = _summarise(rows, half_life_s, cutoff, {})
    if not fresh:
        return 0
    ids = sorted(fresh)
    with transaction.atomic():
        for start in range(0, len(ids), _CHUNK):
            part = ids[start : start + _CHUNK]
            existing = {
                row.journey_id: row
                for row in ActivitySummary.objects.select_for_update().filter(journey_id__in=part)
            }
            known = set(Journey.objects.filter(pk__in=part).values_list("pk", flat=True))
            changed, created = [], []
            for journey_id in part:
                if journey_id not in known:
                    continue
                row = existing.get(journey_id)
                if row is None:
                    summary = fresh[journey_id]
                    row = ActivitySummary(journey_id=journey_id)
                    created.append(row)
                else:
                    summary = _Summary.from_row(row)
                    summary.half_life_s = half_life_s
                    _merge(summary, fresh[journey_id])
                    changed.append(row)
                summary.prune(cutoff)
                summary.fill(row, now)
            ActivitySummary.objects.bulk_create(created, batch_size=_CHUNK)
            ActivitySummary.objects.bulk_update(changed, SUMMARY_FIELDS, batch_size=_CHUNK)
    return len(ids)


def _merge(into: _Summary, new: _Summary) -> None:
    if new.anchor is not None:
        into.add(new.anchor, None, (None, new.points, False, False))
    into.touches.extend(new.touches)
    for ts in (new.last_answer,):
        if ts is not None and (into.last_answer is None or ts > into.last_answer):
            into.last_answer = ts
    if new.max_event is not None and (into.max_event is None or new.max_event > into.max_event):
        into.max_event = new.max_event
    for mine, theirs in (
        (into.contacts_seen, new.contacts_seen),
        (into.signal_contacts, new.signal_contacts),
    ):
        for key, ts in theirs.items():
            if ts > mine.get(key, -math.inf):
                mine[key] = ts


def mark_stale(journey_ids: Iterable[int]) -> None:
    """Flag journeys whose interactions changed so the queue reads them in full until refreshed."""
    ids = sorted({int(pk) for pk in journey_ids if pk is not None})
    for start in range(0, len(ids), _CHUNK):
        ActivitySummary.objects.filter(journey_id__in=ids[start : start + _CHUNK]).update(
            stale=True
        )


def refresh_journey_activity(journey_ids: Iterable[int], now: datetime | None = None) -> int:
    """Recompute the summaries of ``journey_ids`` from their interactions; return rows written.

    Call it after deleting or changing interactions (a privacy erase, a merge, a correction)
    in the same transaction. Cheap: one indexed read per 500 journeys.
    """
    ids = sorted({int(pk) for pk in journey_ids if pk is not None})
    now = now or timezone.now()
    half_life_s = queue_half_life() * DAY_SECONDS
    cutoff = _cutoff(now)
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), _CHUNK):
            written += _recompute(ids[start : start + _CHUNK], now, half_life_s, cutoff)
    return written


def _recompute(ids: list[int], now: datetime, half_life_s: float, cutoff: float) -> int:
    since = datetime.fromtimestamp(cutoff, tz=UTC)
    rows = (
        Interaction.objects.filter(journey_id__in=ids, occurred_at__gte=since)
        .order_by()
        .values_list(*_ROW_COLUMNS)
        .iterator(chunk_size=20_000)
    )
    summaries = _summarise(rows, half_life_s, cutoff, {})
    ActivitySummary.objects.filter(journey_id__in=ids).delete()
    made = []
    for journey_id in sorted(summaries):
        summary = summaries[journey_id]
        summary.prune(cutoff)
        made.append(summary.fill(ActivitySummary(journey_id=journey_id), now))
    ActivitySummary.objects.bulk_create(made, batch_size=_CHUNK)
    return len(made)


def rebuild_activity_summaries(
    progress: Progress | None = None, now: datetime | None = None, *, chunk: int = 2_000
) -> int:
    """Recompute every journey's summary and mark the summaries ready; return rows written."""
    report = progress or (lambda step, done, total: None)
    now = now or timezone.now()
    half_life = queue_half_life()
    cutoff = _cutoff(now)
    ids = list(Journey.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    with transaction.atomic():
        ActivitySummary.objects.all().delete()
        report("activity summaries", 0, len(ids))
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            written += _recompute(part, now, half_life * DAY_SECONDS, cutoff)
            report("activity summaries", start + len(part), len(ids))
        ActivitySummaryState.objects.update_or_create(
            pk=1, defaults={"ready": True, "half_life_days": half_life, "rebuilt_at": now}
        )
    return written
