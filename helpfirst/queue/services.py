"""Writes behind the help queue: log a touch, snooze, mark not a fit, answer a stage suggestion.

The system never moves a journey on its own: a stage only changes when the rep accepts or
overrides a suggestion, and every answer is recorded with who, when, why and the evidence.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.core.journey import StageSuggestion
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, StageChange
from helpfirst.journeys.services import change_buying_stage
from helpfirst.queue.models import Snooze, StageSuggestionDecision, SuggestionDecision

# What a rep can log from the queue: (label, kind, extra properties).
TOUCH_CHOICES: dict[str, tuple[str, str, dict]] = {
    "email_sent": ("E-mail sent", "email_sent", {}),
    "call_connected": ("Call: we spoke", "call", {"connected": True}),
    "call_no_answer": ("Call: no answer", "call", {"connected": False}),
    "meeting": ("Meeting", "meeting", {}),
    "note": ("Note only (not a touch)", "note", {}),
}
TOUCH_INTENTS = ("gave", "asked", "neutral")


@transaction.atomic
def log_touch(
    journey: Journey,
    *,
    by,
    touch: str,
    note: str = "",
    intent: str = "neutral",
    now: datetime | None = None,
) -> Interaction:
    """Record one touch of ours on ``journey`` as an interaction (source "helpfirst")."""
    if touch not in TOUCH_CHOICES:
        raise DataValidationError(
            f"Unknown touch {touch!r}; use one of: {', '.join(TOUCH_CHOICES)}.", field="touch"
        )
    if intent not in TOUCH_INTENTS:
        raise DataValidationError(
            f"Unknown intent {intent!r}; use 'gave', 'asked' or 'neutral'.", field="intent"
        )
    label, kind, extra = TOUCH_CHOICES[touch]
    now = now or timezone.now()
    note = (note or "").strip()
    interaction = Interaction.objects.create(
        team_id=journey.team_id,
        account_id=journey.account_id,
        journey=journey,
        kind=kind,
        occurred_at=now,
        subject=(note or label)[:500],
        source="helpfirst",
        external_id=f"queue-touch-{uuid.uuid4().hex}",
        properties={**extra, "touch_intent": intent, "logged_by": by.pk, "note": note},
    )
    Journey.objects.filter(pk=journey.pk).update(updated_at=now)
    return interaction


def snooze(
    journey: Journey,
    *,
    by,
    until: datetime,
    reason: str = "",
    now: datetime | None = None,
) -> Snooze:
    """Hide ``journey`` from the help queue until ``until`` (which must lie in the future)."""
    now = now or timezone.now()
    if until.tzinfo is None:
        raise DataValidationError("until must be timezone-aware.", field="until")
    if until <= now:
        raise DataValidationError("Snooze until a moment in the future.", field="until")
    return Snooze.objects.create(
        journey=journey, until=until, by=by, reason=(reason or "").strip()[:300], created_at=now
    )


def mark_not_a_fit(
    journey: Journey,
    *,
    by,
    reason: str,
    referred_to: str = "",
    recheck_on: date | None = None,
) -> StageChange:
    """End ``journey`` as "not a fit", saying why (and, kindly, who might help them instead)."""
    return change_buying_stage(
        journey,
        vocabulary.BuyingStage.NOT_A_FIT,
        changed_by=by,
        reason=reason,
        referred_to=referred_to,
        recheck_on=recheck_on,
    )


def _check_suggestion(journey: Journey, suggestion: StageSuggestion) -> None:
    if suggestion.current_stage != journey.buying_stage:
        raise DataValidationError(
            "The journey's stage changed since this suggestion; look at it again.",
            field="suggested_stage",
        )


def _record(journey, suggestion, decision, chosen, by, note) -> StageSuggestionDecision:
    return StageSuggestionDecision.objects.create(
        journey=journey,
        current_stage=journey.buying_stage,
        suggested_stage=suggestion.stage,
        decision=decision,
        chosen_stage=chosen,
        confidence=round(suggestion.confidence, 4),
        evidence=list(suggestion.evidence),
        note=(note or "").strip(),
        by=by,
        at=timezone.now(),
    )


@transaction.atomic
def accept_stage_suggestion(
    journey: Journey, suggestion: StageSuggestion, *, by, note: str = ""
) -> StageSuggestionDecision:
    """Move ``journey`` to the suggested stage because the rep agreed, quoting the evidence."""
    _check_suggestion(journey, suggestion)
    if not suggestion.differs_from_current:
        raise DataValidationError(
            "The suggestion is the journey's current stage; nothing to accept.",
            field="suggested_stage",
        )
    decision = _record(journey, suggestion, SuggestionDecision.ACCEPTED, suggestion.stage, by, note)
    evidence = "; ".join(suggestion.evidence) or "no evidence listed"
    reason = f"Accepted the suggested stage ({evidence})."
    if note.strip():
        reason = f"{reason} {note.strip()}"
    change_buying_stage(journey, suggestion.stage, changed_by=by, reason=reason)
    return decision


@transaction.atomic
def override_stage_suggestion(
    journey: Journey,
    suggestion: StageSuggestion,
    *,
    by,
    chosen_stage: str,
    note: str = "",
) -> StageSuggestionDecision:
    """Answer a suggestion with the rep's own stage; choosing the current one keeps it.

    Exits are not offered here: ending a journey goes through its own flow with a reason.
    """
    _check_suggestion(journey, suggestion)
    if chosen_stage not in vocabulary.OPEN_STAGES:
        raise DataValidationError(
            f"Choose one of the buyer's open stages, not {chosen_stage!r}; end a journey "
            "from its stage panel.",
            field="chosen_stage",
        )
    if chosen_stage == journey.buying_stage:
        return _record(journey, suggestion, SuggestionDecision.DISMISSED, chosen_stage, by, note)
    decision = _record(journey, suggestion, SuggestionDecision.OVERRIDDEN, chosen_stage, by, note)
    reason = (
        f"Chose {vocabulary.stage_label(chosen_stage)} over the suggested "
        f"{vocabulary.stage_label(suggestion.stage)}."
    )
    if note.strip():
        reason = f"{reason} {note.strip()}"
    change_buying_stage(journey, chosen_stage, changed_by=by, reason=reason)
    return decision


def keep_current_stage(
    journey: Journey, suggestion: StageSuggestion, *, by, note: str = ""
) -> StageSuggestionDecision:
    """Record that the rep keeps the current stage despite the suggestion (no stage change)."""
    return override_stage_suggestion(
        journey, suggestion, by=by, chosen_stage=journey.buying_stage, note=note
    )
