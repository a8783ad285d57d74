"""Capture health: runs recorded, cursors advanced only on success, failing sources first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from helpfirst.capture import health
from helpfirst.capture.models import CaptureEvent, CaptureSource

pytestmark = pytest.mark.django_db


def test_success_advances_cursor_and_failure_keeps_it(world):
    source = health.source_for(world.team_a.pk, "imap", "sales@acme.test/INBOX")
    newest = timezone.now() - timedelta(minutes=5)
    health.record_success(source, stored=3, duplicates=1, cursor={"uid": 42}, newest_item_at=newest)
    health.record_failure(source, ConnectionRefusedError("IMAP server refused the connection"))
    source = CaptureSource.objects.get(pk=source.pk)
    assert source.cursor == {"uid": 42}
    assert (source.items_stored, source.duplicates_skipped, source.error_count) == (3, 1, 1)
    judged = health.judge(source)
    assert judged.status == "failing"
    assert "refused" in judged.explanation
    assert judged.lag >= timedelta(minutes=5)
    health.record_success(source, stored=0, cursor={"uid": 43})
    assert health.judge(CaptureSource.objects.get(pk=source.pk)).status == "ok"
    assert CaptureEvent.objects.filter(source=source).count() == 3


def test_source_for_is_idempotent_and_per_team(world):
    first = health.source_for(world.team_a.pk, "website", "www.acme.test")
    again = health.source_for(world.team_a.pk, "website", "www.acme.test")
    assert first.pk == again.pk
    assert CaptureSource.objects.count() == 1


def test_stale_pull_source(world):
    source = health.source_for(world.team_a.pk, "caldav", "team calendar")
    health.record_success(source, stored=1)
    later = timezone.now() + health.STALE_AFTER + timedelta(minutes=1)
    assert health.judge(CaptureSource.objects.get(pk=source.pk), now=later).status == "stale"


def test_health_page_and_api_show_only_own_team(client, world):
    mine = health.source_for(world.team_a.pk, "imap", "sales@acme.test/INBOX")
    health.record_failure(mine, "Login failed: check the mailbox password")
    theirs = health.source_for(world.team_b.pk, "imap", "secret@other.test/INBOX")
    client.force_login(world.rep1)
    page = client.get("/capture/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "sales@acme.test/INBOX" in text
    assert "Login failed" in text
    assert theirs.name not in text
