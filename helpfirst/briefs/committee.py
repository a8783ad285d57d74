"""Read the buying committee: each seat's role, influence, stance, what matters, engagement.

The role lives on the seat (a contact can be champion on one journey and end user on another);
the contact's usual role is the fallback. Seats become the core's ``Stakeholder`` dataclasses so
coverage warnings and next actions read the same facts the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpfirst.briefs.events import contact_key, journey_interactions, to_events
from helpfirst.core.journey import contact_engagement
from helpfirst.core.next_action import CommitteeWarning, Stakeholder, committee_warnings
from helpfirst.core.vocabulary import STAKEHOLDER_ROLE_LABELS
from helpfirst.journeys.models import JourneyStakeholder

STANCE_TO_CORE = {"supporter": "supportive", "neutral": "neutral", "sceptic": "opposed"}
STANCES = ("supporter", "neutral", "sceptic")
INFLUENCE_BANDS = (("high", 4), ("medium", 3), ("low", 1))  # band, lowest 1-5 value in it


def influence_band(value: int | None) -> str | None:
    """Map influence 1-5 to the core's ``high``/``medium``/``low``."""
    if value is None:
        return None
    return next(band for band, floor in INFLUENCE_BANDS if value >= floor)


@dataclass
class SeatView:
    """One committee seat as the page, brief and API read it."""

    seat: JourneyStakeholder
    role: str
    last_engaged_at: datetime | None
    last_listened_at: datetime | None
    joined_at: datetime | None

    @property
    def contact(self):
        return self.seat.contact

    @property
    def key(self) -> str:
        return contact_key(self.seat.contact_id) or ""

    @property
    def role_label(self) -> str:
        return STAKEHOLDER_ROLE_LABELS.get(self.role, self.role)

    def stakeholder(self) -> Stakeholder:
        """Return the core's view of this seat."""
        contact = self.seat.contact
        return Stakeholder(
            contact_key=self.key,
            name=contact.name,
            stakeholder_role=self.role or "unknown",
            title=contact.title or None,
            influence=influence_band(self.seat.influence),
            stance=STANCE_TO_CORE.get(self.seat.stance),
            what_matters=contact.what_matters or None,
            last_engaged_at=self.last_engaged_at,
            last_listened_at=self.last_listened_at,
            joined_at=self.joined_at,
            may_contact=contact.may_contact,
        )

    def as_dict(self) -> dict:
        contact = self.seat.contact
        return {
            "seat_id": self.seat.pk,
            "contact_id": contact.pk,
            "name": contact.name,
            "title": contact.title,
            "stakeholder_role": self.role,
            "influence": self.seat.influence,
            "stance": self.seat.stance,
            "what_matters": contact.what_matters,
            "may_contact": contact.may_contact,
            "last_engaged_at": _iso(self.last_engaged_at),
            "last_listened_at": _iso(self.last_listened_at),
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class CommitteeView:
    """The whole committee: seats, coverage warnings and the influence × stance map."""

    seats: list[SeatView]
    warnings: list[CommitteeWarning]

    def stakeholders(self) -> tuple[Stakeholder, ...]:
        return tuple(s.stakeholder() for s in self.seats)

    def grid(self) -> list[dict]:
        """Return map rows (influence high → low) × columns (supporter, neutral, sceptic)."""
        rows = []
        for band, _ in INFLUENCE_BANDS:
            cells = []
            for stance in STANCES:
                people = [
                    s
                    for s in self.seats
                    if influence_band(s.seat.influence) == band and s.seat.stance == stance
                ]
                cells.append({"stance": stance, "seats": people})
            rows.append({"influence": band, "cells": cells})
        return rows

    def warned_keys(self) -> set[str]:
        return {key for w in self.warnings for key in w.contact_keys}


def committee_view(journey, now: datetime, *, rows=None) -> CommitteeView:
    """Return the journey's committee with engagement from its interactions, and warnings."""
    seats = list(
        JourneyStakeholder.objects.filter(journey=journey)
        .select_related("contact")
        .order_by("-influence", "contact__last_name", "contact__first_name", "pk")
    )
    rows = journey_interactions(journey) if rows is None else rows
    engagement = contact_engagement(to_events(rows))
    first_seen: dict[str, datetime] = {}
    for row in rows:
        key = contact_key(row.contact_id)
        if key and (key not in first_seen or row.occurred_at < first_seen[key]):
            first_seen[key] = row.occurred_at
    views = []
    for seat in seats:
        key = contact_key(seat.contact_id) or ""
        person = engagement.get(key)
        views.append(
            SeatView(
                seat=seat,
                role=seat.stakeholder_role or seat.contact.stakeholder_role or "unknown",
                last_engaged_at=person.last_engaged_at if person else None,
                last_listened_at=person.last_answered_at if person else None,
                joined_at=first_seen.get(key),
            )
        )
    stakeholders = tuple(v.stakeholder() for v in views)
    warnings = committee_warnings(stakeholders, now, buying_stage=journey.buying_stage)
    return CommitteeView(views, warnings)
