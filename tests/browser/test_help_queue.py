"""Browser flow: a rep logs in, sees their help queue, snoozes an item and sees it leave."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rep_snoozes_an_item_and_it_leaves_the_queue(page: Page, live_server, sales_team):
    from helpfirst.journeys.services import open_journey

    open_journey(account=sales_team["account"], owner=sales_team["rep"], title="Depot scheduling")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("rob")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Help first")).to_be_visible()

    queue = page.locator("#help-queue")
    item = queue.locator("li.queue-item", has_text="Winter route planning")
    expect(item).to_have_count(1)
    # Each item explains itself in one line and proposes the next helpful action.
    expect(item.locator(".queue-explanation")).to_contain_text("met this week")
    expect(item.locator(".queue-next")).to_contain_text("Next:")

    item.get_by_text("Act", exact=True).click()
    item.get_by_role("button", name="Snooze 1 week").click()
    expect(queue.locator(f"#queue-item-{sales_team['journey'].pk}")).to_contain_text(
        "Snoozed until"
    )
    page.reload()
    expect(page.locator("#help-queue").get_by_text("Winter route planning")).to_have_count(0)
    expect(page.locator("#help-queue").get_by_text("Depot scheduling")).to_have_count(1)
    assert errors == []
