"""Fit services: evidence from every source, idempotent re-assessment, and stepping aside."""

from __future__ import annotations

import datetime as dt

import pytest

from helpfirst.fit import queries, services
from helpfirst.fit.evidence import gather_evidence
from helpfirst.fit.models import FitExit, FitRecord
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import StageChange
from tests.factories import ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db


def test_evidence_comes_from_firmographics_needs_emails_notes_and_buyer_side_of_calls(fit_world):
    from helpfirst.calls.models import Call

    w = fit_world
    w.c1.title = "CFO"
    w.c1.save()
    w.j1.stakeholders.add(w.c1)
    InteractionFactory(
        account=w.a1,
        journey=w.j1,
        kind="email_replied",
        subject="Month end",
        properties={"body": "Our month-end close takes two weeks."},
    )
    InteractionFactory(
        account=w.a1,
        journey=w.j1,
        kind="email_sent",
        subject="Our pitch",
        properties={"body": "Buy now."},
    )
    InteractionFactory(
        account=w.a1,
        journey=w.j1,
        kind="note",
        subject="Call notes",
        properties={"text": "They mentioned three CRMs."},
    )
    Call.objects.create(
        team=w.team_a,
        journey=w.j1,
        account=w.a1,
        owner=w.rep1,
        transcript_text="x",
        input_format="plain",
        seller_names=["Rob"],
        analysis={"speakers": []},
        utterances=[["Rob", 0, 1, "What is hard today?"], ["Ann", 1, 5, "Nothing matches."]],
    )
    evidence = gather_evidence(w.j1)
    assert (evidence.industry, evidence.employees) == ("Retail", 800)
    assert evidence.contact_titles == ("CFO",)
    assert evidence.stated_needs.startswith("Every department")
    assert evidence.emails == ("Month end. Our month-end close takes two weeks.",)
    assert "three CRMs" in evidence.notes
    assert evidence.call_utterances == ("Nothing matches.",)


def test_assessing_twice_with_unchanged_inputs_writes_one_record(fit_world):
    first = services.assess_journey(fit_world.j1)
    again = services.assess_journey(fit_world.j1)
    assert again.pk == first.pk
    assert FitRecord.objects.filter(journey=fit_world.j1).count() == 1
    assert first.verdict == "strong"
    assert first.payload["matched_problems"][0]["slug"] == "one-version-of-the-numbers"


def test_new_evidence_makes_a_new_latest_record(fit_world):
    first = services.assess_journey(fit_world.j1)
    poor = "We just need a freelancer to make a quick chart pack."
    fit_world.j1.stated_needs = poor
    fit_world.j1.save()
    second = services.assess_journey(fit_world.j1)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert not first.is_latest
    assert second.is_latest
    assert queries.latest_fit_by_journey([fit_world.j1.pk])[fit_world.j1.pk].pk == second.pk
    assert poor in fit_world.j1.stated_needs


def test_latest_fit_by_journey_costs_one_query(fit_world, django_assert_num_queries):
    services.assess_open_journeys(fit_world.team_a)
    ids = [fit_world.j1.pk, fit_world.j2.pk, fit_world.j3.pk]
    with django_assert_num_queries(1):
        latest = queries.latest_fit_by_journey(ids)
    assert set(latest) == set(ids)
    assert latest[fit_world.j3.pk].verdict == "poor"


def test_accept_exit_moves_to_not_a_fit_with_history_note_and_nurture(fit_world):
    w = fit_world
    ContactFactory(account=w.a2, first_name="Bea", stakeholder_role="champion")
    record = services.assess_journey(w.j3)
    assert record.verdict == "poor"
    offer = services.offer_exit(w.j3, record, today=dt.date(2026, 1, 10))
    assert offer is not None
    assert offer.note_ok, offer.pressure_notes
    assert offer.proposal.referral.name.startswith("A freelance analyst")
    exit_row = services.accept_exit(w.j3, offer, w.rep1)
    w.j3.refresh_from_db()
    assert w.j3.buying_stage == "not_a_fit"
    assert w.j3.referred_to.startswith("A freelance analyst")
    assert w.j3.recheck_on == offer.proposal.recheck_on
    change = StageChange.objects.filter(journey=w.j3).first()
    assert change.to_stage == "not_a_fit"
    assert change.reason == offer.proposal.reason
    note = Interaction.objects.get(journey=w.j3, kind="note", source="fit_exit")
    assert note.properties["text"] == offer.proposal.note_to_buyer
    assert FitExit.objects.get() == exit_row
    rows = queries.nurture_list(w.rep1, offer.proposal.recheck_on)
    assert [r.exit.journey_id for r in rows] == [w.j3.pk]
    assert rows[0].due
    assert not rows[0].changes
    assert queries.nurture_list(w.rep2, offer.proposal.recheck_on) == []  # not theirs


