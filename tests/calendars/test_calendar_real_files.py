"""The real-world samples through the whole import: .ics files and a real Zoom transcript."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpfirst.calendars.imports import import_ics_file
from helpfirst.calls.models import Call
from tests.calendars.helpers import calendar, event

pytestmark = pytest.mark.django_db
REPO_ROOT = Path(__file__).resolve().parents[2]
WIDE = (datetime(1990, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))


def real_formats() -> Path:
    base = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    folder = base / "real-formats"
    if not (folder / "calendar").is_dir():
        pytest.skip(f"real-format samples not found at {folder} (set HELPFIRST_SHARED_DATA)")
    return folder


def test_every_real_calendar_file_imports_and_reimports_cleanly(world):
    from tests.factories import ContactFactory

    # Make some of the files' attendees known contacts, so meetings are really stored.
    ContactFactory(account=world.a1, email="roberts@company.com")
    ContactFactory(account=world.a1, email="icalparticipant@coffeebean.com")
    ContactFactory(account=world.a2, email="b@example.com")
    files = sorted((real_formats() / "calendar").glob("*.ics"))
    created = 0
    for path in files:
        report = import_ics_file(world.team_a.pk, path, window=WIDE)
        assert report.files_failed == 0, report.problems
        created += report.created
        again = import_ics_file(world.team_a.pk, path, window=WIDE)
        assert (again.created, again.updated, again.cancelled) == (0, 0, 0), path.name
    assert created >= 7  # blankTzid 1, calconnect 5, incoming 1


def test_real_zoom_transcript_becomes_the_meetings_call(world, tmp_path):
    source = real_formats() / "transcripts" / "andrewpknight__meeting001_transcript.vtt"
    if not source.is_file():
        pytest.skip(f"{source} is missing")
    world.c1.recording_consent = True
    world.c1.save()
    world.rep1.first_name, world.rep1.last_name = "Andrew", "Knight"
    world.rep1.save()
    folder = tmp_path / "zoom"
    folder.mkdir()
    shutil.copy(source, folder / "GMT20260302-100130_Recording.transcript.vtt")
    path = tmp_path / "team.ics"
    path.write_text(calendar(event("zoom-1", summary="Research team meeting")))
    report = import_ics_file(world.team_a.pk, path, transcripts=folder, window=WIDE)
    assert (report.calls_linked, report.problems) == (1, [])
    call = Call.objects.get()
    assert call.is_analysed
    assert call.interaction.external_id == "zoom-1"
    assert call.duration_s > 3000  # about 55 minutes
