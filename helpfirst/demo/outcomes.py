"""Add the after-the-outcome parts to the demo: debriefs, business cases and success plans.

Reads the demo already in the database and adds, idempotently (a second run adds nothing):

* a structured debrief for every past outcome that has a debrief note (the demo's notes carry
  what happened, how, why, what the buyer valued, what we'd do differently, and tags);
* a business case for every journey in deciding or later (won, churned), sized from the
  journey's expected value;
* a success plan for every won journey (and churned ones), with milestones, value checkpoints
  against the business case, and, for happy customers, sentiment and reference consent.

The business-case and value figures are synthetic demo numbers (seeded, so repeatable), marked
with ``source="demo"``; fit verdicts are not invented: journeys stay "not assessed".
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from helpfirst.core.business_case import BusinessCase as CaseInputs
from helpfirst.core.business_case import cumulative_benefit_at
from helpfirst.core.vocabulary import CUSTOMER_STAGES
from helpfirst.debriefs.models import Debrief, DebriefKind
from helpfirst.debriefs.services import normalise_reason_codes
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, StageChange
from helpfirst.playbook.models import Problem
from helpfirst.success.models import BusinessCase, Milestone, SuccessPlan, ValueCheckpoint
from helpfirst.success.problem_signs import problem_signs
from helpfirst.success.services import DEFAULT_MILESTONES

DEMO_SOURCE = "demo"
NOTE_OUTCOMES = {
    "won": "won", "not a fit": "not_a_fit", "chose alternative": "chose_alternative",
    "no decision": "no_decision", "churned": "churned",
}
CASE_STAGES = ("deciding", *sorted(CUSTOMER_STAGES), "churned")
WON_STAGES = (*sorted(CUSTOMER_STAGES), "churned")
# Realised share of the promised value, by how the customer is doing (low, high).
VALUE_SHARE = {"expanding": (0.95, 1.3), "realising_value": (0.8, 1.15),
               "implementing": (0.6, 1.0), "churned": (0.25, 0.65)}


def _rng(seed: int, journey_id: int, part: str) -> random.Random:
    return random.Random(f"{seed}:{part}:{journey_id}")


def _seed_debriefs(team, problems: list[Problem]) -> int:
    notes = (
        Interaction.objects.filter(team=team, kind="note", journey__isnull=False,
                                   subject__startswith="Debrief:")
        .select_related("journey").order_by("occurred_at", "pk")
    )
    done = set(Debrief.objects.filter(team=team, source=DEMO_SOURCE, kind=DebriefKind.OUTCOME)
               .values_list("journey_id", "outcome"))
    new = []
    for note in notes.iterator(chunk_size=500):
        outcome = NOTE_OUTCOMES.get(note.subject.split(":", 1)[1].strip().lower())
        answers = (note.properties or {}).get("debrief")
        if not outcome or not isinstance(answers, dict) or (note.journey_id, outcome) in done:
            continue
        done.add((note.journey_id, outcome))
        journey = note.journey
        signs = problem_signs(f"{journey.title}\n{journey.stated_needs}", problems)
        new.append(Debrief(
            team=team, journey=journey, author_id=journey.owner_id, kind=DebriefKind.OUTCOME,
            outcome=outcome, what_happened=str(answers.get("what_happened", "")),
            how=str(answers.get("how", "")), why=str(answers.get("why", "")),
            buyer_valued=str(answers.get("buyer_valued", "")),
            do_differently=str(answers.get("do_differently", "")),
            reason_codes=normalise_reason_codes([str(t) for t in answers.get("tags", [])]),
            problem_id=signs[0].problem_id if signs else None,
            source=DEMO_SOURCE, created_at=note.occurred_at,
        ))
    Debrief.objects.bulk_create(new, batch_size=500)
    return len(new)


def demo_case_inputs(journey: Journey, seed: int) -> dict:
    """Return synthetic, plausible business-case inputs sized from the journey's value."""
    rng = _rng(seed, journey.pk, "case")
    value = float(journey.expected_value or rng.randrange(20_000, 90_000, 1_000))
    lost_time = round(value * rng.uniform(2.2, 3.6), -2)
    errors = round(value * rng.uniform(0.6, 1.4), -2)
    expected = rng.choice((25, 30, 35))
    account = journey.account
    strategies = [
        line.strip(" -•") for line in f"{account.strategies}\n{account.priorities}".splitlines()
        if line.strip(" -•")
    ]
    inputs = {
        "title": journey.title,
        "currency": journey.currency or "EUR",
        "baseline": [
            {"name": "Hours lost to the problem", "annual_cost": lost_time,
             "note": "Their estimate: people × hours × loaded rate"},
            {"name": "Errors and rework", "annual_cost": errors, "note": "Last year's write-offs"},
        ],
        "improvements": [
            {"line": "Hours lost to the problem", "kind": "percent_reduction",
             "low": expected - 15, "expected": expected, "high": expected + 15},
            {"line": "Errors and rework", "kind": "percent_reduction",
             "low": 10, "expected": 20, "high": 35},
        ],
        "costs": [
            {"name": "Subscription", "recurring_per_year": round(value * 0.6, -2)},
            {"name": "Implementation and training", "one_off": round(value * 0.3, -2)},
        ],
        "horizon_months": 36, "discount_rate": 0.08, "period": "year", "ramp_up_months": 3,
        "strategies": strategies,
    }
    return CaseInputs.from_dict(inputs).as_dict()


