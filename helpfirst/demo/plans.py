"""Give the demo's late-stage journeys a buying committee and a mutual action plan.

Journeys in evaluating or deciding get seats (role, influence, stance) for their account's
contacts and a plan started weeks ago, so some steps are done, some slipped and one has no
owner. Running it again changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from helpfirst.journeys.models import Journey, JourneyStakeholder
from helpfirst.plans.models import ActionPlan, OwnerSide, StepStatus
from helpfirst.plans.services import start_plan

MAX_JOURNEYS = 40
MAX_SEATS = 5
STAGE_AGE_DAYS = {"evaluating": 30, "deciding": 45}
INFLUENCE_BY_ROLE = {
    "economic_buyer": 5,
    "champion": 4,
    "blocker": 4,
    "technical_evaluator": 3,
    "influencer": 3,
    "end_user": 2,
}


@dataclass
class DemoPlansSummary:
    """How many plans and seats the seeding added (zero on a second run)."""

    plans: int = 0
    seats: int = 0
    slipped_steps: int = 0


def seed_demo_plans(team, *, seed: int = 7, now: datetime | None = None) -> DemoPlansSummary:
    """Seed committees and plans for the team's evaluating/deciding journeys (idempotent)."""
    now = now or timezone.now()
    rng = random.Random(seed)
    summary = DemoPlansSummary()
    journeys = (
        Journey.objects.filter(team=team, buying_stage__in=list(STAGE_AGE_DAYS))
        .select_related("account", "owner")
        .order_by("pk")[:MAX_JOURNEYS]
    )
    for journey in journeys:
        with transaction.atomic():
            summary.seats += _seat_committee(journey, rng)
            if ActionPlan.objects.filter(journey=journey).exists():
                continue
            started = now.date() - timedelta(days=STAGE_AGE_DAYS[journey.buying_stage])
            plan = start_plan(journey, deal_type="new_purchase", today=started)
            summary.plans += 1
            summary.slipped_steps += _progress(plan, journey, now, rng)
    return summary


def _seat_committee(journey, rng: random.Random) -> int:
    seated = set(journey.committee.values_list("contact_id", flat=True))
    if seated:
        return 0
    added = 0
    for contact in journey.account.contacts.order_by("pk")[:MAX_SEATS]:
        role = contact.stakeholder_role or "unknown"
        stance = (
            "sceptic"
            if role == "blocker"
            else rng.choice(("supporter", "supporter", "neutral", "neutral", "sceptic"))
        )
        JourneyStakeholder.objects.create(
            journey=journey,
            contact=contact,
            influence=INFLUENCE_BY_ROLE.get(role, rng.randint(1, 3)),
            stance=stance,
        )
        added += 1
    return added


def _progress(plan, journey, now: datetime, rng: random.Random) -> int:
    """Mark early steps done, leave a few late ones slipped, and one step without an owner."""
    today = now.date()
    steps = list(plan.steps.order_by("position"))
    contacts = list(journey.account.contacts.order_by("pk")[:3])
    slipped = 0
    unassigned_done = False
    for index, step in enumerate(steps):
        if step.due_on and step.due_on < today - timedelta(days=10) and rng.random() < 0.75:
            step.status = StepStatus.DONE
        elif step.due_on and step.due_on < today:
            slipped += 1
            step.internal_note = "Champion says legal is slow this quarter."
        if step.owner_side == OwnerSide.BUYER and contacts:
            step.owner_contact = contacts[index % len(contacts)]
        if not unassigned_done and index >= len(steps) - 3 and step.status != StepStatus.DONE:
            step.owner_side, step.owner_contact, step.owner_user = OwnerSide.UNASSIGNED, None, None
            unassigned_done = True
        step.save()
    return slipped
