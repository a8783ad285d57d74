"""A demo-like person with data in every corner: interactions, calls, seats, plans, notes."""

from __future__ import annotations

from datetime import date

import pytest

NAME = "Zelda Quartermain"
EMAIL = "zelda.q@alpha.example"
PHONE = "+44 20 7946 0958"
TRANSCRIPT = (
    "{rep}: Hi Zelda, thanks for making the time. What made you look at this now?\n"
    "Zelda Quartermain: Our forecast is a guess every single month, and the board stopped "
    "trusting the numbers we send them.\n"
    "{rep}: What happens when the forecast is wrong?\n"
    "Zelda Quartermain: We overhire in spring and cut in autumn. Mail me at "
    "zelda.q@alpha.example with the pilot plan.\n"
    "{rep}: Shall we agree a pilot with your finance team next Tuesday, Ms Quartermain?\n"
    "Zelda Quartermain: Yes, let's book it.\n"
)


@pytest.fixture
def admin(world):
    from helpfirst.team.models import Role
    from tests.factories import UserFactory

    return UserFactory(username="admin", team=world.team_a, role=Role.ADMIN)


@pytest.fixture
def person(world):
    """Zelda at account a1 (journey j1), present everywhere a buyer can be."""
    from helpfirst.calls.services import record_call
    from helpfirst.debriefs.models import Debrief
    from helpfirst.fit.services import assess_journey
    from helpfirst.journeys.models import JourneyStakeholder
    from helpfirst.plans.models import ActionPlan, PlanStep
    from helpfirst.queue.models import StageSuggestionDecision
    from helpfirst.success.models import Milestone, SuccessPlan
    from tests.factories import ContactFactory, InteractionFactory, ProblemFactory

    w = world
    zelda = ContactFactory(
        account=w.a1,
        team=w.team_a,
        first_name="Zelda",
        last_name="Quartermain",
        email=EMAIL,
        phone=PHONE,
        title="VP Finance",
        what_matters="A forecast the board believes.",
        recording_consent=True,
    )
    JourneyStakeholder.objects.create(journey=w.j1, contact=zelda, stakeholder_role="champion")
    InteractionFactory(
        account=w.a1,
        journey=w.j1,
        contact=zelda,
        kind="email_replied",
        subject="Re: forecasting pilot",
        properties={"body": "Hi, Zelda Quartermain here, our forecast is a guess.", "to": EMAIL},
    )
    InteractionFactory(account=w.a1, journey=w.j1, contact=zelda, kind="page_view", url="/pricing")
    # Someone else's note that names her, and a raw call transcript on an interaction.
    InteractionFactory(
        account=w.a1,
        journey=w.j1,
        contact=w.c1,
        kind="note",
        subject="Ann says Zelda Quartermain decides",
        properties={"text": f"Loop in {NAME} ({EMAIL}, {PHONE}) before pricing."},
    )
    InteractionFactory(
        account=w.a1,
        journey=w.j1,
        kind="call",
        properties={
            "transcript": TRANSCRIPT.format(rep="Rep One"),
            "input_format": "plain",
            "seller": "Rep One",
        },
    )
    ProblemFactory(
        team=w.team_a,
        title="Forecasts nobody trusts",
        example_phrasings=["our forecast is a guess", "the board stopped trusting the numbers"],
    )
    call = record_call(
        w.j1,
        contacts=[zelda],
        transcript_text=TRANSCRIPT.format(rep="Rep One"),
        seller_names=["Rep One"],
        uploaded_by=w.rep1,
    )
    w.j1.stated_needs = f"{NAME} needs a forecast the board trusts."
    w.j1.save()
    plan = ActionPlan.objects.create(journey=w.j1)
    PlanStep.objects.create(
        plan=plan,
        title="Pilot kick-off",
        owner_side="buyer",
        owner_contact=zelda,
        internal_note=f"{NAME} signs off the pilot",
    )
    Debrief.objects.create(
        team=w.team_a, journey=w.j1, author=w.rep1, what_happened=f"{NAME} loved the pilot plan."
    )
    success = SuccessPlan.objects.create(team=w.team_a, journey=w.j1, started_on=date(2026, 1, 1))
    Milestone.objects.create(plan=success, name="Board pack", owner_name=NAME, due=date(2026, 3, 1))
    fit = assess_journey(w.j1)
    StageSuggestionDecision.objects.create(
        journey=w.j1,
        current_stage="exploring_problem",
        suggested_stage="evaluating",
        decision="accepted",
        chosen_stage="evaluating",
        evidence=[{"quote": "We overhire in spring and cut in autumn.", "who": NAME}],
    )
    w.zelda, w.call, w.fit = zelda, call, fit
    return zelda
