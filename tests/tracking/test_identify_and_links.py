"""Visitors join contacts (form or tracked link); tracked links and the open pixel."""

from __future__ import annotations

import time

import pytest

from helpfirst.core.website.errors import TrackingSetupError
from helpfirst.interactions.models import Interaction
from helpfirst.tracking import links
from helpfirst.tracking.models import LinkClick, TrackedLink, VisitEvent, Visitor
from tests.tracking.conftest import post

pytestmark = pytest.mark.django_db

BASE = "https://www.alpha-vendor.test"


def _views(contact):
    return Interaction.objects.filter(contact=contact, source="website").order_by("occurred_at")


def test_a_form_with_a_known_email_turns_earlier_and_later_views_into_interactions(
    client, world, sites
):
    site_a, _ = sites
    now = int(time.time() * 1000)
    post(client, site_a, url=f"{BASE}/pricing", at=now - 120_000)
    post(
        client,
        site_a,
        url=f"{BASE}/resources/roi.pdf",
        kind="content_download",
        title="ROI guide",
        at=now - 60_000,
    )
    answer = post(
        client,
        site_a,
        url=f"{BASE}/contact",
        kind="form_submit",
        email="ANN@alpha.example",
        at=now - 30_000,
    )
    assert answer.json() == {"stored": 1, "duplicate": False}  # says nothing about who
    assert _views(world.c1).count() == 2
    visitor = Visitor.objects.get()
    assert (visitor.contact, visitor.identified_by) == (world.c1, "form")
    stored = list(_views(world.c1))
    assert [(i.kind, i.page_type) for i in stored] == [
        ("page_view", "pricing"),
        ("content_download", ""),
    ]
    assert all(i.account == world.a1 and i.journey == world.j1 for i in stored)
    assert stored[0].external_id == f"visit-{VisitEvent.objects.get(kind='page_view').pk}"
    # A later view goes straight onto the contact.
    later = post(client, site_a, url=f"{BASE}/docs/setup", at=now)
    assert later.status_code == 202
    assert _views(world.c1).count() == 3
    assert _views(world.c1).last().page_type == "docs"
    # Re-sending everything changes nothing.
    post(client, site_a, url=f"{BASE}/docs/setup", at=now)
    post(
        client,
        site_a,
        url=f"{BASE}/contact",
        kind="form_submit",
        email="ann@alpha.example",
        at=now - 30_000,
    )
    assert _views(world.c1).count() == 3


def test_an_unknown_email_identifies_nobody_and_is_not_kept(client, world, sites):
    site_a, _ = sites
    post(client, site_a, kind="form_submit", email="stranger@nowhere.example")
    assert Visitor.objects.get().contact is None
    assert "stranger" not in str(list(VisitEvent.objects.values()))


def test_journey_is_left_empty_when_the_account_has_several_open_journeys(client, world, sites):
    site_a, _ = sites
    post(client, site_a, kind="form_submit", email=world.c2.email)
    post(client, site_a, url=f"{BASE}/pricing/enterprise")
    view = _views(world.c2).get()
    assert view.account == world.a2
    assert view.journey is None  # a2 has j2 and j3 open


def test_arriving_through_a_tracked_link_joins_the_visitor(client, world, sites):
    site_a, _ = sites
    post(client, site_a, url=f"{BASE}/blog/forecasting")
    link = links.make_link(
        world.team_a.pk, f"{BASE}/pricing", contact=world.c1, reference="Follow-up 12 Nov"
    )
    answer = post(client, site_a, url=f"{BASE}/pricing?hf_t={link.token}", link_token=link.token)
    assert answer.status_code == 202
    assert [i.page_type for i in _views(world.c1)] == ["blog", "pricing"]
    assert all("hf_t" not in i.url for i in _views(world.c1))
    assert Visitor.objects.get().identified_by == "link"


def test_tracked_url_redirects_to_the_stored_destination_and_counts_each_click_once(client, world):
    url = links.tracked_url(
        world.team_a.pk,
        f"{BASE}/case-studies/northwind?utm=mail",
        contact=world.c1,
        journey=world.j1,
        reference="E-mail 42",
        base_url="https://hf.example",
    )
    token = url.rsplit("/", 1)[1]
    assert url == f"https://hf.example/l/{token}"
    # Made once per destination and recipient.
    assert links.tracked_url(
        world.team_a.pk,
        f"{BASE}/case-studies/northwind?utm=mail",
        contact=world.c1,
        journey=world.j1,
        reference="E-mail 42",
    ).endswith(token)
    first = client.get(f"/l/{token}")
    assert first.status_code == 302
    assert first["Location"] == f"{BASE}/case-studies/northwind?utm=mail&hf_t={token}"
    assert first["Cache-Control"] == "no-store"
    client.get(f"/l/{token}")  # the same browser again within 30 s: the same click
    client.get(f"/l/{token}", headers={"User-Agent": "Another browser"})
    clicks = Interaction.objects.filter(kind="link_clicked", contact=world.c1)
    assert clicks.count() == 2
    assert {c.journey for c in clicks} == {world.j1}
    assert TrackedLink.objects.get().clicks == 2
    assert LinkClick.objects.count() == 2
    assert clicks.first().external_id.startswith("click-")


