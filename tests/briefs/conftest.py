"""A late-stage journey with a committee, content library, a call and a plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone


@pytest.fixture
def deal(world):
    from helpfirst.calls.models import Call
    from helpfirst.journeys.models import JourneyStakeholder
    from tests.factories import ContactFactory, ContentItemFactory, InteractionFactory

    now = timezone.now()
    j1, a1 = world.j1, world.a1
    j1.buying_stage = "evaluating"
    j1.save()
    a1.strategies = "Grow into the Nordics"
    a1.priorities = "Trustworthy forecasts for the board"
    a1.save()
    ann = world.c1
    ann.first_name, ann.last_name, ann.what_matters = "Ann", "Alder", "a forecast finance trusts"
    ann.save()
    cfo = ContactFactory(
        account=a1,
        first_name="Carla",
        last_name="Ng",
        title="CFO",
        stakeholder_role="economic_buyer",
    )
    blocker = ContactFactory(
        account=a1,
        first_name="Bo",
        last_name="Stone",
        stakeholder_role="blocker",
        may_contact=False,
    )
    JourneyStakeholder.objects.create(journey=j1, contact=ann, influence=4, stance="supporter")
    JourneyStakeholder.objects.create(journey=j1, contact=cfo, influence=5, stance="neutral")
    JourneyStakeholder.objects.create(journey=j1, contact=blocker, influence=3, stance="sceptic")
    InteractionFactory(
        account=a1,
        journey=j1,
        contact=ann,
        kind="email_replied",
        occurred_at=now - timedelta(days=2),
    )
    team = world.team_a
    sent = ContentItemFactory(
        team=team, slug="sent-guide", title="Sent guide", url="https://example.com/sent"
    )
    for_cfo = ContentItemFactory(
        team=team, slug="cfo-case", title="CFO case study", stakeholder_roles=["economic_buyer"]
    )
    for_users = ContentItemFactory(
        team=team,
        slug="user-video",
        title="User video",
        format="video",
        stakeholder_roles=["end_user"],
    )
    InteractionFactory(
        account=a1,
        journey=j1,
        contact=ann,
        kind="content_download",
        occurred_at=now - timedelta(days=5),
        url="https://example.com/sent",
        properties={},
    )
    call = Call.objects.create(
        team=team,
        journey=j1,
        account=a1,
        owner=world.rep1,
        title="Discovery call",
        occurred_at=now - timedelta(days=7),
        transcript_text="(test)",
        input_format="plain",
        seller_names=["Rob"],
        utterances=[
            ["Rob", 0, 5, "Shall I set up a demo for your team next week?"],
            ["Ann Alder", 5, 9, "No thanks, not right now. Our forecasts are always wrong."],
        ],
        analysis={
            "discovery": {
                "pain": True,
                "impact": False,
                "goals": True,
                "decision_process": False,
                "stakeholders": True,
                "timeline": True,
            },
            "speakers": [{"name": "Rob", "side": "seller"}, {"name": "Ann Alder", "side": "buyer"}],
            "pressure_tactics": [],
        },
    )
    return {
        "journey": j1,
        "ann": ann,
        "cfo": cfo,
        "blocker": blocker,
        "sent": sent,
        "for_cfo": for_cfo,
        "for_users": for_users,
        "call": call,
        "now": now,
    }


@pytest.fixture
def client_as(world):
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def token_for(world):
    from helpfirst.team.models import ApiToken

    def make(user) -> dict:
        _, raw = ApiToken.issue(user, "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
