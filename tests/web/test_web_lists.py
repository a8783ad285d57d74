"""Account and journey lists: filters, sorting, pagination, and bounded query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from helpfirst.journeys.panels import JOURNEY_PANEL_PROVIDERS


@pytest.fixture
def many_accounts(team_data, factories):
    """Add 60 of Rob's accounts, each with a journey and two touches."""
    rob = team_data["rob"]
    for i in range(60):
        account = factories.account(
            team_data["team"],
            f"Bulk {i:02d}",
            owner=rob,
            industry="Retail" if i % 2 else "Energy",
        )
        journey = factories.journey(account, rob, f"Bulk need {i:02d}")
        factories.interaction(account, "page_view", journey=journey, page_type="pricing")
        factories.interaction(account, "email_opened", journey=journey)
    return team_data


def _titles(response) -> str:
    return response.content.decode()


def test_account_search_filters_and_sort(client, team_data):
    client.force_login(team_data["manager"])
    url = reverse("account-list")
    assert "Acme Freight" in _titles(client.get(url, {"q": "acmefreight.ex"}))
    assert "Globex" not in _titles(client.get(url, {"q": "acme"}))
    retail = _titles(client.get(url, {"industry": "Retail"}))
    assert "Globex Retail" in retail
    assert "Acme Freight" not in retail
    robs = _titles(client.get(url, {"owner": team_data["rob"].pk}))
    assert "Acme Freight" in robs
    assert "Globex Retail" not in robs
    page = _titles(client.get(url, {"sort": "-name"}))
    assert page.index("Initech") < page.index("Globex Retail") < page.index("Acme Freight")


def test_account_stage_filter_uses_visible_journeys(client, team_data):
    client.force_login(team_data["manager"])
    client.post(
        reverse("journey-stage-change", args=[team_data["rita_initech"].pk]),
        {"to_stage": "deciding", "reason": "Shortlist of two"},
    )
    url = reverse("account-list")
    deciding = _titles(client.get(url, {"stage": "deciding"}))
    assert "Initech" in deciding
    assert "Acme Freight" not in deciding
    client.force_login(team_data["rob"])  # Rita's journey must not put Initech on Rob's filter
    assert "Initech" not in _titles(client.get(url, {"stage": "deciding"}))


def test_bad_filter_values_are_ignored(client, team_data):
    client.force_login(team_data["rob"])
    response = client.get(
        reverse("account-list"), {"owner": "abc", "sort": "drop table", "page": "-3"}
    )
    assert response.status_code == 200
    assert b"Acme Freight" in response.content


def test_account_list_paginates(client, many_accounts):
    client.force_login(many_accounts["rob"])
    first = _titles(client.get(reverse("account-list")))
    assert "Next" in first
    assert "of 62" in first
    second = _titles(client.get(reverse("account-list"), {"page": 2}))
    assert "Showing 51–62" in second
    assert "Bulk 59" in second


def test_account_list_query_count_is_bounded(client, many_accounts, django_assert_max_num_queries):
    client.force_login(many_accounts["rob"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("account-list"), {"stage": "open", "sort": "-employees"})
    assert response.status_code == 200


def test_journey_list_query_count_is_bounded(client, many_accounts, django_assert_max_num_queries):
    client.force_login(many_accounts["manager"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("journey-list"), {"stage": "pre_sale"})
    assert "Bulk need" in response.content.decode()


def test_account_page_query_count_is_bounded(
    client, many_accounts, factories, django_assert_max_num_queries
):
    acme = many_accounts["acme"]
    for _ in range(40):
        factories.interaction(acme, "link_clicked", journey=many_accounts["rob_journey"])
    client.force_login(many_accounts["rob"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("account-detail", args=[acme.pk]))
    assert "Show older touches" in response.content.decode()


def test_home_query_count_is_bounded(client, many_accounts, django_assert_max_num_queries):
    client.force_login(many_accounts["manager"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("home")).status_code == 200


def test_journey_page_query_count_is_bounded(client, team_data, django_assert_max_num_queries):
    client.force_login(team_data["rob"])
    # 10 for the journey itself, plus a small fixed budget for the panels other domains add.
    with django_assert_max_num_queries(10 + 2 * len(JOURNEY_PANEL_PROVIDERS)):
        client.get(reverse("journey-detail", args=[team_data["rob_journey"].pk]))


def test_htmx_filter_request_gets_only_the_results(client, many_accounts):
    client.force_login(many_accounts["rob"])
    response = client.get(
        reverse("account-list"),
        {"q": "Bulk 1", "sort": "-name"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="account-results",
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="account-results">')
    assert "<html" not in page
    assert page.index("Bulk 19") < page.index("Bulk 10")
    assert "of 10" in page
