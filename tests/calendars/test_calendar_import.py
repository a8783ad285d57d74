""".ics import: meetings on the right contact, account and journey; once each; kept current."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpfirst.calendars.imports import import_ics_file
from helpfirst.capture.models import CaptureEvent, CaptureSource
from helpfirst.interactions.models import Interaction
from tests.calendars.helpers import calendar, event
from tests.factories import ContactFactory, JourneyFactory

pytestmark = pytest.mark.django_db
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))


def write(tmp_path, text, name="team.ics"):
    path = tmp_path / name
    path.write_text(text)
    return path


def meetings(world):
    return Interaction.objects.filter(team=world.team_a, source="calendar").order_by("occurred_at")


def test_meeting_lands_on_contact_account_and_journey(world, tmp_path):
    path = write(
        tmp_path,
        calendar(
            event("m1", attendees=("Ann@Alpha.example", "stranger@else.example")),
            event("m2", "20260303T100000Z", attendees=("nobody@else.example",)),
        ),
    )
    report = import_ics_file(world.team_a.pk, path, window=WINDOW)
    assert (report.created, report.no_contact, report.problems) == (1, 1, [])
    (meeting,) = meetings(world)
    assert (meeting.kind, meeting.external_id) == ("meeting", "m1")
    assert (meeting.account, meeting.contact, meeting.journey) == (world.a1, world.c1, world.j1)
    assert meeting.occurred_at == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert meeting.subject == "Forecasting review"
    attendees = {a["email"]: a["contact_id"] for a in meeting.properties["attendees"]}
    assert attendees == {"ann@alpha.example": world.c1.pk, "stranger@else.example": None}
    assert meeting.properties["contact_ids"] == [world.c1.pk]
    assert meeting.properties["organizer"]["email"] == "rita@seller.example"
    source = CaptureSource.objects.get(team=world.team_a, kind="ics_file", name="team.ics")
    assert (source.items_stored, source.error_count) == (1, 0)
    assert source.last_success_at is not None


def test_reimport_changes_nothing_and_other_teams_are_untouched(world, tmp_path):
    path = write(tmp_path, calendar(event("m1"), event("m2", "20260303T100000Z")))
    import_ics_file(world.team_a.pk, path, window=WINDOW)
    before = list(meetings(world).values_list("pk", "occurred_at", "properties"))
    again = import_ics_file(world.team_a.pk, path, window=WINDOW)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert list(meetings(world).values_list("pk", "occurred_at", "properties")) == before
    other = import_ics_file(world.team_b.pk, path, window=WINDOW)
    assert other.no_contact == 2  # team B does not know ann@alpha.example
    assert not Interaction.objects.filter(team=world.team_b, source="calendar").exists()


def test_changed_event_updates_its_meeting_and_older_copies_are_ignored(world, tmp_path):
    import_ics_file(world.team_a.pk, write(tmp_path, calendar(event("m1"))), window=WINDOW)
    moved = event("m1", "20260305T150000Z", end=None, summary="Forecast deep dive", sequence=2)
    report = import_ics_file(world.team_a.pk, write(tmp_path, calendar(moved)), window=WINDOW)
    assert (report.created, report.updated) == (0, 1)
    (meeting,) = meetings(world)
    assert meeting.occurred_at == datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
    assert (meeting.subject, meeting.properties["sequence"]) == ("Forecast deep dive", 2)
    stale = import_ics_file(world.team_a.pk, write(tmp_path, calendar(event("m1"))), window=WINDOW)
    assert (stale.updated, stale.unchanged) == (0, 1)
    assert meetings(world).get().subject == "Forecast deep dive"


def test_cancelled_events_are_marked_not_deleted(world, tmp_path):
    import_ics_file(world.team_a.pk, write(tmp_path, calendar(event("m1"))), window=WINDOW)
    cancelled = event("m1", sequence=1, extra="STATUS:CANCELLED")
    never = event("m9", "20260310T100000Z", extra="STATUS:CANCELLED")
    report = import_ics_file(
        world.team_a.pk, write(tmp_path, calendar(cancelled, never)), window=WINDOW
    )
    assert (report.cancelled, report.skipped_cancelled) == (1, 1)
    (meeting,) = meetings(world)
    assert meeting.properties["status"] == "CANCELLED"


def test_series_instances_and_exdate_added_later(world, tmp_path):
    weekly = event("w1", extra="RRULE:FREQ=WEEKLY;COUNT=4")
    import_ics_file(world.team_a.pk, write(tmp_path, calendar(weekly)), window=WINDOW)
    ids = list(meetings(world).values_list("external_id", flat=True))
    assert ids == [
        "w1#20260302T100000Z",
        "w1#20260309T100000Z",
        "w1#20260316T100000Z",
        "w1#20260323T100000Z",
    ]
    skipped = event("w1", sequence=1, extra="RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:20260316T100000Z")
    report = import_ics_file(world.team_a.pk, write(tmp_path, calendar(skipped)), window=WINDOW)
    assert report.cancelled == 1
    statuses = dict(meetings(world).values_list("external_id", "properties__status"))
    assert statuses["w1#20260316T100000Z"] == "CANCELLED"
    assert meetings(world).count() == 4


def test_journey_rule(world, tmp_path):
    from helpfirst.journeys.models import JourneyStakeholder

    # a2 has two open journeys (j2, j3): no journey unless the contact sits on exactly one.
    import_ics_file(
        world.team_a.pk,
        write(tmp_path, calendar(event("b1", attendees=("bob@beta.example",)))),
        window=WINDOW,
    )
    assert meetings(world).get().journey is None
    JourneyStakeholder.objects.create(journey=world.j3, contact=world.c2)
    import_ics_file(
        world.team_a.pk,
        write(tmp_path, calendar(event("b2", "20260304T100000Z", attendees=("bob@beta.example",)))),
        window=WINDOW,
    )
    assert meetings(world).get(external_id="b2").journey == world.j3


def test_account_with_most_matched_attendees_wins(world, tmp_path):
    ContactFactory(account=world.a2, email="eve@beta.example")
    JourneyFactory(account=world.a3, owner=world.rep1)
    path = write(
        tmp_path,
        calendar(
            event("x", attendees=("ann@alpha.example", "bob@beta.example", "eve@beta.example"))
        ),
    )
    import_ics_file(world.team_a.pk, path, window=WINDOW)
    meeting = meetings(world).get()
    assert meeting.account == world.a2
    assert meeting.properties["other_account_ids"] == [world.a1.pk]


def test_damaged_file_is_a_recorded_failure(world, tmp_path):
    path = write(tmp_path, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", name="cut.ics")
    report = import_ics_file(world.team_a.pk, path, window=WINDOW)
    assert report.files_failed == 1
    (problem,) = report.problems
    assert (problem["file"], problem["line"]) == ("cut.ics", 2)
    source = CaptureSource.objects.get(kind="ics_file", name="cut.ics")
    assert source.error_count == 1
    assert "never closed" in source.last_error
    assert CaptureEvent.objects.filter(source=source, ok=False).exists()


def test_bad_event_is_reported_with_file_line_and_uid(world, tmp_path):
    bad = "BEGIN:VEVENT\r\nUID:broken\r\nDTSTART:yesterday\r\nEND:VEVENT\r\n"
    path = write(tmp_path, calendar(event("m1"), bad))
    report = import_ics_file(world.team_a.pk, path, window=WINDOW)
    assert report.created == 1
    (problem,) = report.problems
    assert problem["uid"] == "broken"
    assert problem["file"] == "team.ics"
    assert problem["line"] == 14
