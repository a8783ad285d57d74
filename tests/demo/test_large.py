"""The vectorised generator: deterministic, chunk-size independent, patterned, Parquet out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from helpfirst.demo.large import bulk_row_counts, interaction_chunks, write_interactions_parquet

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def _all(chunk: int) -> pl.DataFrame:
    return pl.concat(list(interaction_chunks(400, 20_000, 9, NOW, chunk=chunk)))


def test_same_seed_same_stream_and_accounts_whatever_the_chunk_size():
    whole = _all(20_000)
    assert whole.height == 20_000
    assert whole["position"].to_list() == list(range(20_000))
    assert whole.equals(_all(20_000))
    assert whole["account_idx"].equals(_all(3_333)["account_idx"])
    other = pl.concat(list(interaction_chunks(400, 20_000, 10, NOW)))
    assert not whole.equals(other)


def test_stream_is_recent_and_follows_the_stage_patterns():
    frame = _all(20_000)
    times = frame["occurred_at"]
    assert times.max() < NOW
    assert times.min() >= NOW - timedelta(days=183)
    assert set(frame["kind"].unique()) >= {"page_view", "email_sent", "product_usage", "meeting"}
    assert (frame.filter(pl.col("contact_idx") >= 0)["contact_idx"].max()
            < bulk_row_counts(400)["contacts"])


def test_parquet_has_one_row_per_interaction(tmp_path):
    path = write_interactions_parquet(tmp_path / "events.parquet", 300, 5_000, seed=2, now=NOW)
    table = pl.read_parquet(path)
    assert table.height == 5_000
    assert table.columns == ["interaction_id", "account_id", "contact_id", "journey_id", "kind",
                             "page_type", "occurred_at", "url", "subject"]
    assert table["account_id"].min() >= 1