def test_nurture_shows_what_changed_since_the_exit(fit_world):
    w = fit_world
    record = services.assess_journey(w.j3)
    offer = services.offer_exit(w.j3, record)
    services.accept_exit(w.j3, offer, w.rep1)
    InteractionFactory(
        account=w.a2,
        journey=w.j3,
        kind="page_view",
        occurred_at=dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=1),
    )
    w.j3.stated_needs += " Now we also need weekly reporting across all stores."
    w.j3.save()
    today = dt.datetime.now(tz=dt.UTC).date()
    [row] = queries.nurture_list(w.rep1, today)
    assert row.new_buyer_interactions == 1
    assert row.needs_changed
    assert not row.due
    assert queries.nurture_due(w.rep1, today) == [row]  # the buyer came back


def test_accept_exit_refuses_a_note_with_pressure(fit_world):
    from helpfirst.core.errors import DataValidationError

    record = services.assess_journey(fit_world.j3)
    offer = services.offer_exit(fit_world.j3, record)
    with pytest.raises(DataValidationError, match="pressure"):
        services.accept_exit(
            fit_world.j3, offer, fit_world.rep1, note="Last chance: sign today for a 20% discount."
        )
    fit_world.j3.refresh_from_db()
    assert fit_world.j3.buying_stage == "exploring_solutions"


def test_pressure_check_flags_pushy_notes_and_passes_the_drafts():
    from helpfirst.fit.exits import check_note_for_pressure

    assert check_note_for_pressure("This offer expires Friday, act now or lose the discount.")
    assert not check_note_for_pressure(
        "Thank you for the time. A freelance analyst would suit you better. I hope this helps."
    )


def test_deciding_to_buy_keeps_the_verdict_at_decision(fit_world):
    from helpfirst.journeys.services import change_buying_stage
    from helpfirst.success.models import FitAtDecision

    w = fit_world
    services.assess_journey(w.j1)
    change_buying_stage(w.j1, "deciding", changed_by=w.rep1)
    assert not FitAtDecision.objects.exists()
    change_buying_stage(w.j1, "implementing", changed_by=w.rep1)
    kept = FitAtDecision.objects.get(journey=w.j1)
    assert (kept.outcome, kept.fit_verdict) == ("implementing", "strong")


def test_a_never_assessed_journey_is_assessed_when_the_buyer_decides(fit_world):
    from helpfirst.journeys.services import change_buying_stage
    from helpfirst.success.models import FitAtDecision

    change_buying_stage(
        fit_world.j3,
        "chose_alternative",
        changed_by=fit_world.rep1,
        reason="They hired a freelancer.",
    )
    assert FitAtDecision.objects.get(journey=fit_world.j3).fit_verdict == "poor"


@pytest.mark.parametrize(
    "words",
    [
        "We just need someone to build one dashboard for next month's board meeting.",
        "We need tick-level market data with millisecond latency for our trading desk.",
        "It's just me and my partner running the shop, we want to track sales.",
        "We want to repaint the office and buy new chairs for the meeting room.",
    ],
)
def test_every_drafted_exit_note_passes_the_pressure_check(words):
    from helpfirst.core.fit import BuyerEvidence, assess_fit
    from helpfirst.core.playbook import load_playbook_yaml
    from helpfirst.fit.exits import exit_offer
    from tests.fit.conftest import DEMO_PLAYBOOK

    spec = load_playbook_yaml(DEMO_PLAYBOOK)
    assessment = assess_fit(spec, BuyerEvidence(stated_needs=words, employees=400))
    offer = exit_offer(assessment, spec, dt.date(2026, 3, 1), buyer_words=words)
    assert offer is not None
    assert offer.note_ok, offer.pressure_notes
