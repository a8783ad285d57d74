"""Timeline rows read as plain values: what a timeline shows, without building model objects.

A page of 25 touches with their contact and journey builds 75 model instances; reading the same
columns with ``values_list`` into these small classes costs about half the Python work. They
answer to what ``helpfirst_rows.timeline_rows`` reads from an ``Interaction`` loaded with
``.only(...)`` minus its ``properties`` (so, like such an instance, they report ``properties`` as
deferred: an open is labelled unreliable and a meeting's call link is not looked up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse

DEFERRED = frozenset({"properties"})
_COLUMNS = (
    "pk", "kind", "occurred_at", "page_type", "url", "subject",
    "contact_id", "contact__first_name", "contact__last_name", "contact__email",
    "journey_id", "journey__title",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TouchContact:
    """The contact of a touch, as far as a timeline names them."""

    pk: int
    first_name: str
    last_name: str
    email: str

    @property
    def name(self) -> str:  # as Contact.name
        return f"{self.first_name} {self.last_name}".strip() or self.email or f"Contact {self.pk}"


@dataclass(frozen=True, slots=True)
class TouchJourney:
    """The journey of a touch: its title and page."""

    pk: int
    title: str

    def get_absolute_url(self) -> str:  # as Journey.get_absolute_url
        return reverse("journey-detail", args=[self.pk])


@dataclass(frozen=True, slots=True)
class TimelineTouch:
    """One interaction as a timeline shows it."""

    pk: int
    kind: str
    occurred_at: datetime
    page_type: str
    url: str
    subject: str
    contact: TouchContact | None
    journey: TouchJourney | None

    def get_deferred_fields(self) -> frozenset[str]:
        return DEFERRED


def timeline_window(interactions: QuerySet, offset: int, limit: int) -> list[TimelineTouch]:
    """Return ``limit`` touches from ``offset`` of an ordered interaction queryset."""
    rows = interactions.values_list(*_COLUMNS)[offset : offset + limit]
    return [
        TimelineTouch(
            pk=pk,
            kind=kind,
            occurred_at=occurred_at,
            page_type=page_type,
            url=url,
            subject=subject,
            contact=TouchContact(contact_id, first or "", last or "", email or "")
            if contact_id is not None
            else None,
            journey=TouchJourney(journey_id, title) if journey_id is not None else None,
        )
        for (
            pk, kind, occurred_at, page_type, url, subject,
            contact_id, first, last, email, journey_id, title,
        ) in rows
    ]  # fmt: skip
