"""Writes: the business case, the success plan, its milestones and value checkpoints, and fit
at decision time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from helpfirst.core.business_case import BusinessCase as CaseInputs
from helpfirst.core.errors import DataValidationError
from helpfirst.journeys.models import Journey, StageChange
from helpfirst.success.models import (
    BusinessCase,
    FitAtDecision,
    Milestone,
    SuccessPlan,
    ValueCheckpoint,
)

# The usual first steps after a purchase: (name, days after the start).
DEFAULT_MILESTONES: tuple[tuple[str, int], ...] = (
    ("Kick-off with the sponsor and the team", 10),
    ("Data connected and checked together", 35),
    ("First team working with it every week", 60),
    ("First value review against the business case", 90),
)


def save_business_case(journey: Journey, inputs: Mapping[str, Any], *, by) -> BusinessCase:
    """Validate the inputs with the core and store them (normalised) on the journey's case.

    Raises ``DataValidationError`` naming the field when the case is not usable.
    """
    try:
        case = CaseInputs.from_dict(inputs)
    except TypeError as error:
        raise DataValidationError(f"the business case has a field of the wrong type: {error}",
                                  field="business_case") from None
    now = timezone.now()
    stored, created = BusinessCase.objects.get_or_create(
        journey=journey,
        defaults={"team_id": journey.team_id, "inputs": case.as_dict(), "created_by": by,
                  "updated_by": by, "created_at": now, "updated_at": now},
    )
    if not created:
        stored.inputs = case.as_dict()
        stored.updated_by = by
        stored.updated_at = now
        stored.save(update_fields=["inputs", "updated_by", "updated_at"])
    return stored


def sale_date(journey: Journey) -> date:
    """Return the day the journey was won: its first move into implementing (or later)."""
    change = (
        StageChange.objects.filter(
            journey=journey, to_stage__in=("implementing", "realising_value", "expanding")
        )
        .order_by("changed_at", "id")
        .first()
    )
    moment = change.changed_at if change else journey.stage_changed_at
    return timezone.localdate(moment)


@transaction.atomic
def start_success_plan(
    journey: Journey, *, started_on: date | None = None, with_default_milestones: bool = True,
    source: str = "helpfirst",
) -> SuccessPlan:
    """Return the journey's success plan, creating it (with the usual milestones) if needed."""
    existing = SuccessPlan.objects.filter(journey=journey).first()
    if existing:
        return existing
    start = started_on or sale_date(journey)
    plan = SuccessPlan.objects.create(team_id=journey.team_id, journey=journey, started_on=start,
                                      source=source)
    if with_default_milestones:
        owner = journey.owner.display_name
        Milestone.objects.bulk_create(
            Milestone(plan=plan, name=name, owner_name=owner, due=start + timedelta(days=days))
            for name, days in DEFAULT_MILESTONES
        )
    return plan


def add_milestone(plan: SuccessPlan, *, name: str, owner_name: str, due: date,
                  done_on: date | None = None) -> Milestone:
    """Add a milestone; it needs a name and an owner (a milestone nobody owns slips)."""
    if not name.strip():
        raise DataValidationError("needs a name", field="name")
    if not owner_name.strip():
        raise DataValidationError("needs an owner: a milestone nobody owns slips",
                                  field="owner_name")
    return Milestone.objects.create(plan=plan, name=name.strip(), owner_name=owner_name.strip(),
                                    due=due, done_on=done_on)


def complete_milestone(milestone: Milestone, done_on: date | None = None) -> Milestone:
    """Mark a milestone done (today unless told)."""
    milestone.done_on = done_on or timezone.localdate()
    milestone.save(update_fields=["done_on"])
    return milestone


def record_value_checkpoint(
    plan: SuccessPlan, *, measured_on: date, realised_benefit: Decimal | float, label: str = "",
    note: str = "", by=None,
) -> ValueCheckpoint:
    """Store the benefit realised so far, measured with the customer on ``measured_on``."""
    if measured_on < plan.started_on:
        raise DataValidationError("cannot be before the purchase", field="measured_on")
    amount = Decimal(str(realised_benefit))
    if amount < 0:
        raise DataValidationError("cannot be negative", field="realised_benefit")
    return ValueCheckpoint.objects.create(
        plan=plan, measured_on=measured_on, realised_benefit=amount, label=label.strip(),
        note=note.strip(), recorded_by=by,
    )


def update_customer_voice(plan: SuccessPlan, *, sentiment: float | None,
                          reference_consent: bool, noted_on: date | None = None) -> SuccessPlan:
    """Record how the customer feels (-1 to 1) and whether they agreed to be a reference."""
    if sentiment is not None and not -1 <= sentiment <= 1:
        raise DataValidationError("must be between -1 and 1", field="sentiment")
    plan.sentiment = sentiment
    plan.sentiment_noted_on = (noted_on or timezone.localdate()) if sentiment is not None else None
    plan.reference_consent = reference_consent
    plan.updated_at = timezone.now()
    plan.save(update_fields=["sentiment", "sentiment_noted_on", "reference_consent",
                             "updated_at"])
    return plan


def record_fit_at_decision(
    journey: Journey, *, outcome: str, decided_at: datetime, fit_verdict: str = "",
    fit_score: float | None = None,
) -> FitAtDecision:
    """Keep the fit verdict held when the buyer decided; a later call never overwrites it."""
    record, _ = FitAtDecision.objects.get_or_create(
        journey=journey,
        defaults={"team_id": journey.team_id, "outcome": outcome, "decided_at": decided_at,
                  "fit_verdict": fit_verdict.strip(), "fit_score": fit_score},
    )
    return record
