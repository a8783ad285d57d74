"""Browser flow: the buyer opens the shared plan without logging in; once revoked, it is gone."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_buyer_link_opens_without_login_and_stops_when_revoked(live_server, sales_team, page: Page):
    from helpfirst.plans.services import issue_buyer_link, revoke_buyer_link, start_plan

    plan = start_plan(sales_team["journey"], by=sales_team["rep"])
    issued = issue_buyer_link(plan, by=sales_team["rep"], days=7)
    url = f"{live_server.url}/b/{issued.token}/"

    page.goto(url)
    expect(page.get_by_role("heading", name="Winter route planning")).to_be_visible()
    expect(page.get_by_role("cell", name="Security review")).to_be_visible()
    assert "/accounts/login/" not in page.url

    revoke_buyer_link(issued.link)
    response = page.reload()
    assert response is not None
    assert response.status == 410
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    expect(page.get_by_text("Security review")).to_have_count(0)