def test_a_link_without_a_contact_redirects_without_the_token(client, world):
    link = links.make_link(world.team_a.pk, f"{BASE}/")
    response = client.get(f"/l/{link.token}")
    assert response["Location"] == f"{BASE}/"
    assert not Interaction.objects.filter(kind="link_clicked").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/l/unknown-token-123",
        "/l/https://evil.test",
        "/l/%2F%2Fevil.test",
        "/l/" + "a" * 200,
    ],
)
def test_no_open_redirect_unknown_tokens_are_404(client, world, path):
    links.make_link(world.team_a.pk, f"{BASE}/")
    response = client.get(path)
    assert response.status_code == 404


def test_no_open_redirect_query_parameters_are_ignored(client, world):
    link = links.make_link(world.team_a.pk, f"{BASE}/")
    for query in ("?next=https://evil.test", "?url=https://evil.test", "?hf_t=x&to=//evil.test"):
        response = client.get(f"/l/{link.token}{query}")
        assert response["Location"] == f"{BASE}/"


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "//evil.test", "data:text/html,x", "https://u:p@evil.test/"]
)
def test_tracked_links_only_go_to_plain_http_destinations(world, bad):
    with pytest.raises(TrackingSetupError):
        links.tracked_url(world.team_a.pk, bad)


def test_tracked_links_refuse_another_teams_contact(world):
    with pytest.raises(TrackingSetupError):
        links.tracked_url(world.team_a.pk, f"{BASE}/", contact=world.c1, journey=world.jb)
    with pytest.raises(TrackingSetupError):
        links.tracked_url(world.team_b.pk, f"{BASE}/", contact=world.c1)


def test_open_pixel_is_off_by_default_and_unreliable_when_on(client, world):
    from helpfirst.tracking.models import OpenPixel
    from helpfirst.tracking.sites import team_settings

    assert links.open_pixel_url(world.team_a.pk, world.c1) is None
    settings_row = team_settings(world.team_a.pk)
    settings_row.open_tracking = True
    settings_row.save()
    url = links.open_pixel_url(
        world.team_a.pk, world.c1, reference="Follow-up", base_url="https://hf.example"
    )
    token = url.rsplit("/", 1)[1].removesuffix(".gif")
    response = client.get(f"/t/o/{token}.gif")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    client.get(f"/t/o/{token}.gif")  # counted once per 10 minutes
    opened = Interaction.objects.get(kind="email_opened")
    assert opened.properties["reliable"] is False
    assert opened.contact == world.c1
    # Switched off again: the image still loads, nothing is recorded.
    settings_row.open_tracking = False
    settings_row.save()
    client.get(f"/t/o/{token}.gif", headers={"User-Agent": "other"})
    assert Interaction.objects.filter(kind="email_opened").count() == 1
    assert OpenPixel.objects.get().opens == 1
    assert client.get("/t/o/nonexistent-token.gif").status_code == 200


def test_capture_health_of_tracked_links(client, world):
    from helpfirst.capture.models import CaptureSource

    link = links.make_link(world.team_a.pk, f"{BASE}/", contact=world.c1)
    client.get(f"/l/{link.token}")
    source = CaptureSource.objects.get(team=world.team_a, kind="tracked_link")
    assert source.items_stored == 1
    assert source.error_count == 0


def test_timelines_mark_pixel_opens_unreliable(world):
    from helpfirst.accounts.queries import account_timeline
    from helpfirst.web.templatetags.helpfirst_rows import timeline_rows
    from tests.factories import InteractionFactory

    InteractionFactory(
        account=world.a1,
        contact=world.c1,
        kind="email_opened",
        page_type="",
        source="tracked_link",
        properties={"reliable": False},
    )
    full = str(timeline_rows(world.a1.interactions.filter(kind="email_opened")))
    assert "unreliable" in full
    page = account_timeline(world.manager, world.a1)
    assert "unreliable" in str(timeline_rows(page.items))  # properties not loaded there
