"""Drive ``helpfirst score batch`` through Typer's runner on a small generated Parquet file."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from helpfirst.cli.batch import app

NOW = datetime(2025, 1, 1, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def interactions(tmp_path_factory):
    from helpfirst.demo.large import write_interactions_parquet

    path = tmp_path_factory.mktemp("cli") / "interactions.parquet"
    return write_interactions_parquet(path, n_accounts=90, n_interactions=3_000, seed=5, now=NOW)


def _invoke(*args):
    return CliRunner().invoke(app, ["batch", *args, "--as-of", "2025-01-01T09:00:00"])


def test_batch_writes_features_and_a_json_summary(interactions, tmp_path):
    output = tmp_path / "features.parquet"
    result = _invoke("--input", str(interactions), "--output", str(output), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["engine"] == "duckdb"
    assert summary["groups_computed"] == summary["groups_total"] == pq.read_table(output).num_rows
    assert summary["groups_total"] == 30  # one bulk account in three has a journey
    again = _invoke(
        "--input",
        str(interactions),
        "--output",
        str(output),
        "--since-watermark",
        "--format",
        "json",
    )
    assert json.loads(again.stdout)["groups_computed"] == 0


def test_batch_by_account_in_text(interactions, tmp_path):
    output = tmp_path / "accounts.parquet"
    result = _invoke("--input", str(interactions), "--output", str(output), "--by", "account")
    assert result.exit_code == 0, result.output
    assert "90 of 90 accounts computed on duckdb" in result.stdout
    assert "readiness" in result.stdout


def test_missing_input_exits_2_with_the_path(tmp_path):
    result = _invoke("--input", str(tmp_path / "none.parquet"), "--output", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "none.parquet" in "".join(result.stderr.split())  # Rich may wrap long paths


def test_spark_engine_missing_says_how_to_install(interactions, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on PATH
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = _invoke(
        "--engine", "spark", "--input", str(interactions), "--output", str(tmp_path / "o")
    )
    assert result.exit_code == 3
    assert "uv sync --extra spark" in result.stderr
