"""Read the interactions table through a plain DB-API cursor (the stdlib's sqlite3) into Arrow."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from helpfirst.core.errors import DataValidationError
from helpfirst.core.features import InteractionSource, compute_features, journey_feature_set
from helpfirst.core.features.sources import database_batches, read_database

NOW = datetime(2025, 1, 1, 9, tzinfo=UTC)
ROWS = [
    (1, 1, 7, 1, "page_view", "pricing", "2024-12-31 09:00:00", "{}"),
    (
        2,
        1,
        7,
        1,
        "email_sent",
        "",
        "2024-12-30 09:00:00.250000",
        json.dumps({"touch_intent": "gave"}),
    ),
    (3, 1, None, 1, "call", "", "2024-12-29 09:00:00", json.dumps({"connected": True})),
    (4, 2, None, None, "page_view", "blog", "2024-12-29 09:00:00", "{}"),
    (5, 2, 8, 2, "email_sent", "", "2024-12-31 10:00:00", "{}"),
]


@pytest.fixture
def cursor():
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE TABLE interactions_interaction (id INTEGER PRIMARY KEY, account_id INTEGER, "
        "contact_id INTEGER, journey_id INTEGER, kind TEXT, page_type TEXT, occurred_at TEXT, "
        "properties TEXT)"
    )
    connection.executemany("INSERT INTO interactions_interaction VALUES (?,?,?,?,?,?,?,?)", ROWS)
    yield connection.cursor()
    connection.close()


def test_database_rows_become_features(cursor):
    table = read_database(cursor, chunk_rows=2)
    assert table.num_rows == 5
    assert table.column("occurred_at").to_pylist()[1] == datetime(
        2024, 12, 30, 9, 0, 0, 250000, tzinfo=UTC
    )
    features = compute_features(InteractionSource(table=table), journey_feature_set(), NOW)
    one = {r["journey_id"]: r for r in features.to_pylist()}[1]
    assert (one["gave"], one["touches"], one["answers"], one["unanswered_in_a_row"]) == (1, 2, 1, 1)
    assert one["pricing_views_7d"] == 1


def test_incremental_read_takes_every_interaction_of_changed_journeys(cursor):
    batches = list(database_batches(cursor, key="journey_id", after_id=4, placeholder="?"))
    assert sorted(r for b in batches for r in b.column("journey_id").to_pylist()) == [2]


def test_bad_timestamp_names_its_row(cursor):
    cursor.execute("UPDATE interactions_interaction SET occurred_at = 'yesterday' WHERE id = 3")
    with pytest.raises(DataValidationError, match="row 3"):
        read_database(cursor)
