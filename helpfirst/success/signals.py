"""Read a customer's adoption signals from their interactions: usage trend and support tickets.

Product-usage interactions carry ``properties.active_users`` (one event counts as one user when
it does not); support tickets carry ``properties.status`` ("open" or "solved").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from helpfirst.interactions.models import Interaction

USAGE_WEEKS = 8
RECENT_TICKET_DAYS = 30
OPEN_TICKET_DAYS = 14
CLOSED_STATES = frozenset({"solved", "closed", "resolved"})


@dataclass(frozen=True)
class UsageSignals:
    """What the interactions say about one customer up to a moment."""

    weekly_active_users: tuple[float, ...]
    usage_trend: float | None
    open_tickets: int
    recent_tickets: int


def _active_users(properties: dict) -> float:
    value = (properties or {}).get("active_users")
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return 1.0


def _is_open(properties: dict, occurred_at: datetime, as_of: datetime) -> bool:
    status = str((properties or {}).get("status", "")).lower()
    if status:
        return status not in CLOSED_STATES
    return as_of - occurred_at <= timedelta(days=OPEN_TICKET_DAYS)


def usage_signals(
    journey_ids: Iterable[int], as_of: dict[int, datetime]
) -> dict[int, UsageSignals]:
    """Return the usage and ticket signals of each journey, each up to its own ``as_of``.

    Weekly active users are summed over the ``USAGE_WEEKS`` weeks before ``as_of``; the trend
    compares the second half of those weeks with the first (``None`` without any usage).
    """
    from helpfirst.core.success import usage_trend  # loads scikit-learn: only when needed

    ids = [i for i in journey_ids if i in as_of]
    if not ids:
        return {}
    earliest = min(as_of[i] for i in ids) - timedelta(weeks=USAGE_WEEKS)
    rows = (
        Interaction.objects.filter(journey_id__in=ids, kind__in=("product_usage", "support_ticket"),
                                   occurred_at__gte=earliest)
        .values_list("journey_id", "kind", "occurred_at", "properties")
        .order_by()
    )
    weeks: dict[int, list[float]] = {i: [0.0] * USAGE_WEEKS for i in ids}
    seen_usage: set[int] = set()
    open_tickets: dict[int, int] = defaultdict(int)
    recent: dict[int, int] = defaultdict(int)
    for journey_id, kind, occurred_at, properties in rows.iterator(chunk_size=2000):
        moment = as_of[journey_id]
        if occurred_at > moment:
            continue
        age = moment - occurred_at
        if kind == "product_usage":
            week = int(age / timedelta(weeks=1))
            if week < USAGE_WEEKS:
                weeks[journey_id][USAGE_WEEKS - 1 - week] += _active_users(properties)
                seen_usage.add(journey_id)
        else:
            if age <= timedelta(days=RECENT_TICKET_DAYS):
                recent[journey_id] += 1
            if _is_open(properties, occurred_at, moment):
                open_tickets[journey_id] += 1
    return {
        i: UsageSignals(
            weekly_active_users=tuple(weeks[i]),
            usage_trend=usage_trend(weeks[i]) if i in seen_usage else None,
            open_tickets=open_tickets[i],
            recent_tickets=recent[i],
        )
        for i in ids
    }
