"""Importers: real CRM files, rejects with locations, dry runs, idempotency and permissions."""

from __future__ import annotations

import csv

import pytest

from helpfirst.accounts.models import Account, Contact
from helpfirst.imports import import_file
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, StageChange
from tests.imports.conftest import write

pytestmark = pytest.mark.django_db


def counts():
    return (Account.objects.count(), Contact.objects.count(), Journey.objects.count(),
            Interaction.objects.count(), StageChange.objects.count())


def test_salesforce_exports_import_and_reimport_changes_nothing(
    seller_team, crm_exports, tmp_path
):
    team, admin, _rep = seller_team
    files = [
        ("accounts", "SFDC-Assets__Account.csv"), ("contacts", "SFDC-Assets__Contact.csv"),
        ("journeys", "SFDC-Assets__Opportunity.csv"), ("interactions", "SFDC-Assets__Task.csv"),
    ]
    first = {}
    for entity, name in files:
        first[entity] = import_file(entity, crm_exports / name, team=team, user=admin,
                                    rejects=tmp_path / f"{entity}.rejects.csv")
    assert first["accounts"].created == 22
    assert first["accounts"].encoding == "utf-8-sig"
    assert first["accounts"].origin == "salesforce"
    assert first["journeys"].created == 50
    assert not first["journeys"].unmapped_stages
    assert Journey.objects.get(external_id="006Ec00000AieKGIAZ").buying_stage == "implementing"
    # most sample contacts have no AccountId: they are quarantined, with row and column
    contacts = first["contacts"]
    assert contacts.created + contacts.rejected == contacts.rows == 102
    assert contacts.rejects_file.endswith("contacts.rejects.csv")
    with open(contacts.rejects_file, encoding="utf-8") as handle:
        rejected = list(csv.reader(handle))
    assert rejected[0][-1] == "error"
    assert len(rejected) == contacts.rejected + 1
    assert all(p.location.row and p.location.line for p in contacts.problems)
    before = counts()
    for entity, name in files:
        again = import_file(entity, crm_exports / name, team=team, user=admin,
                            rejects=tmp_path / f"{entity}.rejects.csv")
        assert again.created == 0
        assert again.updated == 0, entity
    assert counts() == before


def test_latin1_salesforce_file_is_read_as_cp1252(seller_team, crm_exports):
    team, admin, _rep = seller_team
    report = import_file("accounts", crm_exports / "forcedotcom__accountData.csv", team=team,
                         user=admin, dry_run=True)
    assert report.encoding == "cp1252"
    assert report.rows == 423
    assert report.created == 423
    assert report.rejected == 0
    assert Account.objects.count() == 0  # dry run wrote nothing


def test_opportunity_stages_are_mapped_or_reported(seller_team, crm_exports, tmp_path):
    team, admin, _rep = seller_team
    import_file("accounts", crm_exports / "forcedotcom__accountData.csv", team=team, user=admin)
    report = import_file("journeys", crm_exports / "forcedotcom__opportunityData.csv",
                         team=team, user=admin)
    assert report.rejected == 0
    assert report.created == 38
    stages = set(Journey.objects.values_list("buying_stage", flat=True))
    assert stages <= {"exploring_problem", "exploring_solutions", "evaluating", "deciding",
                      "implementing"}
    custom = write(tmp_path, "deals.csv", "Record ID,Deal Name,Deal Stage,Associated Company\n"
                   "1,Pilot,Pilot running,Gravity Investments\n2,Other,Closed Won,Nobody Inc\n")
    report = import_file("journeys", custom, team=team, user=admin)
    assert report.origin == "hubspot"
    assert report.unmapped_stages == {"Pilot running": 1}
    assert {p.location.column for p in report.problems} == {"Deal Stage", "Associated Company"}
    fixed = import_file("journeys", custom, team=team, user=admin,
                        stage_map={"pilotrunning": "evaluating"})
    assert fixed.created == 1
    assert fixed.rejected == 1


HUBSPOT_COMPANIES = (
    "Record ID;Company name;Company Domain Name;Number of Employees;Industry\n"
    "101;Acme Tools;https://www.acme.example/;1,200;Manufacturing\n"
    "102;Beta;beta.example;lots;Retail\n"
    "103;;;;\n"
)


