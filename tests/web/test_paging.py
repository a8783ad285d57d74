"""The in-Python sort of a narrow result orders and counts exactly as the database does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from helpfirst.accounts import queries
from helpfirst.web.paging import count_upto, slice_ids, sorted_window

NAMES = ["apple", "Banana", "Äpfel", "banana", "Zed", "zed", "Éclair", "42 Labs", "apple"]


@pytest.fixture
def odd_accounts(team_data, factories):
    """Add accounts with mixed case, accents, duplicate names and unknown head counts."""
    now = timezone.now()
    for i, name in enumerate(NAMES):
        factories.account(
            team_data["team"],
            f"{name} search-me",
            owner=team_data["rob"],
            industry="" if i % 3 == 0 else ("Retail" if i % 2 else "Energy"),
            employees=None if i % 4 == 0 else (i % 3) * 100,
            updated_at=now - timedelta(hours=i % 5),
        )
    return team_data


@pytest.mark.parametrize("sort", list(queries.ACCOUNT_SORTS))
@pytest.mark.parametrize("role", ["manager", "rob"])
def test_sorted_window_matches_the_database(odd_accounts, sort, role):
    user = odd_accounts[role]
    accounts = queries.filtered_accounts(user, queries.AccountFilters(q="search-me", sort=sort))
    for number in (1, 2, 3, 4):
        window = sorted_window(accounts, queries.account_ordering(sort), number, per_page=4)
        if connection.vendor != "sqlite":
            assert window is None  # only SQLite's order is reproduced in Python; others use SQL
            continue
        ids, has_next = slice_ids(accounts, number, 4)
        assert window == (ids, has_next, *count_upto(accounts))


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="sorted_window is SQLite's fast path; others use SQL"
)
def test_sorted_window_caps_the_count_and_gives_up_past_its_limit(odd_accounts):
    user = odd_accounts["manager"]
    accounts = queries.filtered_accounts(user, queries.AccountFilters(q="search-me"))
    ordering = queries.account_ordering("name")
    assert sorted_window(accounts, ordering, 1, per_page=2, cap=5)[2:] == (5, True)
    assert sorted_window(accounts, ordering, 1, per_page=2, most=len(NAMES) - 1) is None


def test_search_page_lists_rows_in_name_order(client, odd_accounts):
    client.force_login(odd_accounts["rob"])
    page = client.get(reverse("account-list"), {"q": "search-me"}).content.decode()
    positions = [page.index(f">{name} search-me<") for name in ("42 Labs", "Banana", "Zed")]
    assert positions == sorted(positions)
    assert "of 9" in page
