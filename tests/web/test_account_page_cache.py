"""The account pages' fragment cache: scoped per user, and every write is seen at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from helpfirst.accounts import page_cache
from helpfirst.interactions.ingest import store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.services import change_buying_stage

HEADER = page_cache.HEADER


@pytest.fixture(autouse=True)
def _fresh_cache():
    page_cache.clear()
    with override_settings(HELPFIRST_PAGE_CACHE_SECONDS=60):
        yield
    page_cache.clear()


def _get(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def test_second_request_is_a_hit_with_the_same_page(client, world):
    url = reverse("account-list")
    first = _get(client, world.rep1, url)
    second = client.get(url)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert "Alpha GmbH" in second.content.decode()


def test_list_fragment_is_never_shared_between_users(client, world):
    url = reverse("account-list")
    as_manager = _get(client, world.manager, url).content.decode()
    assert "Gamma Inc" in as_manager  # the manager's fragment is cached first...
    response = _get(client, world.rep2, url)
    body = response.content.decode()
    assert response[HEADER] == "miss"  # ...and never served to a rep
    assert "Beta SA" in body
    assert "Alpha GmbH" not in body
    assert "Gamma Inc" not in body
    assert "Other Co" not in body
    outsider = _get(client, world.outsider, url).content.decode()
    assert "Other Co" in outsider
    assert "Beta SA" not in outsider


def test_detail_fragment_keeps_each_reps_journeys_apart(client, world):
    url = reverse("account-detail", args=[world.a2.pk])
    as_rep1 = _get(client, world.rep1, url).content.decode()
    assert "Beta reporting" in as_rep1
    assert "Beta onboarding" not in as_rep1
    response = _get(client, world.rep2, url)
    as_rep2 = response.content.decode()
    assert response[HEADER] == "miss"
    assert "Beta onboarding" in as_rep2
    assert "Beta reporting" not in as_rep2


def test_cached_detail_never_bypasses_the_404(client, world):
    url = reverse("account-detail", args=[world.a1.pk])
    _get(client, world.manager, url)
    _get(client, world.rep1, url)
    client.force_login(world.rep2)
    assert client.get(url).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_account_edit_shows_on_the_next_request(client, world):
    url = reverse("account-list")
    _get(client, world.rep1, url)
    assert client.get(url)[HEADER] == "hit"
    world.a1.name = "Alpha Renamed AG"
    world.a1.save()
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "Alpha Renamed AG" in response.content.decode()
    detail = client.get(reverse("account-detail", args=[world.a1.pk])).content.decode()
    assert "Alpha Renamed AG" in detail


def test_stage_change_shows_on_the_next_request(client, world):
    url = reverse("account-detail", args=[world.a1.pk])
    _get(client, world.rep1, url)
    change_buying_stage(world.j1, "deciding", changed_by=world.rep1, reason="Quote asked")
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "Deciding" in response.content.decode()


def test_ingested_interactions_show_on_the_next_request(client, world):
    url = reverse("account-detail", args=[world.a1.pk])
    _get(client, world.rep1, url)
    assert client.get(url)[HEADER] == "hit"
    fresh = Interaction(
        team=world.team_a,
        account=world.a1,
        kind="meeting",
        subject="Kick-off with the freshly ingested CFO",
        occurred_at=datetime(2026, 11, 1, tzinfo=UTC),
        source="cache-test",
        external_id="fresh-1",
    )
    created, _ = store_new_interactions(world.team_a.pk, {("cache-test", "fresh-1"): fresh})
    assert created == 1
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "freshly ingested CFO" in response.content.decode()


def test_a_write_in_another_team_keeps_the_cache(client, world):
    url = reverse("account-list")
    _get(client, world.rep1, url)
    world.b1.name = "Other Co Renamed"
    world.b1.save()
    assert client.get(url)[HEADER] == "hit"


def test_zero_seconds_turns_the_cache_off(client, world):
    url = reverse("account-list")
    with override_settings(HELPFIRST_PAGE_CACHE_SECONDS=0):
        _get(client, world.rep1, url)
        assert client.get(url)[HEADER] == "miss"
