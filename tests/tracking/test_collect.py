"""The public collect endpoint: stored once, refused when it must be, never across teams."""

from __future__ import annotations

import time

import pytest

from helpfirst.capture.models import CaptureSource
from helpfirst.core.website.payload import DEDUPE_BUCKET_SECONDS
from helpfirst.interactions.models import Interaction
from helpfirst.tracking.collect import HEALTH
from helpfirst.tracking.models import VisitEvent, Visitor
from tests.tracking.conftest import ORIGIN_A, ORIGIN_B, post

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_view_is_stored_in_tracking_tables_only(client, world, sites):
    site_a, _ = sites
    response = post(client, site_a, referrer="https://search.test/?q=forecast")
    assert response.status_code == 202, response.content
    assert response.json() == {
        "stored": 1,
        "duplicate": False,
    }
    assert response["Access-Control-Allow-Origin"] == ORIGIN_A
    stored = VisitEvent.objects.get()
    assert (stored.team_id, stored.page_type, stored.kind) == (
        world.team_a.pk,
        "pricing",
        "page_view",
    )
    assert stored.ip_address == ""  # the default IP policy drops addresses
    assert Visitor.objects.get().contact is None
    assert not Interaction.objects.filter(source="website").exists()


def test_truncate_policy_keeps_only_the_network(client, world, sites):
    from helpfirst.tracking.sites import update_site

    site_a, _ = sites
    update_site(site_a, ip_policy="truncate")
    post(client, site_a, remote_addr="203.0.113.77", url="https://www.alpha-vendor.test/docs")
    assert VisitEvent.objects.get(url__endswith="/docs").ip_address == "203.0.113.0"


def test_a_resent_event_is_stored_once(client, world, sites):
    site_a, _ = sites
    # Start of a dedupe bucket, so the reload 4 s later always falls into the same bucket.
    bucket_ms = DEDUPE_BUCKET_SECONDS * 1000
    at = int(time.time() * 1000) // bucket_ms * bucket_ms
    first = post(client, site_a, at=at, event_id="evt-000001")
    again = post(client, site_a, at=at, event_id="evt-000001")
    reload_soon = post(client, site_a, at=at + 4000, event_id="evt-000002")
    assert first.json()["stored"] == 1
    assert again.status_code == 202
    assert again.json()["duplicate"] is True
    assert reload_soon.json()["duplicate"] is True
    assert VisitEvent.objects.count() == 1


@pytest.mark.parametrize("header", [{"DNT": "1"}, {"Sec-GPC": "1"}])
def test_do_not_track_and_gpc_headers_are_refused(client, world, sites, header):
    site_a, _ = sites
    response = post(client, site_a, headers=header)
    assert response.status_code == 403
    assert response.json()["code"] == "privacy_signal"
    assert not VisitEvent.objects.exists()
    assert not Visitor.objects.exists()


@pytest.mark.parametrize("flag", [{"dnt": True}, {"gpc": True}])
def test_privacy_flags_in_the_body_are_refused(client, world, sites, flag):
    site_a, _ = sites
    assert post(client, site_a, **flag).status_code == 403
    assert not VisitEvent.objects.exists()


