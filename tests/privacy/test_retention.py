"""Retention policies: a dry run says what would go; --apply removes it and audits it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from helpfirst.audit.models import AuditEntry
from helpfirst.calls.models import Call
from helpfirst.interactions.models import Interaction
from helpfirst.privacy.models import RetentionPolicy
from helpfirst.privacy.retention import RetentionTarget, apply_retention, register, targets
from tests.factories import InteractionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_data(person, world):
    long_ago = timezone.now() - timedelta(days=400)
    Call.objects.filter(pk=world.call.pk).update(occurred_at=long_ago)
    old_mail = InteractionFactory(
        account=world.a2,
        kind="email_replied",
        occurred_at=long_ago,
        subject="Re: pilot",
        properties={"body": "old words", "message_id": "<a@b>"},
    )
    new_mail = InteractionFactory(
        account=world.a2,
        kind="email_replied",
        occurred_at=timezone.now(),
        properties={"body": "new words"},
    )
    RetentionPolicy.objects.create(team=world.team_a, target="call_transcripts", keep_for=12)
    RetentionPolicy.objects.create(
        team=world.team_a, target="email_bodies", keep_for=180, unit="days"
    )
    return old_mail, new_mail


def test_dry_run_counts_and_removes_nothing(old_data, world):
    run = apply_retention(apply=False)
    counts = {o.target: o.items for o in run.outcomes}
    assert counts == {"call_transcripts": 1, "email_bodies": 1}
    assert Call.objects.get(pk=world.call.pk).transcript_text
    assert not AuditEntry.objects.filter(action="retention").exists()


def test_apply_keeps_metrics_and_touches(old_data, world):
    old_mail, new_mail = old_data
    before = Call.objects.get(pk=world.call.pk)
    apply_retention(apply=True)
    call = Call.objects.get(pk=world.call.pk)
    assert call.transcript_text == ""
    assert call.utterances == []
    assert call.helping_score == before.helping_score
    assert call.talk_ratio == before.talk_ratio
    old_mail.refresh_from_db()
    new_mail.refresh_from_db()
    assert old_mail.properties == {"message_id": "<a@b>"}
    assert old_mail.subject == "Re: pilot"
    assert new_mail.properties == {"body": "new words"}
    entries = AuditEntry.objects.filter(action="retention")
    assert {e.object_type for e in entries} == {"call_transcripts", "email_bodies"}
    assert all(e.team_id == world.team_a.pk for e in entries)
    # Applying again finds nothing more.
    again = apply_retention(apply=True)
    assert [o.items for o in again.outcomes] == [0, 0]


def test_other_apps_register_targets(world):
    seen = []

    def remove(team_id, cutoff, dry_run):
        seen.append((team_id, dry_run))
        return 7

    register(RetentionTarget("test_target", "Test data", "for the test", remove, "days"))
    try:
        RetentionPolicy.objects.create(
            team=world.team_b, target="test_target", keep_for=3, unit="days"
        )
        run = apply_retention(team_id=world.team_b.pk, apply=True)
        assert [o.items for o in run.outcomes] == [7]
        assert seen == [(world.team_b.pk, False)]
    finally:
        targets_now = targets()
        targets_now.pop("test_target", None)
        from helpfirst.privacy import retention

        retention._REGISTRY.pop("test_target", None)


def test_anonymous_visits_target_when_tracking_exists(world):
    if "anonymous_visits" not in targets():
        pytest.skip("the tracking app has no visit events yet")
    from helpfirst.tracking.models import TrackedSite, VisitEvent, Visitor

    site = TrackedSite.objects.create(team=world.team_a, name="www")
    anon = Visitor.objects.create(team=world.team_a, site=site, visitor_id="anon")
    known = Visitor.objects.create(team=world.team_a, site=site, visitor_id="k", contact=world.c1)
    old = datetime(2020, 1, 1, tzinfo=UTC)
    for i, visitor in enumerate((anon, known)):
        VisitEvent.objects.create(
            team=world.team_a,
            site=site,
            visitor=visitor,
            kind="page_view",
            url="/",
            occurred_at=old,
            dedupe_key=f"k{i}",
        )
    RetentionPolicy.objects.create(
        team=world.team_a, target="anonymous_visits", keep_for=30, unit="days"
    )
    run = apply_retention(apply=True)
    assert [o.items for o in run.outcomes] == [1]
    assert list(VisitEvent.objects.values_list("visitor_id", flat=True)) == [known.pk]


def test_cli_dry_run_and_apply(old_data, world):
    from helpfirst.cli.privacy import app

    runner = CliRunner()
    dry = runner.invoke(app, ["retention", "--format", "json"])
    assert dry.exit_code == 0, dry.output
    data = json.loads(dry.output)
    assert data["applied"] is False
    assert sum(o["items"] for o in data["outcomes"]) == 2
    text = runner.invoke(app, ["retention"])
    assert "Dry run" in text.output
    done = runner.invoke(app, ["retention", "--apply", "--team", "team-a"])
    assert done.exit_code == 0, done.output
    assert Call.objects.get(pk=world.call.pk).transcript_text == ""
    assert AuditEntry.objects.filter(action="retention", via="cli").count() == 2


def test_cli_policy_command(world, admin):
    from helpfirst.cli.privacy import app

    runner = CliRunner()
    ok = runner.invoke(app, ["policy", "email_bodies", "--keep", "6", "--team", "team-a"])
    assert ok.exit_code == 0, ok.output
    assert RetentionPolicy.objects.get(team=world.team_a, target="email_bodies").keep_for == 6
    bad = runner.invoke(app, ["policy", "nonsense", "--keep", "6", "--team", "team-a"])
    assert bad.exit_code == 2
    gone = runner.invoke(app, ["policy", "email_bodies", "--keep", "0", "--team", "team-a"])
    assert gone.exit_code == 0
    assert not RetentionPolicy.objects.filter(team=world.team_a).exists()


def test_settings_page_for_admins(world, admin):
    client = Client()
    client.force_login(world.manager)
    assert client.get("/privacy/settings/").status_code == 404
    client.force_login(admin)
    assert client.get("/privacy/settings/").status_code == 200
    saved = client.post(
        "/privacy/settings/",
        {"keep_call_transcripts": "18", "unit_call_transcripts": "months"},
    )
    assert saved.status_code == 302
    policy = RetentionPolicy.objects.get(team=world.team_a, target="call_transcripts")
    assert policy.keep_for == 18
    assert not world.team_a.privacy_settings.redact_card_numbers  # the box was unticked
    bad = client.post("/privacy/settings/", {"keep_email_bodies": "-3"})
    assert bad.status_code == 200
    assert AuditEntry.objects.filter(object_type="retention_policy", action="create").exists()
    assert Interaction.objects.exists()
