"""Reads by long lists of primary keys, a few thousand at a time.

A big book asks about tens of thousands of journeys or contacts at once; one ``IN`` list that
long would pass SQLite's limit on query parameters, so the keys go in chunks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from helpfirst.accounts.models import Contact

CHUNK = 5_000


def in_chunks(pks: Sequence[int]) -> Iterator[Sequence[int]]:
    """Yield ``pks`` a chunk at a time."""
    for start in range(0, len(pks), CHUNK):
        yield pks[start : start + CHUNK]


def contact_values(pks: Sequence[int], field: str) -> dict[int, Any]:
    """Return ``{contact id: field}`` for the contacts among ``pks`` (missing ones left out)."""
    found: dict[int, Any] = {}
    for part in in_chunks(pks):
        found.update(Contact.objects.filter(pk__in=part).values_list("pk", field))
    return found


def raw_rows(query: QuerySet) -> list[tuple]:
    """Run a ``values_list`` queryset's SQL and return the plain rows (no Django converters)."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
