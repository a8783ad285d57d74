"""`helpfirst crm migrate` on real Salesforce exports and a hand-written HubSpot export."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpfirst.accounts.models import Account, Contact
from helpfirst.cli.crm import app
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, StageChange

pytestmark = pytest.mark.django_db
runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
HUBSPOT = REPO / "tests" / "fixtures" / "crm" / "hubspot"


@pytest.fixture
def sellers(db):
    from helpfirst.team.models import Role
    from tests.factories import TeamFactory, UserFactory

    team = TeamFactory(slug="sellers")
    admin = UserFactory(username="boss", team=team, role=Role.ADMIN, email="boss@seller.example")
    rita = UserFactory(username="rita", team=team, first_name="Rita", last_name="Rep")
    other = TeamFactory(slug="others")
    UserFactory(username="otto", team=other, role=Role.ADMIN)
    return team, admin, rita


@pytest.fixture
def exports() -> Path:
    base = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO.parent / "shared" / "data"))
    folder = base / "real-formats" / "crm-exports"
    if not folder.is_dir():
        pytest.skip(f"shared data not found at {folder} (set HELPFIRST_SHARED_DATA)")
    return folder


def migrate(*args: str) -> tuple[int, dict]:
    team = [] if "--team" in args else ["--team", "sellers"]
    result = runner.invoke(app, ["migrate", *args, *team, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def snapshot(team) -> tuple:
    return (
        sorted(
            Account.objects.filter(team=team).values_list(
                "external_id", "name", "owner_id", "updated_at"
            )
        ),
        sorted(Contact.objects.filter(team=team).values_list("external_id", "updated_at")),
        sorted(
            Journey.objects.filter(team=team).values_list(
                "external_id", "buying_stage", "updated_at"
            )
        ),
        Interaction.objects.filter(team=team).count(),
        StageChange.objects.filter(journey__team=team).count(),
    )


def test_real_salesforce_exports_migrate_or_are_reported_and_rerun_changes_nothing(
    sellers, exports, tmp_path
):
    team, _admin, _rita = sellers
    report = tmp_path / "report.json"
    code, body = migrate(
        "--from", "salesforce", str(exports), "--team", "sellers", "--report", str(report)
    )
    assert code == 1  # some rows cannot be mapped (contacts without an account …)
    files = {Path(f["file"]).name: f for f in body["files"]}
    assert len(files) == len(list(exports.glob("*.csv")))
    for name, summary in files.items():
        migrated = summary["created"] + summary["updated"] + summary["unchanged"]
        assert summary["skipped"] or migrated + summary["not_migrated"] == summary["rows"], name
    assert "error log" in files["forcedotcom__error0413060133.csv"]["skipped"]
    assert files["forcedotcom__accountData.csv"]["created"] == 423  # Latin-1 byte and all
    assert files["SFDC-Assets__Opportunity.csv"]["created"] == 50
    assert files["SFDC-Assets__Lead.csv"]["created"] == 60
    written = json.loads(report.read_text())
    assert written["not_mapped_count"] == body["not_mapped_count"] > 0
    assert all({"file", "row", "column", "value", "why"} <= set(n) for n in written["not_mapped"])
    assert "005Ec000004oBPNIA2" in body["unknown_owners"]
    won = Journey.objects.get(team=team, source="salesforce", external_id="006Ec00000AieKGIAZ")
    assert won.buying_stage == "implementing"
    assert won.stage_history.get().reason == "Salesforce: StageName → Closed Won"
    task = Interaction.objects.filter(team=team, source="salesforce").first()
    assert task is not None
    before = snapshot(team)
    code, again = migrate(
        "--from", "salesforce", str(exports), "--team", "sellers", "--report", str(report)
    )
    assert again["totals"]["created"] == again["totals"]["updated"] == 0
    assert snapshot(team) == before
    assert not Account.objects.exclude(team=team).exists()


def test_stage_change_on_rerun_is_in_history(sellers, exports, tmp_path):
    team, _admin, _rita = sellers
    source = exports / "SFDC-Assets__Opportunity.csv"
    accounts = exports / "SFDC-Assets__Account.csv"
    copy = tmp_path / "Opportunity.csv"
    shutil.copy(source, copy)
    migrate("--from", "salesforce", str(accounts), str(copy), "--report", str(tmp_path / "r.json"))
    text = copy.read_text(encoding="utf-8-sig")
    copy.write_text(text.replace(",Qualification,", ",Closed Lost,", 1), encoding="utf-8-sig")
    _code, body = migrate(
        "--from", "salesforce", str(accounts), str(copy), "--report", str(tmp_path / "r.json")
    )
    assert body["totals"]["updated"] == 1
    journey = Journey.objects.get(team=team, external_id="006Ec00000AieKFIAZ")
    assert journey.buying_stage == "no_decision"
    assert journey.stage_history.first().reason == "Salesforce: StageName → Closed Lost"


def test_hubspot_fixture_with_owner_and_stage_maps(sellers, tmp_path):
    team, admin, rita = sellers
    report = tmp_path / "not-mapped.csv"
    code, body = migrate(
        "--from",
        "hubspot",
        str(HUBSPOT),
        "--owner-map",
        "Rita Rep=rita",
        "--stage-map",
        "Pilot running=evaluating",
        "--default-owner",
        "boss",
        "--report",
        str(report),
    )
    assert code == 1
    assert body["unknown_owners"] == {"Unknown Person": 1}
    northwind = Account.objects.get(team=team, source="hubspot", external_id="9001")
    assert (northwind.owner, northwind.domain) == (rita, "northwind.example")
    assert Account.objects.get(external_id="9002").owner == admin
    assert Account.objects.get(external_id="9003").owner == admin  # default owner
    pilot = Journey.objects.get(team=team, source="hubspot", external_id="5004")
    assert pilot.buying_stage == "evaluating"
    assert Journey.objects.get(external_id="5003").buying_stage == "implementing"
    call = Interaction.objects.get(team=team, source="hubspot", external_id="7001")
    assert (call.kind, call.journey.external_id, call.contact.email) == (
        "call",
        "5001",
        "nina@northwind.example",
    )
    assert Interaction.objects.get(external_id="8001").kind == "meeting"
    assert not Contact.objects.get(external_id="102").may_contact
    lines = report.read_text().splitlines()
    assert lines[0] == "file,object,row,column,value,why,kept"
    assert any("7777" in line and "Associated Company IDs" in line for line in lines)
    assert any("next tuesday" in line for line in lines)
    code, again = migrate(
        "--from",
        "hubspot",
        str(HUBSPOT),
        "--owner-map",
        "Rita Rep=rita",
        "--stage-map",
        "Pilot running=evaluating",
        "--default-owner",
        "boss",
        "--report",
        str(report),
    )
    assert again["totals"]["created"] == again["totals"]["updated"] == 0


def test_dry_run_writes_nothing_and_bad_options_exit_2(sellers, tmp_path):
    _code, body = migrate(
        "--from",
        "hubspot",
        str(HUBSPOT),
        "--dry-run",
        "--team",
        "sellers",
        "--report",
        str(tmp_path / "r.json"),
    )
    assert body["dry_run"]
    assert body["totals"]["created"] > 0
    assert not Account.objects.exists()
    bad = runner.invoke(app, ["migrate", "--from", "hubspot", str(HUBSPOT), "--stage-map", "x"])
    assert bad.exit_code == 2
    missing = runner.invoke(
        app, ["migrate", "--from", "hubspot", str(tmp_path / "nope.csv"), "--team", "sellers"]
    )
    assert missing.exit_code == 2


def test_unreadable_and_unknown_files_are_reported(sellers, tmp_path):
    (tmp_path / "mystery.csv").write_text("foo,bar\n1,2\n")
    (tmp_path / "Account.csv").write_bytes(b"")
    code, body = migrate(
        "--from",
        "salesforce",
        str(tmp_path),
        "--team",
        "sellers",
        "--report",
        str(tmp_path / "r.json"),
    )
    assert code == 1
    skipped = {Path(f["file"]).name: f["skipped"] for f in body["files"]}
    assert "empty" in skipped["Account.csv"]
    assert "Cannot tell" in skipped["mystery.csv"]


def test_salesforce_users_export_maps_owner_ids(sellers, tmp_path):
    team, _admin, rita = sellers
    (tmp_path / "User.csv").write_text("Id,Email,Name\n005A,RITA@example.com,Rita Rep\n")
    rita.email = "rita@example.com"
    rita.save()
    (tmp_path / "Account.csv").write_text(
        "Id,Name,Website,OwnerId\n001A,Acme,https://www.acme.example/about,005A\n"
        "001B,Bolt,bolt.example,005Z\n"
    )
    code, body = migrate(
        "--from", "salesforce", str(tmp_path), "--report", str(tmp_path / "r.json")
    )
    assert code == 0
    acme = Account.objects.get(team=team, external_id="001A")
    assert (acme.owner, acme.domain) == (rita, "acme.example")
    assert Account.objects.get(team=team, external_id="001B").owner is None
    assert body["unknown_owners"] == {"005Z": 1}
