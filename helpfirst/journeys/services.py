"""Writes to journeys: creation and stage moves, always with history."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.journeys.models import Journey, StageChange


@transaction.atomic
def change_buying_stage(
    journey: Journey,
    to_stage: str,
    *,
    changed_by,
    reason: str = "",
    referred_to: str = "",
    recheck_on: date | None = None,
) -> StageChange:
    """Move ``journey`` to ``to_stage`` and record who moved it, when and why.

    Exits need a reason; "not a fit" also keeps where we referred the buyer and when to re-check.
    """
    if to_stage not in vocabulary.BUYING_STAGE_LABELS:
        raise DataValidationError(f"Unknown buying stage {to_stage!r}.", field="to_stage")
    reason = (reason or "").strip()
    if vocabulary.is_exit(to_stage) and not reason:
        raise DataValidationError(
            "Say why the journey ends here: an exit needs a reason.", field="reason"
        )
    if to_stage == journey.buying_stage:
        raise DataValidationError(
            f"The journey is already at {vocabulary.stage_label(to_stage)!r}.", field="to_stage"
        )
    now = timezone.now()
    change = StageChange.objects.create(
        journey=journey,
        from_stage=journey.buying_stage,
        to_stage=to_stage,
        changed_by=changed_by,
        changed_at=now,
        reason=reason,
    )
    journey.buying_stage = to_stage
    journey.stage_changed_at = now
    journey.updated_at = now
    if vocabulary.is_exit(to_stage):
        journey.exit_reason = reason
        if referred_to:
            journey.referred_to = referred_to
        if recheck_on:
            journey.recheck_on = recheck_on
    else:
        journey.exit_reason = ""
    journey.save()
    return change


@transaction.atomic
def open_journey(*, account, owner, title: str, stated_needs: str = "", **fields) -> Journey:
    """Create a journey with the first entry of its stage history."""
    now = timezone.now()
    journey = Journey.objects.create(
        team=account.team,
        account=account,
        owner=owner,
        title=title,
        stated_needs=stated_needs,
        stage_changed_at=now,
        **fields,
    )
    StageChange.objects.create(
        journey=journey,
        from_stage="",
        to_stage=journey.buying_stage,
        changed_by=owner,
        changed_at=now,
        reason="Journey opened",
    )
    return journey
