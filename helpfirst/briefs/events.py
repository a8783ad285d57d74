"""Turn a journey's interaction rows into the analytics' ``InteractionEvent`` objects."""

from __future__ import annotations

from helpfirst.core.errors import DataValidationError
from helpfirst.core.journey import InteractionEvent
from helpfirst.interactions.models import Interaction

MAX_EVENTS = 5000


def contact_key(contact_id: int | None) -> str | None:
    """Return the key the core uses for a contact (``"c<id>"``)."""
    return None if contact_id is None else f"c{contact_id}"


def journey_interactions(journey, limit: int = MAX_EVENTS) -> list[Interaction]:
    """Return the journey's interactions, newest first (bounded, so huge journeys stay fast)."""
    return list(
        Interaction.objects.filter(journey=journey)
        .select_related("contact")
        .order_by("-occurred_at", "-id")[:limit]
    )


def to_events(rows: list[Interaction]) -> tuple[InteractionEvent, ...]:
    """Convert rows to events; a row with an unusable value is skipped, never fatal."""
    events = []
    for row in rows:
        try:
            events.append(
                InteractionEvent(
                    occurred_at=row.occurred_at,
                    kind=row.kind,
                    page_type=row.page_type or None,
                    contact_key=contact_key(row.contact_id),
                    properties=row.properties if isinstance(row.properties, dict) else {},
                )
            )
        except DataValidationError:
            continue
    return tuple(events)
