"""Tests for `helpfirst fit check`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from helpfirst.cli.fit import app

runner = CliRunner()


def test_check_json_for_a_clear_fit():
    text = "Our board pack takes a week to pull together by hand."
    result = runner.invoke(app, ["check", "--text", text, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verdict"] in ("strong", "possible")
    assert data["matched_problems"][0]["slug"] == "manual-reporting"
    assert data["exit_proposal"] is None


def test_check_text_for_a_poor_fit_shows_referral_and_note():
    text = "We need tick-level market data with millisecond latency for our trading desk."
    result = runner.invoke(app, ["check", "--text", text])
    assert result.exit_code == 0, result.output
    assert "poor" in result.output
    assert "market-data vendor" in result.output
    assert "step aside" in result.output


def test_empty_text_is_unknown():
    result = runner.invoke(app, ["check", "--text", "", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["verdict"] == "unknown"


def test_bad_playbook_exits_2_with_the_line(tmp_path):
    path = tmp_path / "pb.yaml"
    path.write_text("problems:\n  - title: A\n  - title: a\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--text", "x y z", "--playbook", str(path),
                                 "--format", "json"])  # fmt: skip
    assert result.exit_code == 2
    error = json.loads(result.output)["error"]
    assert error["code"] == "playbook"
    assert error["line"] == 3


def test_unknown_backend_exits_2():
    result = runner.invoke(app, ["check", "--text", "hello there", "--backend", "magic"])
    assert result.exit_code == 2
    assert "builtin" in result.output