@pytest.mark.parametrize("origin", ["https://evil.test", "", "null", ORIGIN_B])
def test_a_wrong_origin_is_refused_without_cors(client, world, sites, origin):
    site_a, _ = sites
    response = post(client, site_a, origin=origin)
    assert response.status_code == 403
    assert response.json()["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in response
    assert not VisitEvent.objects.exists()


def test_consent_is_required_when_the_site_says_so(client, world, sites):
    from helpfirst.tracking.sites import update_site

    site_a, _ = sites
    update_site(site_a, consent_required=True)
    assert post(client, site_a).json()["code"] == "no_consent"
    assert post(client, site_a, consent=False).status_code == 403
    assert post(client, site_a, consent=True).status_code == 202
    assert VisitEvent.objects.count() == 1


def test_bad_payloads_get_a_clear_400(client, world, sites):
    site_a, _ = sites
    response = post(client, site_a, url="javascript:alert(1)")
    assert response.status_code == 400
    assert response.json()["field"] == "url"
    response = client.post(
        "/t/collect", data="not json", content_type="text/plain", headers={"Origin": ORIGIN_A}
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["message"]
    big = client.post(
        "/t/collect", data="x" * 9000, content_type="text/plain", headers={"Origin": ORIGIN_A}
    )
    assert big.status_code == 413


def test_unknown_or_disabled_site_keys_are_refused(client, world, sites):
    from helpfirst.tracking.sites import update_site

    site_a, _ = sites
    response = post(client, site_a, site_key="hfs_doesnotexist")
    assert response.status_code == 403
    assert response.json()["code"] == "unknown_site"
    update_site(site_a, enabled=False)
    assert post(client, site_a).status_code == 403


def test_one_sites_key_never_writes_into_another_teams_data(client, world, sites):
    """Team B's key, with team A's link token and a team A contact's e-mail, stays in team B."""
    from helpfirst.tracking.links import make_link

    site_a, site_b = sites
    link_a = make_link(world.team_a.pk, "https://www.alpha-vendor.test/", contact=world.c1)
    url_b = "https://www.other-vendor.test/pricing"
    view = post(client, site_b, origin=ORIGIN_B, url=url_b, link_token=link_a.token)
    form = post(
        client,
        site_b,
        origin=ORIGIN_B,
        url=url_b,
        kind="form_submit",
        email=world.c1.email,
        title="Contact us",
    )
    assert view.status_code == 202
    assert form.status_code == 202
    assert set(view.json()) == {"stored", "duplicate"}  # never says whether someone is known
    assert set(VisitEvent.objects.values_list("team_id", flat=True)) == {world.team_b.pk}
    visitor = Visitor.objects.get()
    assert (visitor.team_id, visitor.contact_id) == (world.team_b.pk, None)
    assert not Interaction.objects.filter(source="website").exists()
    # Team A's key from team B's origin is refused too.
    assert post(client, site_a, origin=ORIGIN_B).status_code == 403


def test_the_same_visitor_id_on_two_sites_is_two_visitors(client, world, sites):
    site_a, site_b = sites
    post(client, site_a)
    post(client, site_b, origin=ORIGIN_B, url="https://www.other-vendor.test/")
    assert Visitor.objects.count() == 2
    assert sorted(Visitor.objects.values_list("team_id", flat=True)) == sorted(
        [world.team_a.pk, world.team_b.pk]
    )


def test_the_site_rate_limit_answers_429(client, world, sites):
    from helpfirst.tracking.sites import update_site

    site_a, _ = sites
    update_site(site_a, events_per_minute=3)
    answers = [
        post(client, site_a, url=f"https://www.alpha-vendor.test/p{i}").status_code
        for i in range(5)
    ]
    assert answers[:3] == [202, 202, 202]
    assert answers[3:] == [429, 429]
    limited = post(client, site_a, url="https://www.alpha-vendor.test/again")
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert VisitEvent.objects.count() == 3


def test_the_per_address_rate_limit_answers_429(client, world, sites, monkeypatch):
    monkeypatch.setenv("HELPFIRST_TRACKING_IP_LIMIT", "2")
    site_a, _ = sites
    answers = [
        post(client, site_a, url=f"https://www.alpha-vendor.test/p{i}").status_code
        for i in range(3)
    ]
    assert answers == [202, 202, 429]


def test_preflight_answers_cors_only_for_the_sites_origins(client, world, sites):
    site_a, _ = sites
    ok = client.options(f"/t/collect?site_key={site_a.site_key}", headers={"Origin": ORIGIN_A})
    assert ok.status_code == 204
    assert ok["Access-Control-Allow-Origin"] == ORIGIN_A
    bad = client.options(
        f"/t/collect?site_key={site_a.site_key}", headers={"Origin": "https://evil.test"}
    )
    assert "Access-Control-Allow-Origin" not in bad
    assert "Access-Control-Allow-Origin" not in client.options(
        "/t/collect", headers={"Origin": ORIGIN_A}
    )


def test_collect_needs_no_login_and_no_csrf_token(world, sites):
    from django.test import Client

    site_a, _ = sites
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, site_a).status_code == 202
    assert strict.get("/t/collect").status_code == 405


def test_capture_health_records_stored_events_and_failures(client, world, sites, monkeypatch):
    from helpfirst.tracking import collect

    site_a, _ = sites
    post(client, site_a)
    post(client, site_a)  # a duplicate
    HEALTH.flush()
    source = CaptureSource.objects.get(team=world.team_a, kind="website")
    assert source.items_stored == 1
    assert source.duplicates_skipped == 1
    assert source.last_success_at is not None

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(collect, "store", broken)
    with pytest.raises(RuntimeError):
        post(client, site_a, url="https://www.alpha-vendor.test/docs")
    source.refresh_from_db()
    assert source.error_count == 1
    assert "disk full" in source.last_error
