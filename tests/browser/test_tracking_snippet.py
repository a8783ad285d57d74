"""Browser flow: a visitor reads a customer's pricing page carrying the snippet, clicks a
tracked link from our e-mail, and both page views appear on the right contact."""

from __future__ import annotations

import functools
import os
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<script src="{helpfirst}/static/tracking/helpfirst.js" data-site-key="{key}"
        data-endpoint="{helpfirst}/t/collect" data-consent="given" defer></script>
</head><body><h1>{title}</h1>{body}</body></html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def customer_site(tmp_path):
    """The customer's own website: static pages on 127.0.0.1 (another origin than helpfirst)."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _urls_loaded():
    """Import every view before the browser's first request: the first import of the URL map
    (numpy, scikit-learn …) can take longer than the snippet's request is worth waiting for."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module


@pytest.fixture
def buyer(transactional_db):
    from helpfirst.accounts.models import Account, Contact
    from helpfirst.journeys.services import open_journey
    from helpfirst.team.models import Role, Team, User

    team = Team.objects.create(name="Vendor", slug="vendor")
    rep = User.objects.create_user("rita", password="browser-pass-3", team=team, role=Role.REP)
    account = Account.objects.create(team=team, name="Acme Freight", domain="acme.example")
    ann = Contact.objects.create(
        team=team, account=account, first_name="Ann", last_name="Ahlberg", email="ann@acme.example"
    )
    other = Contact.objects.create(
        team=team, account=account, first_name="Bo", email="bo@acme.example"
    )
    journey = open_journey(account=account, owner=rep, title="Route planning")
    return {"team": team, "ann": ann, "other": other, "journey": journey}


def _wait_for(page, check, seconds=10.0):
    """Poll ``check`` while letting Playwright run (its sync API only works while called)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = check()
        if value:
            return value
        page.wait_for_timeout(100)
    return check()


def test_page_view_joins_the_contact_after_a_tracked_link(
    live_server, customer_site, buyer, page: Page
):
    from helpfirst.interactions.models import Interaction
    from helpfirst.tracking.links import tracked_url
    from helpfirst.tracking.models import VisitEvent, Visitor
    from helpfirst.tracking.sites import create_site

    folder, origin = customer_site
    site = create_site(
        buyer["team"].pk,
        name="Vendor website",
        allowed_origins=[origin],
        page_rules="/stories/* case_study\n/pricing.html pricing",
        consent_required=True,
    )
    link = tracked_url(
        buyer["team"].pk,
        f"{origin}/stories/acme.html",
        contact=buyer["ann"],
        reference="Follow-up e-mail",
        base_url=live_server.url,
    )
    common = {"helpfirst": live_server.url, "key": site.site_key}
    (folder / "pricing.html").write_text(
        PAGE.format(
            title="Pricing",
            body=f'<p>Plans.</p><a id="story" href="{link}">How Acme cut late deliveries</a>',
            **common,
        )
    )
    (folder / "stories").mkdir()
    (folder / "stories" / "acme.html").write_text(
        PAGE.format(title="Acme story", body="<p>Case study.</p>", **common)
    )

    # 1. An anonymous visit to the pricing page: recorded, but on nobody yet.
    page.goto(f"{origin}/pricing.html")
    assert _wait_for(page, lambda: VisitEvent.objects.filter(page_type="pricing").exists())
    assert Visitor.objects.get().contact is None
    assert not Interaction.objects.filter(source="website").exists()

    # 2. The visitor clicks the tracked link from our e-mail (helpfirst redirects to the story).
    page.click("#story")
    page.wait_for_url(f"{origin}/stories/acme.html*")
    assert _wait_for(page, lambda: Interaction.objects.filter(source="website").count() == 2)

    views = Interaction.objects.filter(source="website").order_by("occurred_at")
    assert [(v.kind, v.page_type) for v in views] == [
        ("page_view", "pricing"),
        ("page_view", "case_study"),
    ]
    assert {v.contact for v in views} == {buyer["ann"]}
    assert {v.journey for v in views} == {buyer["journey"]}
    assert not Interaction.objects.filter(contact=buyer["other"]).exists()
    click = Interaction.objects.get(kind="link_clicked")
    assert click.contact == buyer["ann"]
    # The snippet removed the joining token from the address bar; it was never stored.
    assert "hf_t" not in page.url
    assert not VisitEvent.objects.filter(url__contains="hf_t").exists()
    assert Visitor.objects.get().identified_by == "link"


def test_global_privacy_control_means_nothing_is_sent(
    live_server, customer_site, buyer, page: Page
):
    from helpfirst.tracking.models import VisitEvent
    from helpfirst.tracking.sites import create_site

    folder, origin = customer_site
    site = create_site(
        buyer["team"].pk, name="Vendor website", allowed_origins=[origin], consent_required=False
    )
    (folder / "index.html").write_text(
        PAGE.format(title="Home", body="<p>Hi.</p>", helpfirst=live_server.url, key=site.site_key)
    )
    page.add_init_script(
        "Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true});"
    )
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/t/collect" in r.url else None)
    page.goto(f"{origin}/index.html")
    page.wait_for_load_state("networkidle")
    assert requests == []
    assert not VisitEvent.objects.exists()
