"""API pagination with bounded limit and offset (no value can overflow the database)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 100_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit/offset pagination: ``limit`` 1–1000 (default 100), ``offset`` 0–100,000,000."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
