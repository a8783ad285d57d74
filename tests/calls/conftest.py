"""A small selling team with calls: two reps, a manager, consenting and non-consenting buyers."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

HELPFUL_CALL = """WEBVTT

00:00:01.000 --> 00:00:06.000
Rita Rep: Thanks for making the time, Ann. What prompted you to look at route planning now?

00:00:06.500 --> 00:00:20.000
Ann Buyer: Our trucks are late every Monday and customers complain. It costs us about two \
hundred thousand a year in penalties, and the board wants it fixed by October.

00:00:20.500 --> 00:00:26.000
Rita Rep: How do you plan the Monday routes today, and who else is involved in that?

00:00:26.500 --> 00:00:40.000
Ann Buyer: Our dispatcher Bo does it in a spreadsheet on Sunday night. Finance signs off on \
any new tool, and I decide together with our CFO.

00:00:40.500 --> 00:00:46.000
Rita Rep: Would it help if I showed Bo a pilot on your own data next Tuesday at 10am?

00:00:46.500 --> 00:00:49.000
Ann Buyer: Yes, Tuesday at 10 works for us.
"""

PUSHY_CALL = """Rob Rep: Hi Ann, I'll be quick. We are the leading platform and our customers \
love us and we have every feature you could want and integrations with everything and \
support around the clock and the best price on the market by far.
Ann Buyer: We're not looking right now.
Rob Rep: This offer ends on Friday, so you need to sign this week to lock in the discount.
Ann Buyer: No, thank you.
Rob Rep: Which plan should I put you down for, standard or premium?
"""

PII_CALL = """Rita Rep: What's the best way to reach you?
Ann Buyer: Mail me at ann@acme.example or call +44 20 7946 0958. My card is 4111 1111 1111 1111.
Rita Rep: Thanks. How does your team plan routes today?
Ann Buyer: In a spreadsheet, every Sunday night.
"""


@pytest.fixture
def call_team(db):
    """Build team A (manager Maya, reps Rita and Rob) and team B (Stan) with journeys."""
    from helpfirst.team.models import Role
    from tests.factories import (
        AccountFactory,
        ContactFactory,
        JourneyFactory,
        TeamFactory,
        UserFactory,
    )

    team = TeamFactory(name="Northwind", slug="northwind-calls")
    other = TeamFactory(name="Elsewhere", slug="elsewhere-calls")
    maya = UserFactory(
        username="maya", first_name="Maya", last_name="Manager", team=team, role=Role.MANAGER
    )
    rita = UserFactory(username="rita", first_name="Rita", last_name="Rep", team=team)
    rob = UserFactory(username="rob", first_name="Rob", last_name="Rep", team=team)
    stan = UserFactory(username="stan", first_name="Stan", last_name="Stranger", team=other)
    acme = AccountFactory(team=team, owner=rita, name="Acme Freight")
    bolt = AccountFactory(team=team, owner=rob, name="Bolt Couriers")
    far = AccountFactory(team=other, owner=stan, name="Far Away")
    ann = ContactFactory(account=acme, first_name="Ann", last_name="Buyer", recording_consent=True)
    bo = ContactFactory(account=acme, first_name="Bo", last_name="Dispatcher")
    ann_bolt = ContactFactory(
        account=bolt, first_name="Ann", last_name="Buyer", recording_consent=True
    )
    far_contact = ContactFactory(
        account=far, first_name="Fay", last_name="Far", recording_consent=True
    )
    rita_journey = JourneyFactory(account=acme, owner=rita, title="Route planning")
    rob_journey = JourneyFactory(account=bolt, owner=rob, title="Courier dispatch")
    far_journey = JourneyFactory(account=far, owner=stan, title="Far journey")
    return SimpleNamespace(**locals())


@pytest.fixture
def stored_calls(call_team):
    """Store Rita's helpful call (week of 1 June 2026) and Rob's pushy one (8 June 2026)."""
    from helpfirst.calls.services import record_call

    t = call_team
    helpful = record_call(
        t.rita_journey,
        contacts=[t.ann],
        transcript_text=HELPFUL_CALL,
        filename="helpful.vtt",
        occurred_at=datetime(2026, 6, 2, 10, tzinfo=UTC),
        uploaded_by=t.rita,
    )
    pushy = record_call(
        t.rob_journey,
        contacts=[t.ann_bolt],
        transcript_text=PUSHY_CALL,
        occurred_at=datetime(2026, 6, 9, 15, tzinfo=UTC),
        uploaded_by=t.rob,
    )
    return SimpleNamespace(helpful=helpful, pushy=pushy)
