"""Keep the fit verdict held when the buyer decided (see ``success.FitAtDecision``)."""

from __future__ import annotations

from django.db.models.signals import post_save

from helpfirst.core import vocabulary
from helpfirst.journeys.models import StageChange

# Moves that mean the buyer decided: bought (a customer stage from before the sale), or decided
# against (an alternative, no decision) or we both agreed it is not a fit.
DECIDED_AGAINST = frozenset({"chose_alternative", "no_decision", "not_a_fit"})


def record_verdict_at_decision(sender, instance: StageChange, created: bool, **kwargs) -> None:
    """Record the latest fit verdict when a journey moves from before the sale to a decision."""
    if not created or kwargs.get("raw"):
        return
    bought = instance.to_stage in vocabulary.CUSTOMER_STAGES
    if not bought and instance.to_stage not in DECIDED_AGAINST:
        return
    if instance.from_stage and instance.from_stage not in vocabulary.PRE_SALE_STAGES:
        return
    from helpfirst.fit.models import FitRecord
    from helpfirst.success.services import record_fit_at_decision

    journey = instance.journey
    latest = FitRecord.objects.filter(journey_id=journey.pk, is_latest=True).first()
    if latest is None:
        latest = _assess_now(journey)
    if latest is None:
        return  # nothing to keep: leave the record to whoever assesses it later
    record_fit_at_decision(
        journey,
        outcome=instance.to_stage,
        decided_at=instance.changed_at,
        fit_verdict=latest.verdict,
        fit_score=float(latest.score),
    )


def _assess_now(journey):
    """Assess a journey that was never assessed, so the decision keeps a real verdict."""
    from helpfirst.core.errors import HelpfirstError
    from helpfirst.fit.services import assess_journey
    from helpfirst.playbook.services import playbook_spec_for

    spec = playbook_spec_for(journey.team)
    if not spec.problems:
        return None
    try:
        return assess_journey(journey, playbook=spec)
    except HelpfirstError:
        return None


def connect() -> None:
    """Connect the receivers (called once from ``FitConfig.ready``)."""
    post_save.connect(
        record_verdict_at_decision, sender=StageChange, dispatch_uid="fit-verdict-at-decision"
    )
