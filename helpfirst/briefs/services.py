"""Writes for the buying committee: seat a contact, change their seat, unseat them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from helpfirst.briefs.committee import STANCES
from helpfirst.core.errors import DataValidationError
from helpfirst.core.vocabulary import StakeholderRole
from helpfirst.journeys.models import JourneyStakeholder

ROLES = frozenset(StakeholderRole)


def _check(role: str | None, influence: int | None, stance: str | None) -> None:
    if role is not None and role != "" and role not in ROLES:
        raise DataValidationError(
            f"Unknown stakeholder role {role!r}; use one of: {', '.join(sorted(ROLES))}.",
            field="stakeholder_role",
        )
    if influence is not None and not 1 <= influence <= 5:
        raise DataValidationError("Influence runs from 1 (low) to 5 (high).", field="influence")
    if stance is not None and stance not in STANCES:
        raise DataValidationError(f"Stance must be one of: {', '.join(STANCES)}.", field="stance")


def seat_contact(
    journey,
    contact,
    *,
    stakeholder_role: str = "",
    influence: int = 3,
    stance: str = "neutral",
    what_matters: str | None = None,
) -> JourneyStakeholder:
    """Add a contact of the journey's account to its committee, with their role in this journey."""
    if contact.account_id != journey.account_id:
        raise DataValidationError(
            "Only people at this journey's account can sit on its committee.", field="contact"
        )
    _check(stakeholder_role, influence, stance)
    try:
        with transaction.atomic():
            seat = JourneyStakeholder.objects.create(
                journey=journey,
                contact=contact,
                stakeholder_role=stakeholder_role,
                influence=influence,
                stance=stance,
            )
    except IntegrityError as error:
        raise DataValidationError(
            f"{contact.name} is already on this committee; edit their seat instead.",
            field="contact",
        ) from error
    if what_matters is not None:
        _save_what_matters(contact, what_matters)
    return seat


def update_seat(
    seat: JourneyStakeholder,
    *,
    stakeholder_role: str | None = None,
    influence: int | None = None,
    stance: str | None = None,
    what_matters: str | None = None,
) -> JourneyStakeholder:
    """Change a seat; the role changes for this journey only, never the contact's others."""
    _check(stakeholder_role, influence, stance)
    if stakeholder_role is not None:
        seat.stakeholder_role = stakeholder_role
    if influence is not None:
        seat.influence = influence
    if stance is not None:
        seat.stance = stance
    seat.save()
    if what_matters is not None:
        _save_what_matters(seat.contact, what_matters)
    return seat


def unseat(seat: JourneyStakeholder) -> None:
    """Remove a contact from this journey's committee (the contact itself stays)."""
    seat.delete()


def _save_what_matters(contact, text: str) -> None:
    text = text.strip()
    if text != contact.what_matters:
        contact.what_matters = text
        contact.updated_at = timezone.now()
        contact.save(update_fields=["what_matters", "updated_at"])