def test_bad_rows_are_quarantined_and_good_rows_applied(seller_team, tmp_path):
    team, admin, _rep = seller_team
    path = write(tmp_path, "companies.csv", HUBSPOT_COMPANIES, encoding="cp1252")
    report = import_file("accounts", path, team=team, user=admin)
    assert (report.created, report.rejected) == (1, 2)
    acme = Account.objects.get()
    assert (acme.domain, acme.employees, acme.source, acme.external_id) == (
        "acme.example", 1200, "hubspot", "101")
    where = {(p.location.row, p.location.column) for p in report.problems}
    assert where == {(2, "Number of Employees"), (3, "Company name")}
    rejects = (tmp_path / "companies.rejects.csv").read_text(encoding="utf-8")
    assert rejects.splitlines()[0].endswith(";error")
    assert "lots" in rejects
    # fixing the reject file and importing it completes the job
    fixed = rejects.replace("lots", "40").replace("103;;;;", "103;Gamma;gamma.example;;")
    fixed_path = write(tmp_path, "fixed.csv", "\n".join(
        line.rsplit(";", 1)[0] for line in fixed.splitlines()) + "\n")
    again = import_file("accounts", fixed_path, team=team, user=admin)
    assert again.created == 2
    assert again.rejected == 0


def test_update_changes_only_what_differs(seller_team, tmp_path):
    team, admin, _rep = seller_team
    path = write(tmp_path, "a.csv", "name,domain,industry\nAcme,acme.example,Retail\n")
    import_file("accounts", path, team=team, user=admin)
    stamp = Account.objects.get().updated_at
    path = write(tmp_path, "a.csv", "name,domain,industry\nAcme,ACME.example,Retail\n")
    assert import_file("accounts", path, team=team, user=admin).unchanged == 1
    assert Account.objects.get().updated_at == stamp
    path = write(tmp_path, "a.csv", "name,domain,industry\nAcme,acme.example,Wholesale\n")
    assert import_file("accounts", path, team=team, user=admin).updated == 1
    assert Account.objects.get().industry == "Wholesale"


def test_interactions_reject_bad_rows_and_never_duplicate(seller_team, tmp_path):
    team, admin, _rep = seller_team
    write(tmp_path, "a.csv", "name,domain\nAcme,acme.example\n")
    import_file("accounts", tmp_path / "a.csv", team=team, user=admin)
    path = write(tmp_path, "i.csv",
                 "source,external_id,kind,occurred_at,account_domain,page_type,properties\n"
                 "web,1,page_view,2026-03-01T09:30:00Z,acme.example,pricing,\"{\"\"n\"\": 1}\"\n"
                 "web,2,Page view,2026-03-01 10:00,ACME.example,Pricing,\n"
                 "web,3,teleport,2026-03-01T10:00Z,acme.example,,\n"
                 "web,4,note,yesterday,acme.example,,\n"
                 "web,5,note,2026-03-01,unknown.example,,\n"
                 "web,1,page_view,2026-03-01T09:30:00Z,acme.example,pricing,\n")
    report = import_file("interactions", path, team=team, user=admin)
    assert (report.rows, report.created, report.unchanged, report.rejected) == (6, 2, 1, 3)
    assert {p.location.column for p in report.problems} == {"kind", "occurred_at",
                                                            "account_domain"}
    stored = Interaction.objects.get(external_id="1")
    assert stored.properties == {"n": 1}
    assert stored.page_type == "pricing"
    again = import_file("interactions", path, team=team, user=admin)
    assert again.created == 0
    assert Interaction.objects.count() == 2


def test_rep_cannot_overwrite_a_colleagues_account(seller_team, tmp_path):
    team, admin, rep = seller_team
    Account.objects.create(team=team, name="Theirs", domain="theirs.example", owner=admin)
    path = write(tmp_path, "a.csv", "name,domain,industry\nTheirs,theirs.example,Hacked\n")
    report = import_file("accounts", path, team=team, user=rep)
    assert report.rejected == 1
    assert "colleague" in report.problems[0].message
    assert Account.objects.get().industry == ""


def test_unreadable_file_writes_nothing(seller_team, tmp_path):
    team, admin, _rep = seller_team
    path = tmp_path / "bad.csv"
    path.write_bytes(b"name\n\x81\x8d\n")
    from helpfirst.core.errors import ImportFileError

    with pytest.raises(ImportFileError):
        import_file("accounts", path, team=team, user=admin)
    assert Account.objects.count() == 0
