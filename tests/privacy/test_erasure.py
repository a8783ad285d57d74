"""Erasing a person leaves nothing of their name, e-mail or phone in any table."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models

from helpfirst.audit.models import AuditEntry
from helpfirst.calls.models import Call
from helpfirst.interactions.models import Interaction
from helpfirst.privacy.erasure import erase_contact
from tests.privacy.conftest import EMAIL, NAME, PHONE

pytestmark = pytest.mark.django_db
NEEDLES = (NAME.lower(), EMAIL.lower(), PHONE.lower(), "quartermain, zelda")


def _leftovers(needles=NEEDLES) -> list[str]:
    """Search every field that can hold text, of every model (Django's own included)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        wanted = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not wanted:
            continue
        for row in model._default_manager.values_list("pk", *wanted).iterator():
            text = json.dumps(row[1:], default=str, ensure_ascii=False).lower()
            for needle in needles:
                if needle in text:
                    found.append(f"{model._meta.label} #{row[0]}: {needle}")
    return found


def test_the_fixture_really_spreads_her_everywhere(person, world):
    assert len(_leftovers()) >= 8
    lines = [r for r in world.call.utterances if r[0] == NAME]
    assert len(lines) == 3


def test_erasure_leaves_no_trace(person, world, admin):
    report = erase_contact(person, by=admin)
    assert _leftovers() == []
    call = Call.objects.get(pk=world.call.pk)
    assert [r[0] for r in call.utterances].count("[erased]") == 3
    assert "zelda" not in json.dumps(call.utterances).lower()
    assert "zelda" not in call.transcript_text.lower()
    assert call.helping_score is not None  # re-analysed, metrics still there
    assert all(s["name"] != NAME for s in call.analysis["speakers"])
    raw = Interaction.objects.get(kind="call", account=world.a1)
    assert "[erased]" in raw.properties["transcript"]
    assert report.counts["contacts"] == 1
    assert report.counts["call_lines"] == 3
    assert report.counts["stakeholder_seats"] == 1
    assert report.counts["interactions"] == 2


def test_erasure_recomputes_fit_and_keeps_others(person, world, admin):
    from helpfirst.fit.models import FitRecord
    from helpfirst.plans.models import PlanStep

    erase_contact(person, by=admin)
    latest = FitRecord.objects.get(journey=world.j1, is_latest=True)
    assert latest.pk != world.fit.pk
    assert "overhire" not in json.dumps(latest.payload)
    old = FitRecord.objects.get(pk=world.fit.pk)
    assert "overhire in spring" not in json.dumps(old.payload)
    step = PlanStep.objects.get(title="Pilot kick-off")
    assert step.owner_contact_id is None
    assert Interaction.objects.filter(contact=world.c1).count() == 2  # others' data stays
    world.c1.refresh_from_db()


def test_erasure_is_audited_without_personal_data(person, world, admin):
    contact_id = person.pk
    erase_contact(person, by=admin)
    entry = AuditEntry.objects.get(action="erase")
    assert entry.object_id == str(contact_id)
    assert entry.username == "admin"
    assert entry.detail["contacts"] == 1
    text = json.dumps([entry.label, entry.detail, entry.fields]).lower()
    for needle in NEEDLES:
        assert needle not in text


def test_another_team_with_the_same_name_is_untouched(person, world, admin):
    from tests.factories import ContactFactory

    twin = ContactFactory(
        account=world.b1,
        team=world.team_b,
        first_name="Zelda",
        last_name="Quartermain",
        email=EMAIL,
    )
    erase_contact(person, by=admin)
    twin.refresh_from_db()
    assert twin.email == EMAIL
