"""Field types shared by the API schemas (bounded so no value can overflow a database column)."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Path

MAX_ID = 2**53 - 1
MAX_COUNT = 2_000_000_000

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


def as_utc(moment):
    """Return an API-given datetime in UTC (naive ones are taken as UTC), clamped to the
    representable range, so any offset a client sends is safe to compare in every database."""
    from datetime import UTC, datetime

    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        if moment.year < 2:
            return datetime.min.replace(tzinfo=UTC)
        return datetime.max.replace(tzinfo=UTC)
