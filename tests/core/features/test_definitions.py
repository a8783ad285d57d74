"""Check the batch features against hand-computed values and against the per-journey analytics."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpfirst.core.errors import DataValidationError
from helpfirst.core.features import InteractionSource, compute_features, journey_feature_set
from helpfirst.core.features.duckdb_sql import sql_literal
from helpfirst.core.features.expressions import col, fn, lookup
from helpfirst.core.journey import (
    fatigue_from_activity,
    give_ask_from_activity,
    readiness_from_activity,
    summarise_activity,
)
from helpfirst.core.vocabulary import InteractionKind, PageType
from tests.core.features.interaction_tables import NOW, Row, interactions_table

DAY = 24.0
HAND_ROWS = [
    Row(1, "page_view", 1 * DAY, page_type="pricing", contact_id=10),
    Row(1, "page_view", 3 * DAY, page_type="pricing", contact_id=11),
    Row(1, "page_view", 10 * DAY, page_type="security", contact_id=10),
    Row(1, "email_sent", 2 * DAY, contact_id=10, properties={"touch_intent": "asked"}),
    Row(1, "email_sent", 20 * DAY, contact_id=10, properties={"touch_intent": "gave"}),
    Row(1, "email_replied", 15 * DAY, contact_id=10),
    Row(1, "page_view", -1 * DAY, page_type="pricing", contact_id=10),  # in the future: ignored
    Row(2, "email_sent", 1 * DAY, contact_id=20),
    Row(None, "page_view", 1 * DAY, page_type="pricing"),  # no journey: not in journey features
]


def _features(rows: list[Row], key: str = "journey_id") -> dict[int, dict]:
    source = InteractionSource(table=interactions_table(rows))
    table = compute_features(source, journey_feature_set(key), NOW)
    return {row[key]: row for row in table.to_pylist()}


def test_features_match_hand_computed_values():
    features = _features(HAND_ROWS)
    assert sorted(features) == [1, 2]
    one = features[1]
    assert one["events"] == 6
    assert (one["pricing_views_7d"], one["pricing_views_30d"]) == (2, 2)
    assert (one["security_views_7d"], one["security_views_30d"]) == (0, 1)
    assert one["replies_30d"] == 1
    assert (one["active_contacts_7d"], one["active_contacts_30d"]) == (2, 2)
    half = 2.0 ** (-1 / 14)
    base = 3 * half + 3 * half**3 + 2.5 * half**10 + 3.0 * half**15
    assert one["readiness_base_points"] == pytest.approx(base, rel=1e-12)
    assert one["stakeholder_multiplier"] == pytest.approx(1.1)
    assert one["readiness_score"] == pytest.approx(100 * (1 - math.exp(-base * 1.1 / 12)))
    assert (one["touches"], one["answers"], one["unanswered_in_a_row"]) == (2, 1, 1)
    assert (one["gave"], one["asked"], one["neutral"], one["asks_in_a_row"]) == (1, 1, 0, 1)
    assert one["give_share"] == 0.5
    assert one["days_since_last_touch"] == pytest.approx(2.0)
    assert one["days_since_last_answer"] == pytest.approx(15.0)
    assert one["last_inbound_at"] == NOW - timedelta(days=1)
    keep = 0.87 * (1 - 0.5 * (1 - 2 / 7))
    assert one["fatigue_penalty"] == pytest.approx(1 - keep)
    assert one["back_off"] is True  # touched two days ago: give them until day three
    two = features[2]
    assert (two["events"], two["touches"], two["unanswered_in_a_row"], two["neutral"]) == (
        1,
        1,
        1,
        1,
    )
    assert two["readiness_score"] == 0.0
    assert two["give_share"] is None
    assert two["last_inbound_at"] is None
    assert two["as_of"] == NOW


def test_account_features_include_events_without_a_journey():
    features = _features(HAND_ROWS, key="account_id")
    assert features[1]["events"] == 8  # every non-future event of account 1
    assert features[1]["pricing_views_7d"] == 3


def test_connected_outbound_call_counts_as_an_answer():
    rows = [
        Row(1, "email_sent", 5 * DAY),
        Row(1, "call", 4 * DAY, properties={"connected": True}),
        Row(1, "email_sent", 3 * DAY),
    ]
    one = _features(rows)[1]
    assert (one["touches"], one["answers"], one["unanswered_in_a_row"]) == (3, 1, 1)


def test_unknown_engine_and_naive_now_are_refused():
    source = InteractionSource(table=interactions_table(HAND_ROWS))
    with pytest.raises(DataValidationError, match="unknown engine"):
        compute_features(source, journey_feature_set(), NOW, engine="excel")
    with pytest.raises(DataValidationError, match="timezone-aware"):
        compute_features(source, journey_feature_set(), NOW.replace(tzinfo=None))


def test_definitions_refuse_bad_settings():
    with pytest.raises(ValueError, match="key"):
        journey_feature_set("contact_id")
    with pytest.raises(ValueError, match="half_life_days"):
        journey_feature_set(half_life_days=0)
    with pytest.raises(ValueError, match="portable"):
        fn("regexp_replace", col("kind"))


def test_sql_literals_keep_floats_double_and_escape_text():
    assert sql_literal(1735689600.0) == "1735689600.0e0"
    assert sql_literal(1e-7) == "1e-07"
    assert sql_literal("it's") == "'it''s'"
    assert sql_literal(None) == "NULL"
    assert lookup(col("signal"), {"a": 1.0, "b": 0.0}).branches[0][1].value == 1.0


KINDS = [k.value for k in InteractionKind]
PAGES = [p.value for p in PageType]
rows_strategy = st.lists(
    st.builds(
        Row,
        journey_id=st.integers(1, 3),
        kind=st.sampled_from(KINDS),
        hours_ago=st.floats(-2 * DAY, 45 * DAY, allow_nan=False),
        page_type=st.sampled_from(["", "unknown", *PAGES]),
        contact_id=st.one_of(st.none(), st.integers(1, 4)),
        properties=st.fixed_dictionaries(
            {},
            optional={
                "direction": st.sampled_from(["inbound", "outbound"]),
                "touch_intent": st.sampled_from(["gave", "asked", "neutral"]),
                "connected": st.booleans(),
            },
        ),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_strategy)
def test_batch_agrees_with_the_per_journey_analytics(rows):
    features = _features(rows)
    for journey_id in {r.journey_id for r in rows}:
        activity = summarise_activity([r.event() for r in rows if r.journey_id == journey_id], NOW)
        if activity.events_counted == 0:
            assert journey_id not in features
            continue
        got = features[journey_id]
        readiness = readiness_from_activity(activity)
        fatigue = fatigue_from_activity(activity, consent=True)
        balance = give_ask_from_activity(activity)
        assert got["events"] == activity.events_counted
        assert got["readiness_points"] == pytest.approx(readiness.points, rel=1e-9, abs=1e-12)
        assert round(got["readiness_score"], 1) == pytest.approx(readiness.score, abs=0.051)
        assert got["unanswered_in_a_row"] == fatigue.unanswered_in_a_row
        assert got["fatigue_penalty"] == pytest.approx(fatigue.penalty, abs=1e-6)
        assert got["back_off"] == fatigue.back_off
        assert (got["gave"], got["asked"], got["neutral"]) == (
            balance.gave,
            balance.asked,
            balance.neutral,
        )
        assert got["asks_in_a_row"] == balance.asks_in_a_row
        assert got["give_share"] == balance.give_share
        assert got["active_contacts_30d"] == len(activity.contacts_window)
        assert got["active_contacts_7d"] == len(activity.contacts_recent)
        assert got["signals_7d"] == sum(activity.counts_recent.values())
        assert got["pricing_views_30d"] == activity.counts_window.get("page:pricing", 0)
        assert got["meetings_7d"] == activity.counts_recent.get("meeting", 0)
        since = activity.days_since(activity.last_inbound_ts)
        if since is None:
            assert got["days_since_last_inbound"] is None
        else:
            assert got["days_since_last_inbound"] == pytest.approx(since, abs=1e-9)


def test_a_feature_set_without_subsets_and_with_impossible_conditions_compiles():
    """Custom definitions: no subsets, an aggregate that can never count, one of unknown type."""
    from dataclasses import replace

    from helpfirst.core.features.expressions import Count, Max

    base = journey_feature_set()
    aggregates = (
        ("events", Count()),
        ("gave", Count(col("intent").eq("gave"))),
        ("last_gave_contact", Max(col("contact_id"), col("intent").eq("gave"))),
        ("last_contact", Max(col("contact_id"))),
    )
    custom = replace(
        base,
        aggregates=aggregates,
        features=(),
        outputs=tuple(n for n, _ in aggregates),
        subsets=(),
    )
    rows = [Row(1, "email_sent", 5.0, contact_id=7), Row(1, "page_view", 1.0, contact_id=8)]
    plain = interactions_table(rows).drop_columns(["properties"])  # no intents: "gave" never holds
    table = compute_features(InteractionSource(table=plain), custom, NOW)
    assert table.select(["events", "gave", "last_gave_contact", "last_contact"]).to_pylist() == [
        {"events": 2, "gave": 0, "last_gave_contact": None, "last_contact": 8}
    ]
