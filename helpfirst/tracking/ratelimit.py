"""A small fixed-window rate limiter for the public collect endpoint, kept in the database.

Counters live in ``RateWindow`` rows (one per key and minute), so every gunicorn worker and
every server behind a load balancer shares them. One ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` statement counts a request and reads the new count (SQLite ≥ 3.35, PostgreSQL);
it runs in its own short transaction so a busy site's counter row is locked only for that
statement. The first request of a new window deletes the key's older windows.

Limits (per minute): ``TrackedSite.events_per_minute`` per site key (default 3,000) and
``HELPFIRST_TRACKING_IP_LIMIT`` per client address (default 300). Addresses are counted under a
keyed hash, never stored raw.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection, transaction

from helpfirst.tracking.models import RateWindow

WINDOW_SECONDS = 60

_TABLE = RateWindow._meta.db_table


@dataclass(frozen=True)
class Verdict:
    """Whether a request may go on, and when to retry when it may not."""

    allowed: bool
    count: int
    limit: int
    retry_after: int


def hit(key: str, limit: int, *, now: float | None = None) -> Verdict:
    """Count one request under ``key``; say whether it stays within ``limit`` per window."""
    return hit_all([(key, limit)], now=now)


def hit_all(limits: list[tuple[str, int]], *, now: float | None = None) -> Verdict:
    """Count one request under every ``(key, limit)`` in one short transaction.

    Every key is counted (so a client over one limit keeps being counted on the others); the
    verdict is the first limit exceeded, or an allowing verdict for the last key.
    """
    moment = time.time() if now is None else now
    period = int(moment) // WINDOW_SECONDS
    retry = WINDOW_SECONDS - int(moment) % WINDOW_SECONDS
    q = connection.ops.quote_name
    table, k, p, c = q(_TABLE), q("key"), q("period"), q("count")
    counts = []
    with transaction.atomic(), connection.cursor() as cursor:
        for key, limit in limits:
            cursor.execute(
                f"INSERT INTO {table} ({k}, {p}, {c}) VALUES (%s, %s, 1) "  # noqa: S608
                f"ON CONFLICT ({k}, {p}) DO UPDATE SET {c} = {table}.{c} + 1 RETURNING {c}",
                [key, period],
            )
            count = cursor.fetchone()[0]
            if count == 1:
                cursor.execute(
                    f"DELETE FROM {table} WHERE {k} = %s AND {p} < %s",  # noqa: S608
                    [key, period],
                )
            counts.append((count, limit))
    over = [(count, limit) for count, limit in counts if count > limit]
    count, limit = over[0] if over else counts[-1]
    return Verdict(not over, count, limit, retry)
