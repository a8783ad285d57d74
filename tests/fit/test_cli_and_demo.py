"""`helpfirst fit journey` and `helpfirst fit review`, and fit verdicts across the demo."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from helpfirst.cli.fit_journeys import app
from helpfirst.fit.models import FitRecord

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_fit_journey_json_stores_and_prints_the_assessment(fit_world):
    result = runner.invoke(app, ["journey", str(fit_world.j3.pk), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verdict"] == "poor"
    assert data["exit_proposal"]["referral"]["name"].startswith("A freelance analyst")
    assert FitRecord.objects.filter(journey=fit_world.j3, is_latest=True).exists()


def test_fit_journey_text_and_errors(fit_world):
    result = runner.invoke(app, ["journey", str(fit_world.j1.pk)])
    assert result.exit_code == 0, result.output
    assert "strong" in result.output
    assert "One version of the numbers" in result.output
    assert runner.invoke(app, ["journey", "999999"]).exit_code == 1
    assert runner.invoke(app, ["journey", "1", "--format", "xml"]).exit_code == 2


def test_fit_review_lists_the_poor_fits(fit_world):
    result = runner.invoke(app, ["review", "--team", "team-a", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert data["assessed"] == 3
    assert [row["journey_id"] for row in data["poor_fits"]] == [fit_world.j3.pk]
    text = runner.invoke(app, ["review", "--team", "team-a"])
    assert "Assessed 3 open journeys" in text.output
    assert "Beta reporting" in text.output
    assert runner.invoke(app, ["review", "--team", "nope"]).exit_code == 1


def test_demo_fits_cover_strong_and_poor_and_rerun_changes_nothing():
    from helpfirst.demo.fit import assess_demo_fits
    from helpfirst.demo.loader import load_demo
    from helpfirst.team.models import Team

    summary = load_demo("tiny")
    team = Team.objects.get(name=summary.team)
    counts = assess_demo_fits(team)
    assert counts.get("strong", 0) >= 3, counts
    assert counts.get("poor", 0) >= 3, counts
    stored = FitRecord.objects.filter(team=team).count()
    assert assess_demo_fits(team) == counts
    assert FitRecord.objects.filter(team=team).count() == stored
    poor = FitRecord.objects.filter(team=team, verdict="poor", journey__buying_stage="deciding")
    assert any(r.payload["anti_fit_hits"] for r in poor)
