"""`helpfirst import|export|playbook` through Typer's runner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

try:
    from helpfirst.cli.transfer import export_app, import_app, playbook_app
except ImportError as exc:  # the CLI package imports command groups other areas still write
    if "transfer" in str(exc):
        raise
    pytest.skip(f"helpfirst.cli is not importable yet: {exc}", allow_module_level=True)

from helpfirst.accounts.models import Account
from helpfirst.interactions.models import Interaction

pytestmark = pytest.mark.django_db
runner = CliRunner()

ACCOUNTS = "name;domain;industry\nAcme;acme.example;Retail\nBeta;beta.example;Retail\n"
INTERACTIONS = (
    "source\texternal_id\tkind\toccurred_at\taccount_domain\n"
    "web\t1\tpage_view\t2026-03-01T09:30:00Z\tacme.example\n"
    "web\t2\tteleport\t2026-03-01T09:30:00Z\tacme.example\n"
)


@pytest.fixture
def admin(db):
    from helpfirst.team.models import Role
    from tests.factories import TeamFactory, UserFactory

    team = TeamFactory(slug="sellers")
    return UserFactory(username="boss", team=team, role=Role.ADMIN)


def test_import_text_report_and_idempotency(admin, tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text(ACCOUNTS, encoding="utf-8-sig")
    result = runner.invoke(import_app, ["accounts", str(path)])
    assert result.exit_code == 0, result.output
    assert "created 2" in result.output
    assert "utf-8-sig" in result.output
    assert "semicolon" in result.output
    result = runner.invoke(import_app, ["accounts", str(path), "--format", "json"])
    report = json.loads(result.stdout)
    assert report["ok"]
    assert report["unchanged"] == 2
    assert report["created"] == 0
    assert Account.objects.count() == 2


def test_dry_run_writes_nothing_and_rejects_exit_1(admin, tmp_path):
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    runner.invoke(import_app, ["accounts", str(tmp_path / "accounts.csv")])
    path = tmp_path / "touches.tsv"
    path.write_text(INTERACTIONS)
    result = runner.invoke(import_app, ["interactions", str(path), "--dry-run",
                                        "--format", "json", "--team", "sellers"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["dry_run"]
    assert report["created"] == 1
    assert report["rejected"] == 1
    assert report["problems"][0]["row"] == 2
    assert report["problems"][0]["column"] == "kind"
    assert Interaction.objects.count() == 0
    assert not (tmp_path / "touches.rejects.csv").exists()
    rejects = tmp_path / "bad.csv"
    result = runner.invoke(import_app, ["interactions", str(path), "--rejects", str(rejects)])
    assert result.exit_code == 1
    assert Interaction.objects.count() == 1
    assert "teleport" in rejects.read_text()


def test_unusable_input_exits_2(admin, tmp_path):
    result = runner.invoke(import_app, ["accounts", str(tmp_path / "missing.csv"),
                                        "--format", "json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "import_file"
    result = runner.invoke(import_app, ["accounts", str(tmp_path / "x.csv"), "--team", "nope"])
    assert result.exit_code == 2
    result = runner.invoke(import_app, ["journeys", str(tmp_path / "x.csv"),
                                        "--stage-map", "broken"])
    assert result.exit_code == 2


def test_export_then_import_round_trips(admin, tmp_path):
    (tmp_path / "accounts.csv").write_text(ACCOUNTS)
    runner.invoke(import_app, ["accounts", str(tmp_path / "accounts.csv")])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(export_app, ["accounts", str(out), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["records"] == 2
    result = runner.invoke(import_app, ["accounts", str(out), "--format", "json"])
    assert json.loads(result.stdout)["unchanged"] == 2


def test_playbook_load_and_dump(admin, tmp_path):
    source = tmp_path / "playbook.yaml"
    source.write_text(
        "problems:\n  - slug: forecast-trust\n    title: Finance does not trust the forecast\n"
        "content:\n  - slug: guide\n    title: A guide\n    format: ebook\n"
        "    problems: [forecast-trust]\n"
    )
    result = runner.invoke(playbook_app, ["load", str(source)])
    assert result.exit_code == 0, result.output
    dumped = tmp_path / "dumped.yaml"
    assert runner.invoke(playbook_app, ["dump", str(dumped)]).exit_code == 0
    result = runner.invoke(playbook_app, ["load", str(dumped), "--format", "json"])
    assert json.loads(result.stdout)["problems"]["unchanged"] == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("problems: [")
    assert runner.invoke(playbook_app, ["load", str(bad)]).exit_code == 2
