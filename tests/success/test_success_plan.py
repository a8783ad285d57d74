"""Success after the sale: plan, value vs promise, health, churn, expansion, manager view, demo."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from helpfirst.demo.outcomes import seed_demo_outcomes
from helpfirst.journeys.services import change_buying_stage
from helpfirst.playbook.models import Problem
from helpfirst.success import manager
from helpfirst.success.models import BusinessCase, SuccessPlan
from helpfirst.success.problem_signs import problem_signs
from helpfirst.success.services import (
    record_fit_at_decision,
    record_value_checkpoint,
    save_business_case,
    start_success_plan,
)
from helpfirst.success.signals import usage_signals
from tests.factories import InteractionFactory
from tests.success.test_business_case import CASE

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def won_j1(world):
    change_buying_stage(world.j1, "implementing", changed_by=world.rep1, reason="Signed")
    return world.j1


def test_problem_signs_explain_the_match():
    problems = [
        SimpleNamespace(pk=1, title="Late deliveries", example_phrasings=["Our trucks are late"]),
        SimpleNamespace(pk=2, title="Payroll", example_phrasings=["salary runs fail"]),
    ]
    signs = problem_signs("Two trucks were late again this week.", problems)
    assert [s.problem_id for s in signs] == [1]
    assert "truck" in signs[0].explanation
    assert problem_signs("", problems) == []


def test_plan_starts_once_with_owned_milestones(world, won_j1):
    plan = start_success_plan(won_j1)
    assert plan.started_on == timezone.localdate()
    assert plan.milestones.count() == 4
    assert all(m.owner_name for m in plan.milestones.all())
    assert start_success_plan(won_j1).pk == plan.pk


def test_success_page_flags_slips_and_compares_value(world, won_j1):
    started = timezone.localdate() - timedelta(days=120)
    plan = start_success_plan(won_j1, started_on=started)
    save_business_case(won_j1, CASE, by=world.rep1)
    # By month 3.94 the case promised 40 000 / 12 x 3.94 = ~13 140 (high) and ~9 860
    # (expected): 14 000 realised is ahead of both.
    record_value_checkpoint(plan, measured_on=started + timedelta(days=120),
                            realised_benefit=14_000, label="Q1 review")
    for day in range(56):
        InteractionFactory(account=world.a1, journey=won_j1, kind="product_usage", page_type="",
                           occurred_at=timezone.now() - timedelta(days=day, hours=1),
                           properties={"active_users": 10 if day < 28 else 5})
    page = _client(world.rep1).get(f"/journeys/{won_j1.pk}/success/").content.decode()
    assert "Slipped" in page  # the kick-off was due 110 days ago and is not done
    assert "Q1 review" in page
    assert "Ahead" in page
    assert 'id="churn-risk"' in page
    assert "rule of thumb" in page
    signals = usage_signals([won_j1.pk], {won_j1.pk: timezone.now()})[won_j1.pk]
    assert signals.usage_trend == pytest.approx(1.0)  # doubled from 5 to 10 users a day


def test_success_pages_are_scoped(world, won_j1):
    start_success_plan(won_j1)
    rep2 = _client(world.rep2)
    assert rep2.get(f"/journeys/{won_j1.pk}/success/").status_code == 404
    assert rep2.post(f"/journeys/{won_j1.pk}/success/checkpoints/",
                     {"measured_on": "2030-01-01", "realised_benefit": "1"}).status_code == 404
    assert "Alpha" not in rep2.get("/customers/").content.decode()
    assert "Alpha" in _client(world.rep1).get("/customers/").content.decode()


def test_plan_is_only_started_after_the_sale(world):
    response = _client(world.rep1).post(f"/journeys/{world.j1.pk}/success/")
    assert response.status_code == 302
    assert not SuccessPlan.objects.filter(journey=world.j1).exists()


def test_expansion_hints_leave_out_the_journeys_own_problem(world, won_j1):
    Problem.objects.create(team=world.team_a, slug="forecasts", title="Forecasts",
                           example_phrasings=["our forecasts are always wrong"])
    Problem.objects.create(team=world.team_a, slug="churn", title="Seeing churn coming",
                           example_phrasings=["customers cancel and we only find out at renewal"])
    InteractionFactory(account=world.a1, journey=won_j1, kind="note", page_type="",
                       occurred_at=timezone.now() - timedelta(days=3),
                       subject="Customers cancel and we only find out at renewal, said Ann")
    plan = start_success_plan(won_j1)
    page = _client(world.rep1).get(f"/journeys/{won_j1.pk}/success/").content.decode()
    assert "Seeing churn coming" in page
    assert plan.journey.title in page
    assert ">Forecasts<" not in page


def test_manager_view_groups_by_fit_verdict(world, won_j1):
    change_buying_stage(world.j2, "no_decision", changed_by=world.rep2, reason="Stalled")
    change_buying_stage(world.j3, "not_a_fit", changed_by=world.rep1, reason="Payroll")
    record_fit_at_decision(won_j1, outcome="won", decided_at=timezone.now(),
                           fit_verdict="strong fit", fit_score=0.9)
    groups = {g.verdict: g for g in manager.outcomes_by_fit_verdict(world.manager)}
    assert groups["strong fit"].won == 1
    assert groups["strong fit"].win_rate == 1.0
    rest = groups[manager.NOT_ASSESSED]
    assert (rest.lost, rest.not_a_fit, rest.win_rate) == (1, 1, 0.0)
    assert [g.verdict for g in manager.outcomes_by_fit_verdict(world.rep2)] == [
        manager.NOT_ASSESSED]
    page = _client(world.manager).get("/outcomes/").content.decode()
    assert "Strong fit" in page
    assert "Not assessed" in page
    assert "<svg" in page


def test_demo_outcomes_are_seeded_once(world, won_j1):
    InteractionFactory(
        account=world.a1, journey=won_j1, kind="note", page_type="", subject="Debrief: won",
        properties={"debrief": {"what_happened": "Signed after the pilot", "how": "Champion",
                                "why": "Proof on their data", "buyer_valued": "Honesty",
                                "do_differently": "Involve finance", "tags": ["won"]}},
    )
    change_buying_stage(world.j2, "deciding", changed_by=world.rep2, reason="Shortlist")
    counts = seed_demo_outcomes(world.team_a)
    assert counts["debriefs"] == 1
    assert counts["business_cases"] == 2  # j1 (won) and j2 (deciding)
    assert counts["success_plans"] == 1
    assert BusinessCase.objects.get(journey=won_j1).as_inputs().improvements
    again = seed_demo_outcomes(world.team_a)
    assert set(again.values()) == {0}
