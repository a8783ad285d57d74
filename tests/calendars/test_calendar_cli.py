"""`helpfirst calendar import` through Typer's runner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from helpfirst.cli.calendars import app
from helpfirst.interactions.models import Interaction
from tests.calendars.helpers import calendar, event

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_import_json_then_reimport_changes_nothing(world, tmp_path):
    path = tmp_path / "team.ics"
    path.write_text(calendar(event("m1"), event("m2", "20260304T100000Z")))
    args = ["import", str(path), "--team", "team-a", "--since", "2026-01-01", "--format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["ok"] is True
    assert data["total"]["created"] == 2
    assert data["files"][0]["file"] == str(path)
    second = json.loads(runner.invoke(app, args).stdout)
    assert (second["total"]["created"], second["total"]["unchanged"]) == (0, 2)
    assert Interaction.objects.filter(source="calendar").count() == 2


def test_import_text_names_file_line_and_event(world, tmp_path):
    good = tmp_path / "good.ics"
    good.write_text(
        calendar(event("m1"), "BEGIN:VEVENT\r\nUID:oops\r\nDTSTART:soon\r\nEND:VEVENT\r\n")
    )
    bad = tmp_path / "bad.ics"
    bad.write_text("not a calendar")
    result = runner.invoke(app, ["import", str(good), str(bad), "--team", "team-a"])
    assert result.exit_code == 1
    assert "good.ics, line 14: event 'oops'" in result.stdout
    assert "bad.ics, line 1" in result.stdout
    assert "1 new" in result.stdout


def test_sync_without_password_says_which_variable(world, monkeypatch):
    monkeypatch.delenv("CAL_PW", raising=False)
    result = runner.invoke(
        app, ["sync", "http://127.0.0.1:9/cal/", "--user", "ann", "--password-env", "CAL_PW"]
    )
    assert result.exit_code == 2
    assert "$CAL_PW" in result.output
