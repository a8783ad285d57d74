"""Run the same feature definitions on Spark (local mode) and DuckDB and demand equal results.

One Spark session for the whole module (starting one takes seconds). Skipped with the reason
when PySpark or Java is missing, unless HELPFIRST_STRICT_TESTS=1 (CI), where that fails.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pyarrow as pa
import pytest
from polars.testing import assert_frame_equal

from helpfirst.core.features import InteractionSource, compute_features, journey_feature_set
from helpfirst.core.features.spark import spark_available
from tests.conftest import skip_or_fail
from tests.core.features.interaction_tables import Row, interactions_table

NOW = datetime(2025, 1, 1, 9, tzinfo=UTC)
pytestmark = pytest.mark.slow  # a local Spark session takes 5-30 s to start


@pytest.fixture(scope="module")
def spark():
    reason = spark_available()
    if reason:
        skip_or_fail(f"Spark parity needs PySpark and Java: {reason}")
    from helpfirst.core.features.spark import start_spark

    session = start_spark("helpfirst-parity-test", cores=2)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from helpfirst.demo.large import write_interactions_parquet

    path = tmp_path_factory.mktemp("interactions") / "interactions.parquet"
    return write_interactions_parquet(path, n_accounts=300, n_interactions=20_000, seed=3, now=NOW)


def _same(left: pa.Table, right: pa.Table) -> None:
    assert left.column_names == right.column_names
    assert left.num_rows == right.num_rows > 0
    assert_frame_equal(pl.from_arrow(left), pl.from_arrow(right), check_dtypes=False, rel_tol=1e-9)


def test_spark_features_equal_duckdb_on_generated_parquet(spark, generated):
    source = InteractionSource(parquet=generated)
    features = journey_feature_set()
    duck = compute_features(source, features, NOW, engine="duckdb")
    _same(compute_features(source, features, NOW, engine="spark", spark=spark), duck)


def test_spark_reads_json_properties_like_duckdb(spark):
    rows = [
        Row(1, "email_sent", 50.0, contact_id=1, properties={"touch_intent": "asked"}),
        Row(1, "call", 40.0, contact_id=1, properties={"connected": True}),
        Row(1, "email_sent", 30.0, contact_id=2, properties={"touch_intent": "gave"}),
        Row(1, "page_view", 20.0, page_type="pricing", contact_id=2),
        Row(2, "email_sent", 10.0, properties={"direction": "inbound"}),
        Row(2, "email_sent", 5.0, properties={"touch_intent": "asked"}),
    ]
    source = InteractionSource(table=interactions_table(rows))
    features = journey_feature_set()
    duck = compute_features(source, features, NOW, engine="duckdb")
    assert duck.column("asks_in_a_row").to_pylist() == [0, 1]
    _same(compute_features(source, features, NOW, engine="spark", spark=spark), duck)


def test_incremental_spark_run_restricts_to_changed_journeys(spark, generated):
    source = InteractionSource(parquet=generated)
    features = journey_feature_set()
    cut = 19_000.0
    duck = compute_features(source, features, NOW, engine="duckdb", after_watermark=cut)
    spark_result = compute_features(
        source, features, NOW, engine="spark", spark=spark, after_watermark=cut
    )
    assert 0 < duck.num_rows < 100
    _same(spark_result, duck)
