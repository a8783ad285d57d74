"""Build small interaction tables (Arrow) for the feature tests, the way the sources read them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa

from helpfirst.core.features.sources import DB_SCHEMA
from helpfirst.core.journey import InteractionEvent

NOW = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """One interaction: which journey, what, when (hours before NOW), who, and its properties."""

    journey_id: int | None
    kind: str
    hours_ago: float
    page_type: str = ""
    contact_id: int | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    account_id: int = 1

    @property
    def occurred_at(self) -> datetime:
        return NOW - timedelta(seconds=round(self.hours_ago * 3600))

    def event(self) -> InteractionEvent:
        """Return the event the per-journey analytics would read for this row."""
        return InteractionEvent(
            occurred_at=self.occurred_at,
            kind=self.kind,
            page_type=self.page_type or None,
            contact_key=None if self.contact_id is None else str(self.contact_id),
            properties=self.properties,
        )


def interactions_table(rows: list[Row], first_id: int = 1) -> pa.Table:
    """Return ``rows`` as an Arrow table shaped like the database source."""
    return pa.table(
        {
            "interaction_id": list(range(first_id, first_id + len(rows))),
            "account_id": [r.account_id for r in rows],
            "contact_id": [r.contact_id for r in rows],
            "journey_id": [r.journey_id for r in rows],
            "kind": [r.kind for r in rows],
            "page_type": [r.page_type for r in rows],
            "occurred_at": [r.occurred_at for r in rows],
            "properties": [json.dumps(r.properties) for r in rows],
        },
        schema=DB_SCHEMA,
    )
