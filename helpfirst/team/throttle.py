"""Counting requests per key and minute in the database, so every worker shares the count."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

from helpfirst.team.models import RateCounter

_TABLE = RateCounter._meta.db_table


def hit(key: str, minute: int) -> int:
    """Count one request for ``key`` in ``minute``; return the requests counted so far.

    One UPDATE … RETURNING in the common case (SQLite ≥ 3.35 and PostgreSQL both have it); the
    first request of a minute inserts the row and drops the key's older minutes.
    """
    key = key[:80]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_TABLE} SET hits = hits + 1 WHERE key = %s AND minute = %s RETURNING hits",  # noqa: S608 - table name is ours
            [key, minute],
        )
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    try:
        with transaction.atomic():
            RateCounter.objects.create(key=key, minute=minute, hits=1)
    except IntegrityError:  # another worker inserted it first
        return hit(key, minute)
    RateCounter.objects.filter(key=key, minute__lt=minute).delete()
    return 1
