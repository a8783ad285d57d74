"""Browser flow in Chromium: open a stored call, jump from the chart and a coaching note to the
moment in the transcript, and see questions, pressure and the scorecard."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's sync API runs an event loop in this thread; Django must allow ORM calls anyway.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CALL = """WEBVTT

00:00:01.000 --> 00:00:06.000
<v Rob>Thanks for the time, Ann. What made you look at route planning now?</v>

00:00:06.500 --> 00:00:16.000
<v Ann Ahlberg>Our trucks are late every Monday and it costs us penalties every week.</v>

00:00:16.500 --> 00:02:10.000
<v Rob>Let me tell you everything about our platform. We have dashboards, alerts, \
integrations, a mobile app, reports, an API, single sign-on, audit logs, and honestly most \
companies like yours are one incident away from a disaster.</v>

00:02:10.500 --> 00:02:14.000
<v Ann Ahlberg>I see. Can we talk about it next week?</v>

00:02:14.500 --> 00:02:18.000
<v Rob>Does Tuesday at 10am work for a pilot review?</v>

00:02:18.500 --> 00:02:20.000
<v Ann Ahlberg>Yes, Tuesday at 10 works.</v>
"""


@pytest.fixture
def stored_call(sales_team):
    from django.utils import timezone

    from helpfirst.calls.services import record_call

    journey = sales_team["journey"]
    ann = sales_team["account"].contacts.get(first_name="Ann")
    ann.recording_consent = True
    ann.save()
    return record_call(
        journey,
        contacts=[ann],
        transcript_text=CALL,
        filename="rob-ann.vtt",
        occurred_at=timezone.now() - timedelta(days=1),
    )


def test_call_page_shows_the_call_and_links_moments(page: Page, live_server, stored_call):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = live_server.url
    page.goto(f"{base}/calls/{stored_call.pk}/")
    page.get_by_label("Username").fill("rob")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Call with Ann Ahlberg")
    scorecard = page.locator("#scorecard")
    expect(scorecard.locator("#helping-score")).to_have_text(str(stored_call.helping_score))
    expect(scorecard.locator("#talk-ratio")).to_have_text(f"{round(stored_call.talk_ratio * 100)}%")
    expect(scorecard.locator("#longest-monologue")).to_contain_text("min")

    turns = page.locator("#transcript > li")
    expect(turns).to_have_count(6)
    expect(turns.nth(0).locator("mark.q-open")).to_contain_text("What made you look")
    expect(turns.nth(2).locator("mark.tactic")).to_contain_text("one incident away from a disaster")
    expect(turns.nth(2)).to_have_class(re.compile(r"\bin-monologue\b"))
    expect(turns.nth(1).locator(".side-badge")).to_have_text("buyer")

    bars = page.locator("svg.speaking-bar rect.utterance-bar")
    expect(bars).to_have_count(6)
    bars.nth(4).click()  # the bar of the next-step proposal jumps to its turn
    expect(page).to_have_url(re.compile(r"#u-4$"))
    expect(page.locator("#u-4")).to_be_in_viewport()

    note = page.locator("#coaching a.moment").first
    expect(note).to_have_text(re.compile(r"^At \d+:\d\d$"))
    target = note.get_attribute("href")
    note.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator("#next-step")).to_contain_text("Agreed")
    expect(page.locator("#pressure")).to_contain_text("Fear, uncertainty, doubt")
    assert errors == []
