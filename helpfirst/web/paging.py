"""Cheap pagination for big tables: no ``COUNT(*)`` over the whole result, one extra row instead."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import QuerySet

COUNT_CAP = 1_000  # past this a list says "1,000+": counting further costs a full scan


@dataclass
class PageWindow:
    """One page of rows, and whether there are pages either side of it."""

    items: list[Any]
    number: int
    per_page: int
    has_next: bool
    total: int | None = None
    total_is_capped: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.items)

    @property
    def total_label(self) -> str:
        if self.total is None:
            return ""
        return f"{self.total:,}+" if self.total_is_capped else f"{self.total:,}"


def page_number(raw: str | None) -> int:
    """Read a page number from a query string, falling back to 1 for anything odd."""
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 100_000))


def slice_ids(queryset: QuerySet, number: int, per_page: int) -> tuple[list[int], bool]:
    """Return the primary keys on page ``number`` and whether a next page exists."""
    offset = (number - 1) * per_page
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + per_page + 1])
    return ids[:per_page], len(ids) > per_page


def slice_rows(queryset: QuerySet, number: int, per_page: int) -> tuple[list[Any], bool]:
    """Return the rows on page ``number`` and whether a next page exists."""
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return rows[:per_page], len(rows) > per_page


def count_upto(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """Count rows but stop at ``cap`` (a bounded ``COUNT`` over a ``LIMIT`` subquery)."""
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    return min(counted, cap), counted > cap


def sorted_window(
    queryset: QuerySet,
    ordering: tuple[str, ...],
    number: int,
    per_page: int,
    most: int = 5_000,
    cap: int = COUNT_CAP,
) -> tuple[list[int], bool, int, bool] | None:
    """Return page ``number``'s keys, whether a next page exists and the capped count, or None.

    For a narrow result (a search) one unordered scan reads at most ``most + 1`` rows' sort
    columns and Python sorts them, instead of walking an index in order and then counting in a
    second scan. ``ordering`` holds plain field names, ``-`` for descending, ending in a unique
    one. Only on SQLite, whose BINARY collation and NULLs-first order Python's sort reproduces
    exactly; elsewhere, or past ``most`` rows, it returns None and the caller asks the database.
    """
    if connections[queryset.db].vendor != "sqlite":
        return None
    fields = [name.lstrip("-") for name in ordering]
    rows = list(queryset.order_by().values_list("pk", *fields)[: most + 1])
    if len(rows) > most:
        return None
    for position in reversed(range(len(ordering))):  # stable sorts, least significant key first
        column = position + 1
        rows.sort(
            key=lambda row: (row[column] is not None, row[column]),
            reverse=ordering[position].startswith("-"),
        )
    offset = (number - 1) * per_page
    ids = [row[0] for row in rows[offset : offset + per_page]]
    return ids, len(rows) > offset + per_page, min(len(rows), cap), len(rows) > cap


def in_order(rows, ids: list[int]) -> list[Any]:
    """Return ``rows`` sorted in the order of ``ids`` (a second query loses the first's order)."""
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]