def _won_dates(journey_ids: list[int]) -> dict[int, datetime]:
    return dict(
        StageChange.objects.filter(journey_id__in=journey_ids,
                                   to_stage__in=sorted(CUSTOMER_STAGES))
        .values("journey_id").annotate(first=Min("changed_at")).values_list("journey_id", "first")
    )


def _seed_plan(journey: Journey, case: CaseInputs | None, start: date, today: date,
               seed: int) -> tuple[SuccessPlan, list[Milestone], list[ValueCheckpoint]]:
    rng = _rng(seed, journey.pk, "plan")
    stage = journey.buying_stage
    end = timezone.localdate(journey.stage_changed_at) if stage == "churned" else today
    plan = SuccessPlan(team_id=journey.team_id, journey=journey, started_on=start,
                       source=DEMO_SOURCE)
    if stage == "expanding":
        plan.sentiment, plan.reference_consent = rng.choice((0.5, 1.0)), rng.random() < 0.7
    elif stage == "realising_value":
        plan.sentiment, plan.reference_consent = rng.choice((0.0, 0.5, 0.5)), rng.random() < 0.3
    elif stage == "churned":
        plan.sentiment = -0.5
    if plan.sentiment is not None:
        plan.sentiment_noted_on = min(end, today)
    milestones = []
    late_chance = 0.5 if stage == "churned" else 0.2
    for name, days in DEFAULT_MILESTONES:
        due = start + timedelta(days=days)
        done_on = None
        if due <= end and rng.random() > (0.3 if stage == "churned" else 0.08):
            slip = rng.randint(3, 25) if rng.random() < late_chance else -rng.randint(0, 4)
            done_on = min(due + timedelta(days=slip), end)
        milestones.append(Milestone(plan=plan, name=name, owner_name=journey.owner.display_name,
                                    due=due, done_on=done_on))
    checkpoints = []
    if case is not None:
        low, high = VALUE_SHARE.get(stage, (0.7, 1.0))
        month = 2
        while start + timedelta(days=round(month * 30.4375)) <= end and month <= 36:
            measured = start + timedelta(days=round(month * 30.4375))
            promised = cumulative_benefit_at(case, "expected", month)
            share = rng.uniform(low, high)
            checkpoints.append(ValueCheckpoint(
                plan=plan, measured_on=measured,
                realised_benefit=Decimal(str(round(promised * share, -1))),
                label=f"Month {month} review", note="Measured with their finance lead (demo).",
            ))
            month += 2
    return plan, milestones, checkpoints


@transaction.atomic
def seed_demo_outcomes(team, *, seed: int = 7, now: datetime | None = None) -> dict[str, int]:
    """Create the demo's debriefs, business cases and success plans; return how many were new."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    problems = list(Problem.objects.filter(team=team).only("pk", "title", "example_phrasings"))
    counts = {"debriefs": _seed_debriefs(team, problems)}

    journeys = (Journey.objects.filter(team=team, buying_stage__in=CASE_STAGES)
                .exclude(business_case__isnull=False)
                .select_related("account"))
    cases = [
        BusinessCase(team=team, journey=j, inputs=demo_case_inputs(j, seed),
                     created_by_id=j.owner_id, updated_by_id=j.owner_id,
                     created_at=now, updated_at=now)
        for j in journeys.iterator(chunk_size=500)
    ]
    BusinessCase.objects.bulk_create(cases, batch_size=500)
    counts["business_cases"] = len(cases)

    won = list(Journey.objects.filter(team=team, buying_stage__in=WON_STAGES)
               .exclude(success_plan__isnull=False).select_related("owner"))
    won_at = _won_dates([j.pk for j in won])
    stored_cases = dict(BusinessCase.objects.filter(journey__in=won)
                        .values_list("journey_id", "inputs"))
    plans, milestones, checkpoints = [], [], []
    for journey in won:
        if journey.pk not in won_at:
            continue  # churned without ever being won in the history: nothing to plan
        case = CaseInputs.from_dict(stored_cases[journey.pk]) if journey.pk in stored_cases \
            else None
        plan, steps, points = _seed_plan(journey, case, timezone.localdate(won_at[journey.pk]),
                                         today, seed)
        plans.append(plan)
        milestones += steps
        checkpoints += points
    SuccessPlan.objects.bulk_create(plans, batch_size=500)
    Milestone.objects.bulk_create(milestones, batch_size=1000)
    ValueCheckpoint.objects.bulk_create(checkpoints, batch_size=1000)
    counts.update(success_plans=len(plans), milestones=len(milestones),
                  value_checkpoints=len(checkpoints))
    return counts
