"""Browser flows in Chromium: log in, open an account, change a journey's stage with a reason."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good to see you, Rob")


def test_log_in_open_account_and_change_stage(page: Page, live_server, sales_team):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = live_server.url
    _log_in(page, base, "rob", "browser-pass-1")

    page.get_by_role("link", name="Accounts", exact=True).click()
    page.get_by_label("Search").fill("acme")
    rows = page.locator("#account-results tbody tr")
    expect(rows).to_have_count(1)  # HTMX narrowed the list without a page load
    page.get_by_role("link", name="Acme Freight").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Freight")
    expect(page.locator(".role-economic_buyer").first).to_have_text("Economic buyer")
    expect(page.locator("#account-timeline li")).to_have_count(3)

    page.get_by_role("link", name="Winter route planning").first.click()
    panel = page.locator("#stage-panel")
    expect(panel.locator("#current-stage")).to_contain_text("Exploring the problem")
    panel.get_by_text("Change stage").click()
    exit_fields = panel.locator("[data-exit-fields]")
    expect(exit_fields).to_be_hidden()
    panel.get_by_label("Move to").select_option("not_a_fit")
    expect(exit_fields).to_be_visible()  # exits ask for a referral and a re-check date
    panel.get_by_role("button", name="Move the journey").click()
    expect(panel).to_contain_text("an exit needs a reason")

    panel.get_by_label("Move to").select_option("evaluating")
    expect(exit_fields).to_be_hidden()
    panel.get_by_label("Why").fill("They asked for a two-week trial")
    panel.get_by_role("button", name="Move the journey").click()
    expect(panel.locator("#current-stage")).to_contain_text("Evaluating")
    history = panel.locator("#stage-history li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("They asked for a two-week trial")
    expect(history.first).to_contain_text("Rob")

    page.reload()  # the change is stored, not just drawn
    expect(page.locator("#stage-history li").first).to_contain_text("two-week trial")
    assert errors == []
