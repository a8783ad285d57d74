"""Browser flow: open a poor-fit journey, accept the graceful exit, find it on the nurture list."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_stepping_aside_from_a_poor_fit(live_server, sales_team, page: Page):
    from helpfirst.core.playbook import load_playbook_yaml
    from helpfirst.fit.services import assess_journey
    from helpfirst.playbook.services import apply_playbook
    from tests.fit.conftest import DEMO_PLAYBOOK

    journey = sales_team["journey"]
    apply_playbook(journey.team, load_playbook_yaml(DEMO_PLAYBOOK))
    journey.stated_needs = (
        "We need tick-level market data with millisecond latency for our trading desk. "
        "Our algorithmic trading strategies need real-time price feeds."
    )
    journey.save()
    assert assess_journey(journey).verdict == "poor"

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("rob")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()

    page.goto(f"{live_server.url}/journeys/{journey.pk}/")
    expect(page.locator("#fit-verdict")).to_have_text("Poor fit")
    offer = page.locator("#fit-exit-offer")
    expect(offer).to_contain_text("A specialist market-data vendor")
    expect(page.locator("#fit-exit-note")).to_contain_text("not something we are the best at")
    page.locator("#fit-accept-exit").click()

    expect(page.locator("#current-stage")).to_contain_text("Not a fit")
    expect(page.locator("#stage-history")).to_contain_text("sub-second trading data")
    expect(page.locator("#fit-exit-offer")).to_have_count(0)

    page.goto(f"{live_server.url}/fit/nurture/")
    row = page.locator(f"tr[data-journey='{journey.pk}']")
    expect(row).to_contain_text("Winter route planning")
    expect(row).to_contain_text("A specialist market-data vendor")
