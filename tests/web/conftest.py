"""A small selling team for page tests: a manager, two reps, an admin, and their work."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from types import SimpleNamespace

import pytest
from django.utils import timezone

from helpfirst.accounts.models import Account, Contact
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import JourneyStakeholder
from helpfirst.journeys.services import open_journey
from helpfirst.playbook.models import AntiFit, ContentItem, Problem
from helpfirst.team.models import Role, Team, User

_serial = count(1)


def make_team(name: str = "Northwind Sales") -> Team:
    return Team.objects.create(name=name, slug=f"team-{next(_serial)}")


def make_user(team: Team, username: str, role: str = Role.REP, **fields) -> User:
    return User.objects.create_user(
        username=username,
        password="correct-horse-battery",
        team=team,
        role=role,
        first_name=username.capitalize(),
        **fields,
    )


def make_account(team: Team, name: str, owner: User | None = None, **fields) -> Account:
    fields.setdefault("domain", f"{name.lower().replace(' ', '')}.example")
    fields.setdefault("industry", "Logistics")
    fields.setdefault("employees", 250)
    return Account.objects.create(team=team, name=name, owner=owner, **fields)


def make_contact(account: Account, first: str, last: str, role: str = "unknown", **fields):
    return Contact.objects.create(
        team=account.team,
        account=account,
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@{account.domain}",
        stakeholder_role=role,
        **fields,
    )


def make_journey(account: Account, owner: User, title: str, **fields):
    return open_journey(account=account, owner=owner, title=title, **fields)


def make_interaction(
    account: Account,
    kind: str = "page_view",
    *,
    journey=None,
    contact=None,
    days_ago: float = 1,
    **fields,
) -> Interaction:
    return Interaction.objects.create(
        team=account.team,
        account=account,
        journey=journey,
        contact=contact,
        kind=kind,
        occurred_at=timezone.now() - timedelta(days=days_ago),
        external_id=f"ext-{next(_serial)}",
        **fields,
    )


@pytest.fixture
def factories():
    """Give tests the factory functions (conftest modules are not importable by name)."""
    return SimpleNamespace(
        team=make_team,
        user=make_user,
        account=make_account,
        contact=make_contact,
        journey=make_journey,
        interaction=make_interaction,
    )


@pytest.fixture
def team_data(db):
    """Build the team: Maya manages Rob and Rita; Initech is shared by both reps."""
    team = make_team()
    manager = make_user(team, "maya", Role.MANAGER)
    admin = make_user(team, "ada", Role.ADMIN, is_staff=True)
    rob = make_user(team, "rob")
    rita = make_user(team, "rita")

    acme = make_account(team, "Acme Freight", owner=rob, strategies="Grow in the Nordics.")
    globex = make_account(team, "Globex Retail", owner=rita, industry="Retail")
    initech = make_account(team, "Initech", owner=manager, industry="Software")

    ann = make_contact(acme, "Ann", "Ahlberg", "economic_buyer", what_matters="Predictable cost")
    bo = make_contact(acme, "Bo", "Berg", "champion", may_contact=False)
    cy = make_contact(globex, "Cy", "Carter", "technical_evaluator")

    rob_journey = make_journey(
        acme, rob, "Route planning for winter", stated_needs="Fewer late trucks"
    )
    rita_journey = make_journey(globex, rita, "Store replenishment")
    rob_initech = make_journey(initech, rob, "Initech fleet pilot")
    rita_initech = make_journey(initech, rita, "Initech secret expansion")
    JourneyStakeholder.objects.create(journey=rob_journey, contact=ann, influence=5)
    JourneyStakeholder.objects.create(journey=rob_journey, contact=bo, stance="supporter")

    make_interaction(
        acme,
        "page_view",
        journey=rob_journey,
        contact=ann,
        page_type="pricing",
        url="https://us.example/pricing",
    )
    make_interaction(acme, "email_replied", journey=rob_journey, contact=ann, subject="Re: plan")
    make_interaction(acme, "note", subject="Met at the fair", days_ago=30)
    make_interaction(globex, "meeting", journey=rita_journey, contact=cy, subject="Demo")
    make_interaction(initech, "call", journey=rob_initech, subject="Rob pilot call")
    make_interaction(initech, "meeting", journey=rita_initech, subject="Rita confidential meeting")

    problem = Problem.objects.create(
        team=team,
        slug="late-deliveries",
        title="Late deliveries",
        description="Trucks arrive late.",
        example_phrasings=["Our trucks are always late"],
        industries=["Logistics"],
    )
    AntiFit.objects.create(
        team=team, slug="one-van", title="One-van shops", referral="A spreadsheet"
    )
    guide = ContentItem.objects.create(
        team=team,
        slug="winter-guide",
        title="Winter routing guide",
        format="ebook",
        url="https://us.example/guide",
        buying_stages=["exploring_problem", "evaluating"],
        stakeholder_roles=["champion"],
    )
    guide.problems.add(problem)
    ContentItem.objects.create(
        team=team,
        slug="roi",
        title="Fleet ROI calculator",
        format="roi_calculator",
        url="https://us.example/roi",
        buying_stages=["deciding"],
        stakeholder_roles=["economic_buyer"],
    )

    other_team = make_team("Elsewhere Inc")
    stranger = make_user(other_team, "stan", Role.MANAGER)
    foreign = make_account(other_team, "Foreign Co", owner=stranger)
    foreign_journey = make_journey(foreign, stranger, "Not yours")
    foreign_problem = Problem.objects.create(team=other_team, slug="x", title="Foreign problem")

    return {
        "team": team,
        "manager": manager,
        "admin": admin,
        "rob": rob,
        "rita": rita,
        "acme": acme,
        "globex": globex,
        "initech": initech,
        "rob_journey": rob_journey,
        "rita_journey": rita_journey,
        "rob_initech": rob_initech,
        "rita_initech": rita_initech,
        "problem": problem,
        "guide": guide,
        "stranger": stranger,
        "foreign": foreign,
        "foreign_journey": foreign_journey,
        "foreign_problem": foreign_problem,
    }
