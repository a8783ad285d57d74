"""Export → import into an empty team → export gives identical files (CSV and JSONL)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from helpfirst.accounts.models import Account, Contact
from helpfirst.imports import import_file
from helpfirst.imports.exports import export_file
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey

pytestmark = pytest.mark.django_db
ORDER = ("accounts", "contacts", "journeys", "interactions")


def build_world(team, admin, rep):
    acme = Account.objects.create(team=team, name="Acme; \"Tools\"", domain="acme.example",
                                  industry="Retail", employees=250, region="EMEA", owner=rep,
                                  strategies="Grow online,\nthen abroad")
    beta = Account.objects.create(team=team, name="Beta Ünited", source="salesforce",
                                  external_id="001X", employees=None)
    ann = Contact.objects.create(team=team, account=acme, first_name="Ann", last_name="Lee",
                                 email="ann@acme.example", stakeholder_role="champion",
                                 may_contact=False)
    Contact.objects.create(team=team, account=beta, first_name="Bo", last_name="", email="",
                           source="salesforce", external_id="003Y")
    journey = Journey.objects.create(team=team, account=acme, owner=rep, title="Forecasting",
                                     buying_stage="not_a_fit", exit_reason="Too small",
                                     expected_value=Decimal("1200.50"), referred_to="Other Co")
    Journey.objects.create(team=team, account=beta, owner=admin, title="Beta deal",
                           source="salesforce", external_id="006Z")
    for i in range(5):
        Interaction.objects.create(
            team=team, account=acme, contact=ann if i % 2 else None,
            journey=journey if i < 3 else None, kind="page_view", page_type="pricing",
            occurred_at=datetime(2026, 3, 1, 9, i, 30, 250, tzinfo=UTC), source="web",
            external_id=f"e{i}", properties={"i": i, "tags": ["ä", "b"]} if i else {},
        )
    Interaction.objects.create(team=team, account=beta, kind="call", source="salesforce",
                               external_id="00T1", occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
                               subject="Intro, \"quick\"")


def wipe(team):
    Interaction.objects.filter(team=team).delete()
    Journey.objects.filter(team=team).delete()
    Contact.objects.filter(team=team).delete()
    Account.objects.filter(team=team).delete()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_export_import_export_is_identical(seller_team, tmp_path, suffix):
    team, admin, rep = seller_team
    build_world(team, admin, rep)
    first = {e: tmp_path / f"first-{e}{suffix}" for e in ORDER}
    second = {e: tmp_path / f"second-{e}{suffix}" for e in ORDER}
    for entity in ORDER:
        export_file(entity, first[entity], admin)
    wipe(team)
    for entity in ORDER:
        report = import_file(entity, first[entity], team=team, user=admin)
        assert report.rejected == 0, [str(p) for p in report.problems]
    for entity in ORDER:
        export_file(entity, second[entity], admin)
        assert second[entity].read_text(encoding="utf-8") == first[entity].read_text(
            encoding="utf-8"), entity
    assert Interaction.objects.filter(journey__isnull=False).count() == 3
    for entity in ORDER:  # and importing the same files again changes nothing
        again = import_file(entity, first[entity], team=team, user=admin)
        assert again.created == again.updated == 0, entity


def test_rep_exports_only_what_they_may_see(seller_team, tmp_path):
    team, admin, rep = seller_team
    build_world(team, admin, rep)
    export_file("journeys", tmp_path / "mine.csv", rep)
    text = (tmp_path / "mine.csv").read_text()
    assert "Forecasting" in text
    assert "Beta deal" not in text
    export_file("accounts", tmp_path / "acc.csv", rep)
    assert "Beta" not in (tmp_path / "acc.csv").read_text()
