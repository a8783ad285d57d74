"""A meeting with a transcript becomes an analysed call, linked both ways, exactly once."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from helpfirst.calendars.imports import import_ics_file
from helpfirst.calls.models import Call
from helpfirst.interactions.models import Interaction
from tests.calendars.helpers import HELPFUL_CALL, calendar, event

pytestmark = pytest.mark.django_db
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))


@pytest.fixture
def consenting(world):
    world.c1.recording_consent = True
    world.c1.save()
    world.rep1.first_name, world.rep1.last_name = "Rita", "Rep"
    world.rep1.save()
    return world


def test_transcript_in_folder_by_uid_becomes_a_linked_call(consenting, tmp_path):
    world = consenting
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "m1.vtt").write_text(HELPFUL_CALL)
    path = tmp_path / "team.ics"
    path.write_text(calendar(event("m1"), event("m2", "20260304T100000Z")))
    report = import_ics_file(world.team_a.pk, path, transcripts=folder, window=WINDOW)
    assert (report.calls_linked, report.problems) == (1, [])
    meeting = Interaction.objects.get(source="calendar", external_id="m1")
    call = Call.objects.get()
    assert call.interaction == meeting
    assert (call.journey, call.title) == (world.j1, "Forecasting review")
    assert call.occurred_at == meeting.occurred_at
    assert list(call.contacts.all()) == [world.c1]
    assert call.is_analysed
    assert meeting.properties["call_id"] == call.pk
    assert meeting.properties["call_url"] == f"/calls/{call.pk}/"
    again = import_ics_file(world.team_a.pk, path, transcripts=folder, window=WINDOW)
    assert again.calls_linked == 0
    assert Call.objects.count() == 1
    moved = event("m1", "20260302T100500Z", sequence=1)
    path.write_text(calendar(moved))
    import_ics_file(world.team_a.pk, path, transcripts=folder, window=WINDOW)
    assert Interaction.objects.get(external_id="m1").properties["call_id"] == call.pk


def test_zoom_named_transcript_matches_by_start_time(consenting, tmp_path):
    folder = tmp_path / "zoom"
    folder.mkdir()
    (folder / "GMT20260302-100212_Recording.transcript.vtt").write_text(HELPFUL_CALL)
    path = tmp_path / "team.ics"
    path.write_text(calendar(event("m1")))
    report = import_ics_file(consenting.team_a.pk, path, transcripts=folder, window=WINDOW)
    assert report.calls_linked == 1


def test_inline_attachment_and_missing_consent(world, tmp_path):
    data = base64.b64encode(HELPFUL_CALL.encode()).decode()
    attach = f"ATTACH;ENCODING=BASE64;VALUE=BINARY;FMTTYPE=text/vtt;FILENAME=call.vtt:{data}"
    path = tmp_path / "team.ics"
    path.write_text(calendar(event("m1", extra=attach)))
    report = import_ics_file(world.team_a.pk, path, window=WINDOW)
    assert report.created == 1
    assert report.calls_linked == 0
    (problem,) = report.problems
    assert "not agreed to recording" in problem["message"]
    assert (problem["uid"], problem["file"]) == ("m1", "team.ics")
    assert not Call.objects.exists()
    world.c1.recording_consent = True
    world.c1.save()
    world.rep1.first_name, world.rep1.last_name = "Rita", "Rep"
    world.rep1.save()
    assert import_ics_file(world.team_a.pk, path, window=WINDOW).calls_linked == 1


def test_transcript_without_a_journey_is_reported(world, tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "b1.vtt").write_text(HELPFUL_CALL)
    path = tmp_path / "team.ics"
    path.write_text(calendar(event("b1", attendees=("bob@beta.example",))))
    report = import_ics_file(world.team_a.pk, path, transcripts=folder, window=WINDOW)
    (problem,) = report.problems
    assert "no single open journey" in problem["message"]


def test_journey_timeline_links_the_meeting_to_its_call(consenting, tmp_path, client):
    world = consenting
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "m1.vtt").write_text(HELPFUL_CALL)
    path = tmp_path / "team.ics"
    path.write_text(calendar(event("m1")))
    import_ics_file(world.team_a.pk, path, transcripts=folder, window=WINDOW)
    call = Call.objects.get()
    client.force_login(world.rep1)
    page = client.get(f"/journeys/{world.j1.pk}/").content.decode()
    assert f'href="/calls/{call.pk}/">Call analysis' in page
