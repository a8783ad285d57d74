"""Messages become interactions: direction, contacts, accounts, journeys by thread, bodies."""

from __future__ import annotations

import pytest

from helpfirst.core.mail import parse_message
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import JourneyStakeholder
from helpfirst.mail.services import settings_for, store_messages
from tests.mail.conftest import make_mail

pytestmark = pytest.mark.django_db


def store(team_id, *raws, received_at=None):
    return store_messages(
        team_id, [(parse_message(r), received_at) for r in raws], capture="mail_file"
    )


def email_interactions(team):
    return Interaction.objects.filter(team=team, source="email").order_by("occurred_at", "pk")


def test_sent_mail_lands_on_the_contact_account_and_single_open_journey(world):
    outcome = store(
        world.team_a.pk,
        make_mail("Rep One <REP1@example.com>", "Ann <Ann@Alpha.Example>", message_id="m1"),
    )
    assert (outcome.stored, outcome.duplicates, outcome.skipped_no_contact) == (1, 0, 0)
    stored = email_interactions(world.team_a).get()
    assert stored.kind == "email_sent"
    assert (stored.contact, stored.account, stored.journey) == (world.c1, world.a1, world.j1)
    assert stored.external_id == "m1@mail.test"
    assert stored.subject == "Forecasting"
    assert stored.properties["direction"] == "outbound"
    assert stored.properties["to"] == ["Ann <ann@alpha.example>"]
    assert "body" not in stored.properties  # bodies are off by default


def test_reply_from_contact_follows_the_thread(world):
    # bob is at a2, which has two open journeys: only the thread can tell which one
    first = make_mail("rep1@example.com", "bob@beta.example", message_id="t1")
    reply = make_mail(
        "bob@beta.example", "rep1@example.com", "Re: x", message_id="t2", in_reply_to="t1@mail.test"
    )
    store(world.team_a.pk, first)
    sent = email_interactions(world.team_a).get()
    assert sent.journey is None  # ambiguous: two open journeys at Beta
    sent.journey = world.j3
    sent.save()
    store(world.team_a.pk, reply)
    replied = email_interactions(world.team_a).get(external_id="t2@mail.test")
    assert replied.kind == "email_replied"
    assert replied.journey == world.j3
    assert replied.properties["answers_thread"] is True
    assert replied.properties["direction"] == "inbound"


def test_thread_within_one_batch_and_stakeholder_journey(world):
    JourneyStakeholder.objects.create(journey=world.j2, contact=world.c2)
    first = make_mail("rep2@example.com", "bob@beta.example", message_id="b1")
    reply = make_mail(
        "bob@beta.example", "rep2@example.com", message_id="b2", in_reply_to="b1@mail.test"
    )
    store(world.team_a.pk, first, reply)
    assert [i.journey for i in email_interactions(world.team_a)] == [world.j2, world.j2]


def test_unknown_and_internal_mail_is_skipped_and_counted(world):
    outcome = store(
        world.team_a.pk,
        make_mail("stranger@nowhere.example", "rep1@example.com"),
        make_mail("rep1@example.com", "rep2@example.com"),
        make_mail("ann@alpha.example", "rep1@example.com"),
    )
    assert (outcome.stored, outcome.skipped_no_contact) == (1, 2)


def test_team_domains_make_mail_outbound_and_bodies_follow_the_setting(world):
    mail_settings = settings_for(world.team_a.pk)
    mail_settings.team_domains = ["seller.example"]
    mail_settings.store_bodies = True
    mail_settings.save()
    store(world.team_a.pk, make_mail("new.hire@Seller.example", "ann@alpha.example", body="Hi Ann"))
    stored = email_interactions(world.team_a).get()
    assert stored.kind == "email_sent"
    assert stored.properties["body"] == "Hi Ann"


def test_idempotent_and_scoped_to_the_team(world):
    raw = make_mail("ann@alpha.example", "rep1@example.com", message_id="same")
    assert store(world.team_a.pk, raw).stored == 1
    again = store(world.team_a.pk, raw, raw)
    assert (again.stored, again.duplicates) == (0, 2)
    # team B has no contact ann@alpha.example: nothing crosses teams
    assert store(world.team_b.pk, raw).skipped_no_contact == 1
    assert Interaction.objects.filter(source="email").count() == 1


def test_message_without_date_uses_the_arrival_time(world):
    from datetime import UTC, datetime

    raw = b"From: ann@alpha.example\r\nTo: rep1@example.com\r\nSubject: no date\r\n\r\nhi\r\n"
    arrived = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
    store(world.team_a.pk, raw, received_at=arrived)
    stored = email_interactions(world.team_a).get()
    assert stored.occurred_at == arrived
    assert stored.properties["message_id_synthesised"] is True
    assert store(world.team_a.pk, raw).duplicates == 1  # the synthetic id is stable
