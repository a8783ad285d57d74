"""Check every published batch feature against a plain-Python reference, column by column.

The reference classifies each event with :class:`InteractionEvent` (the method's own rules) and
then computes each feature the obvious way, one loop per journey: no subsets, no lookups, no
folding. The batch's SQL is heavily optimised; this is what keeps it honest. Inputs come both as
the database stores them (direction, intent and "connected" inside the JSON ``properties``) and
as separate columns (what a lake's Parquet usually has), grouped by journey and by account.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpfirst.core.features import InteractionSource, compute_features, journey_feature_set
from helpfirst.core.features.definitions import WINDOW_SIGNALS, WINDOWS_DAYS
from helpfirst.core.journey.activity import CLOCK_SKEW_SECONDS, DAY_SECONDS
from helpfirst.core.journey.fatigue import (
    DEFAULT_MAX_UNANSWERED,
    DEFAULT_MIN_DAYS_BETWEEN_TOUCHES,
    DEFAULT_UNANSWERED_TOUCH_PENALTY,
    RECENT_TOUCH_FADE_DAYS,
    RECENT_TOUCH_PENALTY,
)
from helpfirst.core.journey.readiness import (
    MAX_STAKEHOLDERS_COUNTED,
    READINESS_SCALE_POINTS,
    SIGNAL_POINTS,
    STAKEHOLDER_BONUS,
)
from helpfirst.core.vocabulary import InteractionKind, PageType
from tests.core.features.interaction_tables import NOW, Row, interactions_table

HALF_LIFE_DAYS = 14.0
DAY = 24.0


def _reference(rows: list[Row], key: str) -> dict[int, dict]:
    """Compute every published feature per group with plain loops."""
    now = NOW.timestamp()
    horizon = now + CLOCK_SKEW_SECONDS
    rate = math.log(2.0) / (HALF_LIFE_DAYS * DAY_SECONDS)
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        group = row.journey_id if key == "journey_id" else row.account_id
        event = row.event()
        if group is not None and event.timestamp <= horizon:
            groups[group].append(event)
    result = {}
    for group, events in groups.items():

        def last(test, events=events):
            times = [e.timestamp for e in events if test(e)]
            return max(times) if times else None

        def since(ts):
            return None if ts is None else max((now - ts) / DAY_SECONDS, 0.0)

        f: dict = {"events": len(events), "last_event_ts": last(lambda e: True)}
        f["last_inbound_ts"] = last(lambda e: e.signal is not None)
        f["last_touch_ts"] = last(lambda e: e.is_touch)
        f["last_answer_ts"] = last(lambda e: e.is_answer)
        f["last_give_ts"] = last(lambda e: e.touch_intent == "gave")
        f["readiness_base_points"] = sum(
            SIGNAL_POINTS[e.signal] * math.exp(-rate * max(now - e.timestamp, 0.0))
            for e in events
            if e.signal is not None
        )
        f["touches"] = sum(e.is_touch for e in events)
        f["answers"] = sum(e.is_answer for e in events)
        f["gave"] = sum(e.touch_intent == "gave" for e in events)
        f["asked"] = sum(e.touch_intent == "asked" for e in events)
        f["neutral"] = sum(
            e.touch_intent == "neutral" or (e.touch_intent is None and e.is_touch) for e in events
        )
        for days in WINDOWS_DAYS:
            recent = [
                e
                for e in events
                if e.signal is not None and e.timestamp >= now - days * DAY_SECONDS
            ]
            f[f"active_contacts_{days}d"] = len({e.contact_key for e in recent} - {None})
            f[f"signals_{days}d"] = len(recent)
            for stem, signal, _ in WINDOW_SIGNALS:
                f[f"{stem}_{days}d"] = sum(e.signal == signal for e in recent)
        answered = f["last_answer_ts"] if f["last_answer_ts"] is not None else -math.inf
        gave_at = f["last_give_ts"] if f["last_give_ts"] is not None else -math.inf
        f["unanswered_in_a_row"] = sum(e.is_touch and e.timestamp > answered for e in events)
        f["asks_in_a_row"] = sum(
            e.touch_intent == "asked" and e.timestamp > gave_at for e in events
        )
        for name in ("event", "inbound", "touch", "answer"):
            f[f"days_since_last_{name}"] = since(f[f"last_{name}_ts"])
        active = min(f["active_contacts_30d"], MAX_STAKEHOLDERS_COUNTED)
        f["stakeholder_multiplier"] = 1.0 + STAKEHOLDER_BONUS * max(active - 1, 0)
        f["readiness_points"] = f["readiness_base_points"] * f["stakeholder_multiplier"]
        f["readiness_score"] = 100.0 * (
            1.0 - math.exp(-f["readiness_points"] / READINESS_SCALE_POINTS)
        )
        awaiting = f["last_touch_ts"] is not None and (
            f["last_answer_ts"] is None or f["last_answer_ts"] < f["last_touch_ts"]
        )
        f["awaiting_answer"] = awaiting
        keep = (1.0 - DEFAULT_UNANSWERED_TOUCH_PENALTY) ** f["unanswered_in_a_row"]
        if awaiting:
            fade = max(1.0 - f["days_since_last_touch"] / RECENT_TOUCH_FADE_DAYS, 0.0)
            keep *= 1.0 - RECENT_TOUCH_PENALTY * fade
        f["fatigue_penalty"] = 1.0 - keep
        f["back_off"] = f["unanswered_in_a_row"] >= DEFAULT_MAX_UNANSWERED or (
            awaiting and f["days_since_last_touch"] < DEFAULT_MIN_DAYS_BETWEEN_TOUCHES
        )
        given = f["gave"] + f["asked"]
        f["give_share"] = f["gave"] / given if given else None
        for name in [n for n in f if n.endswith("_ts")]:
            ts = f.pop(name)
            at = None if ts is None else datetime.fromtimestamp(ts, UTC)
            f[name[: -len("_ts")] + "_at"] = at
        result[group] = f
    return result


def _with_columns(rows: list[Row]) -> pa.Table:
    """Return ``rows`` with direction, intent and "connected" as columns instead of JSON."""
    table = interactions_table(rows).drop_columns(["properties"])
    return (
        table.append_column("direction", pa.array([r.properties.get("direction") for r in rows]))
        .append_column(
            "touch_intent", pa.array([r.properties.get("touch_intent") for r in rows], pa.string())
        )
        .append_column(
            "connected", pa.array([r.properties.get("connected") for r in rows], pa.bool_())
        )
    )


def _assert_matches(table: pa.Table, expected: dict[int, dict], key: str) -> None:
    got = {row[key]: row for row in table.to_pylist()}
    assert sorted(got) == sorted(expected)
    for group, want in expected.items():
        row = got[group]
        assert row["as_of"] == NOW
        for name, value in want.items():
            if isinstance(value, float):
                assert row[name] == pytest.approx(value, rel=1e-9, abs=1e-12), (group, name)
            else:
                assert row[name] == value, (group, name, row[name], value)
        assert set(row) == {key, "as_of", *want}, "every published column is checked"


KINDS = [k.value for k in InteractionKind]
rows_strategy = st.lists(
    st.builds(
        Row,
        journey_id=st.one_of(st.none(), st.integers(1, 3)),
        kind=st.sampled_from(KINDS),
        hours_ago=st.floats(-2 * DAY, 45 * DAY, allow_nan=False),
        page_type=st.sampled_from(["", "unknown", *(p.value for p in PageType)]),
        contact_id=st.one_of(st.none(), st.integers(1, 4)),
        properties=st.fixed_dictionaries(
            {},
            optional={
                "direction": st.sampled_from(["inbound", "outbound"]),
                "touch_intent": st.sampled_from(["gave", "asked", "neutral"]),
                "connected": st.booleans(),
            },
        ),
        account_id=st.integers(1, 2),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_strategy, st.sampled_from(["journey_id", "account_id"]), st.booleans())
def test_every_feature_equals_the_plain_python_reference(rows, key, as_columns):
    table = _with_columns(rows) if as_columns else interactions_table(rows)
    features = journey_feature_set(key, half_life_days=HALF_LIFE_DAYS)
    result = compute_features(InteractionSource(table=table), features, NOW)
    _assert_matches(result, _reference(rows, key), key)


def test_reference_covers_windows_answers_and_asks():
    """A fixed case touching every branch: windows, a connected call, gives and asks."""
    rows = [
        Row(1, "page_view", 2 * DAY, page_type="pricing", contact_id=1),
        Row(1, "page_view", 20 * DAY, page_type="careers", contact_id=2),
        Row(1, "page_view", 40 * DAY, page_type="docs", contact_id=3),
        Row(1, "call", 10 * DAY, properties={"connected": True}),
        Row(1, "call", 9 * DAY, properties={"direction": "inbound"}),
        Row(1, "email_sent", 8 * DAY, properties={"touch_intent": "gave"}),
        Row(1, "email_sent", 5 * DAY, properties={"touch_intent": "asked"}),
        Row(1, "email_sent", 1 * DAY, properties={"touch_intent": "asked"}),
        Row(1, "note", 1 * DAY),
        Row(1, "meeting", -3 * DAY),  # in the future: ignored
        Row(2, "email_replied", 60 * DAY, contact_id=4),
        Row(2, "email_sent", 0.5, properties={"direction": "outbound"}),
    ]
    for as_columns in (False, True):
        table = _with_columns(rows) if as_columns else interactions_table(rows)
        result = compute_features(
            InteractionSource(table=table), journey_feature_set(half_life_days=HALF_LIFE_DAYS), NOW
        )
        expected = _reference(rows, "journey_id")
        assert expected[1]["asks_in_a_row"] == 2
        assert expected[1]["unanswered_in_a_row"] == 3
        _assert_matches(result, expected, "journey_id")
    assert NOW - timedelta(days=1) == expected[1]["last_touch_at"]
