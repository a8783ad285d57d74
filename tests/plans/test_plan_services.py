"""Plans: seeded from templates, slipped steps flagged, conflicting edits refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpfirst.core.errors import DataValidationError
from helpfirst.plans import queries, services
from helpfirst.plans.models import OwnerSide, PlanStep, StepStatus
from helpfirst.plans.plan_templates import PLAN_TEMPLATES

pytestmark = pytest.mark.django_db


def test_plan_is_seeded_from_the_deal_type_template(plan, world):
    titles = [s.title for s in plan.steps.all()]
    assert titles == [t for t, _, _ in PLAN_TEMPLATES["new_purchase"]]
    kickoff = plan.steps.get(title="Kickoff")
    assert kickoff.owner_side == OwnerSide.SELLER
    assert kickoff.owner_user == world.rep1
    # starting again keeps the plan (and its edits) instead of seeding twice
    assert services.start_plan(world.j1, deal_type="renewal").pk == plan.pk
    assert plan.steps.count() == len(PLAN_TEMPLATES["new_purchase"])


def test_unknown_deal_type_is_refused(world):
    with pytest.raises(DataValidationError, match="Unknown deal type"):
        services.start_plan(world.j1, deal_type="barter")


def test_open_steps_past_their_date_are_flagged_slipped(plan):
    steps = list(plan.steps.order_by("position"))
    steps[0].status = StepStatus.DONE  # due 8 May, done: not slipped
    steps[0].save()
    view = queries.plan_view(plan, today=date(2026, 5, 20))
    slipped = [r.step.title for r in view.slipped]
    assert slipped == ["Requirements written down"]  # due 15 May, still open
    assert view.slipped[0].days_late == 5
    assert any("Slipped" in w for w in view.slipped[0].warnings)
    core = queries.core_plan_steps(plan)
    assert [s.days_late(date(2026, 5, 20)) for s in core][:2] == [0, 5]


def test_a_step_without_owner_is_warned_about(plan):
    step = services.add_step(plan, title="Reference call")
    row = next(r for r in queries.plan_view(plan).rows if r.step.pk == step.pk)
    assert step.owner_side == OwnerSide.UNASSIGNED
    assert any("No owner" in w for w in row.warnings)


def test_a_stale_edit_is_refused_and_the_other_change_survives(plan, world):
    step = plan.steps.get(title="Legal review")
    mine = PlanStep.objects.get(pk=step.pk)
    theirs = PlanStep.objects.get(pk=step.pk)
    services.update_step(
        theirs, expected_version=theirs.version, by=world.manager, due_on=date(2026, 7, 1)
    )
    with pytest.raises(services.PlanEditConflictError, match=world.manager.display_name):
        services.update_step(
            mine, expected_version=mine.version, by=world.rep1, title="Legal (fast track)"
        )
    step.refresh_from_db()
    assert step.due_on == date(2026, 7, 1)
    assert step.title == "Legal review"
    assert step.version == 2


def test_buyer_owner_must_be_at_the_account(plan, world):
    step = plan.steps.first()
    with pytest.raises(DataValidationError, match="contact at this account"):
        services.update_step(
            step, expected_version=step.version, owner_side="buyer", owner_contact=world.c2
        )


def test_buyer_link_stores_only_a_hash_and_expires(plan):
    issued = services.issue_buyer_link(plan, days=1)
    assert issued.token not in issued.link.token_hash
    assert len(issued.token) >= 40
    assert services.open_buyer_link(issued.token)[1] == "ok"
    later = issued.link.expires_at + timedelta(seconds=1)
    assert services.open_buyer_link(issued.token, now=later) == (None, "expired")
    services.revoke_buyer_link(issued.link)
    assert services.open_buyer_link(issued.token) == (None, "revoked")
    assert services.open_buyer_link("nope") == (None, "unknown")
