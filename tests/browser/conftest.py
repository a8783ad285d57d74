"""Playwright against Debian's Chromium (never a downloaded browser), on a live test server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; Django must allow ORM calls anyway.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system Chromium, headless, with nothing that phones home."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed"
        if os.environ.get("HELPFIRST_STRICT_TESTS") == "1":
            pytest.fail(f"strict mode: {message}")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture
def sales_team(transactional_db):
    """Build a rep with one account, two people, one journey and a few touches."""
    from datetime import timedelta

    from django.utils import timezone

    from helpfirst.accounts.models import Account, Contact
    from helpfirst.interactions.models import Interaction
    from helpfirst.journeys.models import JourneyStakeholder
    from helpfirst.journeys.services import open_journey
    from helpfirst.team.models import Role, Team, User

    team = Team.objects.create(name="Northwind Sales", slug="northwind")
    rep = User.objects.create_user(
        "rob", password="browser-pass-1", team=team, role=Role.REP, first_name="Rob"
    )
    User.objects.create_user("maya", password="browser-pass-2", team=team, role=Role.MANAGER)
    account = Account.objects.create(
        team=team,
        name="Acme Freight",
        domain="acme.example",
        industry="Logistics",
        employees=420,
        owner=rep,
        priorities="Fewer late deliveries this winter",
    )
    Account.objects.create(team=team, name="Bolt Couriers", domain="bolt.example", owner=rep)
    ann = Contact.objects.create(
        team=team,
        account=account,
        first_name="Ann",
        last_name="Ahlberg",
        stakeholder_role="economic_buyer",
    )
    journey = open_journey(
        account=account,
        owner=rep,
        title="Winter route planning",
        stated_needs="Trucks late every Monday",
    )
    JourneyStakeholder.objects.create(journey=journey, contact=ann, influence=5)
    for i, kind in enumerate(["page_view", "email_opened", "meeting"]):
        Interaction.objects.create(
            team=team,
            account=account,
            journey=journey,
            contact=ann,
            kind=kind,
            page_type="pricing" if kind == "page_view" else "",
            occurred_at=timezone.now() - timedelta(days=i + 1),
            external_id=f"b-{i}",
        )
    return {"rep": rep, "account": account, "journey": journey}
