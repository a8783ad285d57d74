"""Check full and incremental batch runs: watermark, merge, and the definitions fingerprint."""

from __future__ import annotations

import json
from datetime import timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpfirst.core.errors import DataValidationError
from helpfirst.core.features import InteractionSource, journey_feature_set, run_feature_batch
from helpfirst.core.features.batch import state_path
from tests.core.features.interaction_tables import NOW, Row, interactions_table

FIRST = [
    Row(1, "page_view", 30.0, page_type="pricing", contact_id=1),
    Row(2, "email_sent", 50.0, contact_id=2),
    Row(3, "meeting", 70.0, contact_id=3),
]
LATER = [Row(2, "email_replied", 1.0, contact_id=2)]


def _write(folder, name, rows, first_id):
    pq.write_table(interactions_table(rows, first_id=first_id), folder / name)


def _run(folder, output, *, since_watermark, now=NOW, half_life_days=14.0):
    return run_feature_batch(
        InteractionSource(parquet=folder),
        journey_feature_set(half_life_days=half_life_days),
        now,
        output=output,
        since_watermark=since_watermark,
    )


def test_incremental_run_recomputes_only_journeys_with_new_interactions(tmp_path):
    folder = tmp_path / "interactions"
    folder.mkdir()
    output = tmp_path / "features.parquet"
    _write(folder, "part-1.parquet", FIRST, first_id=1)
    _, first = _run(folder, output, since_watermark=True)
    assert first.reason.startswith("full run")
    assert not first.incremental
    assert (first.groups_computed, first.watermark_after) == (3, 3.0)
    assert json.loads(state_path(output).read_text())["watermark"] == 3.0

    _write(folder, "part-2.parquet", LATER, first_id=4)
    later = NOW + timedelta(days=1)
    _table, second = _run(folder, output, since_watermark=True, now=later)
    assert second.incremental
    assert second.watermark_before == 3.0
    assert (second.groups_computed, second.groups_total) == (1, 3)
    rows = {r["journey_id"]: r for r in pq.read_table(output).to_pylist()}
    assert rows[2]["answers"] == 1
    assert rows[2]["as_of"] == later
    assert rows[1]["as_of"] == NOW  # untouched journeys keep their last computation
    full, _ = _run(folder, None, since_watermark=False, now=later)
    assert full.filter(pa.compute.equal(full["journey_id"], 2)).to_pylist()[0] == rows[2]

    _, third = _run(folder, output, since_watermark=True, now=later)
    assert third.groups_computed == 0
    assert third.groups_total == 3


def test_changed_definitions_force_a_full_run(tmp_path):
    folder = tmp_path / "interactions"
    folder.mkdir()
    output = tmp_path / "features.parquet"
    _write(folder, "part-1.parquet", FIRST, first_id=1)
    _run(folder, output, since_watermark=True)
    _, result = _run(folder, output, since_watermark=True, half_life_days=7.0)
    assert result.reason == "full run: the feature definitions changed since the last run"
    assert result.groups_computed == 3


def test_incremental_without_output_is_refused(tmp_path):
    folder = tmp_path / "interactions"
    folder.mkdir()
    _write(folder, "part-1.parquet", FIRST, first_id=1)
    with pytest.raises(DataValidationError, match="--output"):
        _run(folder, None, since_watermark=True)


def test_missing_parquet_is_reported_with_its_path(tmp_path):
    with pytest.raises(DataValidationError, match="no such Parquet"):
        InteractionSource(parquet=tmp_path / "nope.parquet")
