"""``helpfirst score evaluate``: the JSON contract other tools rely on, and clean failures."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from helpfirst.cli.score import app

runner = CliRunner()


@pytest.fixture
def leads_csv(tmp_path):
    """Write a semicolon-separated, gzip-compressed, quoted lead table."""
    rng = np.random.default_rng(0)
    lines = ['"visits";"source";"note";"lead_id";"won"']
    for i in range(300):
        visits = int(rng.poisson(3))
        source = rng.choice(["referral", "ads", "social"])
        won = "yes" if rng.random() < 0.1 + 0.08 * visits + 0.2 * (source == "referral") else "no"
        lines.append(f'{visits};"{source}";"call; later";"L{i}";"{won}"')
    path = tmp_path / "leads.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return path


def test_evaluate_prints_exactly_one_json_object(leads_csv):
    result = runner.invoke(
        app, ["evaluate", str(leads_csv), "--target", "won", "--drop", "lead_id", "--folds", "3"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"rows", "positives", "folds", "models"}
    assert payload["rows"] == 300
    assert payload["folds"] == 3
    assert set(payload["models"]) == {"helpfirst", "naive_bayes", "points"}
    for metrics in payload["models"].values():
        assert set(metrics) == {"roc_auc", "pr_auc", "brier", "lift_at_10pct", "fit_seconds"}
        assert all(isinstance(v, float) for v in metrics.values())


def test_positive_flips_the_classes_and_reruns_are_identical(leads_csv):
    base = ["evaluate", str(leads_csv), "--target", "won", "--folds", "3"]
    yes = json.loads(runner.invoke(app, [*base, "--positive", "yes"]).stdout)
    no = json.loads(runner.invoke(app, [*base, "--positive", "no"]).stdout)
    assert yes["positives"] + no["positives"] == 300
    again = json.loads(runner.invoke(app, [*base, "--positive", "yes"]).stdout)
    for name, metrics in again["models"].items():
        for metric in ("roc_auc", "pr_auc", "brier", "lift_at_10pct"):
            assert metrics[metric] == yes["models"][name][metric]


def test_text_format_prints_a_table(leads_csv):
    result = runner.invoke(
        app, ["evaluate", str(leads_csv), "--target", "won", "--folds", "2", "--format", "text"]
    )
    assert result.exit_code == 0, result.output
    assert "naive_bayes" in result.stdout
    assert "roc_auc" in result.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--target", "nope"], "not found"),
        (["--target", "won", "--positive", "maybe"], "never occurs"),
        (["--target", "won", "--drop", "ghost"], "unknown column"),
    ],
)
def test_bad_input_is_a_clear_error_not_a_traceback(leads_csv, extra, message):
    result = runner.invoke(app, ["evaluate", str(leads_csv), *extra])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_single_class_target_and_missing_file(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("a,won\n1,no\n2,no\n3,no\n")
    result = runner.invoke(app, ["evaluate", str(path), "--target", "won", "--format", "text"])
    assert result.exit_code == 2
    assert "single class" in result.stderr
    missing = runner.invoke(app, ["evaluate", str(tmp_path / "none.csv"), "--target", "won"])
    assert missing.exit_code == 2
    assert json.loads(missing.stderr)["error"]["code"] == "import_file"
