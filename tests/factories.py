"""factory_boy factories for the domain models (shared by every test package)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory

from helpfirst.accounts.models import Account, Contact
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.playbook.models import AntiFit, ContentItem, Problem
from helpfirst.team.models import Role, Team, User

PASSWORD = "a-Long-test-passw0rd"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Person"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    team = factory.SubFactory(TeamFactory)
    role = Role.REP
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object
        if create:
            obj.save()


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Acme {n} Ltd")
    domain = factory.Sequence(lambda n: f"acme{n}.example")
    industry = "Manufacturing"
    employees = 250
    region = "EMEA"
    owner = None


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    team = factory.LazyAttribute(lambda c: c.account.team)
    first_name = factory.Sequence(lambda n: f"Ada{n}")
    last_name = "Buyer"
    email = factory.Sequence(lambda n: f"ada{n}@buyer.example")
    stakeholder_role = "champion"


class JourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journey

    account = factory.SubFactory(AccountFactory)
    team = factory.LazyAttribute(lambda j: j.account.team)
    owner = factory.SubFactory(UserFactory, team=factory.SelfAttribute("..team"))
    title = factory.Sequence(lambda n: f"Forecasting help {n}")
    stated_needs = "Our forecasts are always wrong and finance does not trust the pipeline."
    buying_stage = "exploring_solutions"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    account = factory.SubFactory(AccountFactory)
    team = factory.LazyAttribute(lambda i: i.account.team)
    kind = "page_view"
    page_type = "pricing"
    occurred_at = factory.Sequence(lambda n: datetime(2026, 6, 1, tzinfo=UTC) + timedelta(hours=n))
    source = "test"
    external_id = factory.Sequence(lambda n: f"ext-{n}")


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Problem {n}")
    slug = factory.Sequence(lambda n: f"problem-{n}")
    description = "Forecasts nobody trusts."
    example_phrasings = ["our forecast is a guess"]


class AntiFitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AntiFit

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Anti-fit {n}")
    slug = factory.Sequence(lambda n: f"anti-fit-{n}")
    referral = "A payroll specialist"


class ContentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentItem

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Case study {n}")
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    format = "case_study"
