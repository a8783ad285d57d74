"""Browser flow: build a business case with the buyer, open the one-pager, download the PDF."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_business_case_and_download_pdf(page: Page, live_server, sales_team):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    journey = sales_team["journey"]
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("rob")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rob")

    page.goto(f"{base}/journeys/{journey.pk}/business-case/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Business case")
    # The account's stated priorities are offered as the strategies to tie the case to.
    expect(page.locator('[name="case-strategies"]')).to_have_value(
        re.compile("Fewer late deliveries")
    )
    page.locator('[name="baseline-0-name"]').fill("Late deliveries")
    page.locator('[name="baseline-0-annual_cost"]').fill("100000")
    page.locator('[name="improvements-0-line"]').fill("Late deliveries")
    page.locator('[name="improvements-0-low"]').fill("20")
    page.locator('[name="improvements-0-expected"]').fill("30")
    page.locator('[name="improvements-0-high"]').fill("40")
    page.locator('[name="costs-0-name"]').fill("Licences")
    page.locator('[name="costs-0-one_off"]').fill("20000")
    page.locator('[name="costs-0-recurring_per_year"]').fill("10000")
    page.get_by_role("button", name="Save and calculate").click()

    figures = page.locator("#scenario-figures")
    expect(figures).to_contain_text("31,542 EUR")  # expected NPV at 8 %, computed by hand
    expect(figures).to_contain_text("12.0 months")
    expect(page.locator("#tornado svg")).to_be_visible()

    page.get_by_role("link", name="One-page document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Winter route planning")
    expect(page.locator(".strategies")).to_contain_text("Fewer late deliveries this winter")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert errors == []
