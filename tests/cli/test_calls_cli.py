"""``helpfirst calls``: the JSON contract, exit statuses, roster, and folder mode."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from helpfirst.cli.calls import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "transcripts"
CALL = FIXTURES / "01_consultative_discovery.vtt"
runner = CliRunner()


def test_analyze_json_contract():
    result = runner.invoke(
        app, ["analyze", str(CALL), "--seller", "dana reyes", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["timing"] == "measured"
    assert {s["name"]: s["side"] for s in data["speakers"]} == {
        "Dana Reyes": "seller",
        "Marcus Bell": "buyer",
    }
    assert data["seller_question_count"] == 8
    assert data["next_steps"]["agreed"] is True


def test_analyze_text_scorecard():
    result = runner.invoke(app, ["analyze", str(CALL), "--seller", "Dana Reyes"])
    assert result.exit_code == 0, result.output
    assert "Helping score" in result.stdout
    assert "Coaching" in result.stdout
    assert "[open] What prompted you to take this call?" in result.stdout


def test_unknown_sides_exit_2_listing_speakers(monkeypatch):
    monkeypatch.delenv("HELPFIRST_TEAM_ROSTER", raising=False)
    result = runner.invoke(app, ["analyze", str(CALL), "--format", "json"])
    assert result.exit_code == 2
    assert "Dana Reyes" in result.output
    assert "Marcus Bell" in result.output


def test_roster_from_environment(monkeypatch):
    monkeypatch.setenv("HELPFIRST_TEAM_ROSTER", "Someone Else, DANA REYES")
    result = runner.invoke(app, ["analyze", str(CALL), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["speakers"][0]["side"] == "seller"


def test_malformed_file_exit_1_naming_line(tmp_path):
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nAna: hi\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(bad), "--seller", "Ana"])
    assert result.exit_code == 1
    assert "line 3" in result.output


def test_folder_mode_writes_summary_csv_and_json(tmp_path):
    for name in ("01_consultative_discovery.vtt", "02_pushy_monologue.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    out_csv = tmp_path / "summary.csv"
    result = runner.invoke(
        app,
        [
            "analyze",
            str(tmp_path),
            "--seller",
            "Dana Reyes",
            "--seller",
            "Greg Thornton",
            "--summary",
            str(out_csv),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [r["file"] for r in rows] == ["01_consultative_discovery.vtt", "02_pushy_monologue.txt"]
    assert int(rows[0]["helping_score"]) > int(rows[1]["helping_score"])
    out_json = tmp_path / "summary.json"
    result = runner.invoke(
        app,
        [
            "analyze",
            str(tmp_path),
            "--seller",
            "Dana Reyes",
            "--summary",
            str(out_json),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 2  # Greg's call has no known seller
    rows = json.loads(out_json.read_text(encoding="utf-8"))
    assert [r["status"] for r in rows] == ["ok", "error"]


def test_transcribe_missing_file_exits_1(tmp_path):
    result = runner.invoke(app, ["transcribe", str(tmp_path / "nope.wav")])
    assert result.exit_code == 1
