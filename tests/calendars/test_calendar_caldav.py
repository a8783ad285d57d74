"""CalDAV sync against a real Radicale server: once each, changes, deletions, resume, failures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpfirst.calendars import sync as sync_module
from helpfirst.calendars.caldav import CalDAVClient
from helpfirst.calendars.sync import sync_calendar
from helpfirst.capture.models import CaptureSource
from helpfirst.core.calendar.dav import CalDAVError
from helpfirst.interactions.models import Interaction
from tests.calendars.conftest import PASSWORD, USER
from tests.calendars.helpers import calendar, event

pytestmark = pytest.mark.django_db
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))


def run(world, url, **kwargs):
    kwargs.setdefault("window", WINDOW)
    return sync_calendar(world.team_a.pk, url, user=USER, password=PASSWORD, **kwargs)


def stored(world):
    return dict(
        Interaction.objects.filter(team=world.team_a, source="calendar").values_list(
            "external_id", "properties__status"
        )
    )


@pytest.mark.parametrize("use_sync_collection", [True, False], ids=["sync-token", "etags"])
def test_sync_twice_change_delete_sync_again(world, radicale, use_sync_collection):
    cal = radicale.new_calendar()
    url = radicale.base + cal
    radicale.put(cal, "m1.ics", calendar(event("m1")))
    radicale.put(cal, "m2.ics", calendar(event("m2", "20260303T100000Z")))
    radicale.put(cal, "w1.ics", calendar(event("w1", extra="RRULE:FREQ=WEEKLY;COUNT=3")))
    first = run(world, url, use_sync_collection=use_sync_collection)
    assert first.created == 5
    second = run(world, url, use_sync_collection=use_sync_collection)
    assert (second.created, second.updated, second.meetings) == (0, 0, 0)  # nothing fetched
    assert len(stored(world)) == 5

    moved = event("m1", "20260302T140000Z", end=None, summary="Moved review", sequence=1)
    radicale.put(cal, "m1.ics", calendar(moved))
    radicale.delete(cal, "m2.ics")
    third = run(world, url, use_sync_collection=use_sync_collection)
    assert (third.created, third.updated, third.cancelled) == (0, 1, 1)
    statuses = stored(world)
    assert len(statuses) == 5
    assert statuses["m2"] == "CANCELLED"
    m1 = Interaction.objects.get(external_id="m1")
    assert (m1.subject, m1.occurred_at.hour) == ("Moved review", 14)

    source = CaptureSource.objects.get(team=world.team_a, kind="caldav")
    assert source.name == url
    assert source.cursor["mode"] == ("sync" if use_sync_collection else "etag")
    assert set(source.cursor["hrefs"]) == {f"{cal}m1.ics", f"{cal}w1.ics"}
    assert (source.error_count, source.items_stored) == (0, 7)


def test_a_stopped_sync_resumes_without_doubling(world, radicale, monkeypatch):
    cal = radicale.new_calendar()
    url = radicale.base + cal
    for number in range(5):
        radicale.put(
            cal, f"e{number}.ics", calendar(event(f"e{number}", f"2026030{number + 1}T100000Z"))
        )
    calls = {"n": 0}
    real_fetch = CalDAVClient.fetch

    def fetch_then_die(self, hrefs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise CalDAVError("connection reset (simulated restart)")
        return real_fetch(self, hrefs)

    monkeypatch.setattr(CalDAVClient, "fetch", fetch_then_die)
    with pytest.raises(CalDAVError):
        run(world, url, batch_size=2)
    assert len(stored(world)) == 4  # two batches were saved with their cursor
    source = CaptureSource.objects.get(kind="caldav")
    assert len(source.cursor["hrefs"]) == 4
    assert source.error_count == 1
    monkeypatch.setattr(CalDAVClient, "fetch", real_fetch)
    fetched = []
    monkeypatch.setattr(
        CalDAVClient, "fetch", lambda self, hrefs: fetched.extend(hrefs) or real_fetch(self, hrefs)
    )
    report = run(world, url, batch_size=2)
    assert report.created == 1
    assert len(fetched) == 1  # only the event the stopped run had not stored
    assert len(stored(world)) == 5
    source.refresh_from_db()
    assert source.error_count == 0
    assert source.cursor["sync_token"]


def test_bad_password_is_a_clear_recorded_failure(world, radicale):
    cal = radicale.new_calendar()
    url = radicale.base + cal
    with pytest.raises(CalDAVError) as caught:
        sync_calendar(world.team_a.pk, url, user=USER, password="wrong", window=WINDOW)
    assert "refused user 'ann' (HTTP 401" in caught.value.message
    source = CaptureSource.objects.get(kind="caldav")
    assert source.error_count == 1
    assert "check the user name and the password" in source.last_error
    assert "wrong" not in source.last_error


def test_not_a_calendar_and_unreachable(world, radicale):
    with pytest.raises(CalDAVError, match="is not a calendar"):
        run(world, radicale.base + f"/{USER}/")
    with pytest.raises(CalDAVError, match="cannot reach the CalDAV server"):
        sync_calendar(world.team_a.pk, "http://127.0.0.1:9/cal/", window=WINDOW)


def test_cli_sync_json(world, radicale, monkeypatch):
    import json

    from typer.testing import CliRunner

    from helpfirst.cli.calendars import app

    cal = radicale.new_calendar()
    radicale.put(cal, "m1.ics", calendar(event("m1")))
    monkeypatch.setenv("CAL_PW", PASSWORD)
    args = ["sync", radicale.base + cal, "--user", USER, "--password-env", "CAL_PW"]
    args += ["--team", "team-a", "--since", "2026-01-01", "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["created"] == 1
    monkeypatch.setenv("CAL_PW", "nope")
    failed = CliRunner().invoke(app, args)
    assert failed.exit_code == 2
    assert json.loads(failed.stdout)["error"]["code"] == "caldav"
    assert sync_module.BATCH == 50


def test_expired_sync_token_starts_again_without_doubling(world, radicale):
    cal = radicale.new_calendar()
    url = radicale.base + cal
    radicale.put(cal, "m1.ics", calendar(event("m1")))
    run(world, url)
    source = CaptureSource.objects.get(kind="caldav")
    source.cursor = {**source.cursor, "sync_token": "http://radicale.org/ns/sync/unknown"}
    source.save()
    radicale.put(cal, "m2.ics", calendar(event("m2", "20260303T100000Z")))
    report = run(world, url)
    assert (report.created, report.unchanged, report.cancelled) == (1, 0, 0)
    assert set(stored(world)) == {"m1", "m2"}
