"""A rep's book of journeys for help-queue tests: hot, quiet, no consent, touched, re-check."""

from __future__ import annotations

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from helpfirst.accounts.models import Account, Contact
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder
from helpfirst.team.models import Role, Team, User


def add_touch(
    journey: Journey,
    kind: str,
    days_ago: float,
    *,
    page_type: str = "",
    contact: Contact | None = None,
    **properties,
) -> Interaction:
    """Record an interaction on ``journey`` that happened ``days_ago`` days ago."""
    return Interaction.objects.create(
        team_id=journey.team_id,
        account_id=journey.account_id,
        journey=journey,
        contact=contact,
        kind=kind,
        page_type=page_type,
        occurred_at=timezone.now() - timedelta(days=days_ago),
        external_id=uuid.uuid4().hex,
        source="test",
        properties=properties,
    )


def buying_signals(journey: Journey, contacts: list[Contact]) -> None:
    """Give ``journey`` a strong week: pricing and security views by two people."""
    for i, days in enumerate((0.5, 1.5, 2.5)):
        add_touch(journey, "page_view", days, page_type="pricing", contact=contacts[i % 2])
    add_touch(journey, "page_view", 1.0, page_type="security", contact=contacts[-1])


@pytest.fixture
def book(db):
    """Build a team: rep Rob with five journeys, rep Rita with one, and manager Maya."""
    team = Team.objects.create(name="Northwind", slug="northwind-queue")
    rob = User.objects.create_user(
        "rob", password="pw-rob-1", team=team, role=Role.REP, first_name="Rob"
    )
    rita = User.objects.create_user(
        "rita", password="pw-rita-1", team=team, role=Role.REP, first_name="Rita"
    )
    maya = User.objects.create_user(
        "maya", password="pw-maya-1", team=team, role=Role.MANAGER, first_name="Maya"
    )

    def journey(
        title: str, owner: User, stage: str = "evaluating", consent: bool = True, **fields
    ) -> tuple[Journey, list[Contact]]:
        account = Account.objects.create(
            team=team, name=f"{title} Ltd", owner=owner, domain=f"{uuid.uuid4().hex[:8]}.example"
        )
        contacts = [
            Contact.objects.create(
                team=team, account=account, first_name=name, last_name="Buyer", may_contact=consent
            )
            for name in ("Ann", "Bo")
        ]
        j = Journey.objects.create(
            team=team, account=account, owner=owner, title=title, buying_stage=stage, **fields
        )
        for c in contacts:
            JourneyStakeholder.objects.create(journey=j, contact=c)
        return j, contacts

    hot, hot_people = journey("Hot pricing", rob)
    buying_signals(hot, hot_people)
    quiet, quiet_people = journey("Quiet reader", rob)
    add_touch(quiet, "page_view", 20, page_type="blog", contact=quiet_people[0])
    no_consent, nc_people = journey("Said no", rob, consent=False)
    buying_signals(no_consent, nc_people)
    touched, touched_people = journey("Touched lately", rob)
    buying_signals(touched, touched_people)
    add_touch(touched, "email_sent", 4.0, contact=touched_people[0])
    recheck, _ = journey(
        "Re-check due",
        rob,
        stage="not_a_fit",
        exit_reason="Too small then",
        recheck_on=timezone.localdate() - timedelta(days=1),
    )
    secret, secret_people = journey("Rita secret expansion", rita)
    buying_signals(secret, secret_people)
    return SimpleNamespace(
        team=team,
        rob=rob,
        rita=rita,
        maya=maya,
        hot=hot,
        quiet=quiet,
        no_consent=no_consent,
        touched=touched,
        recheck=recheck,
        secret=secret,
    )
