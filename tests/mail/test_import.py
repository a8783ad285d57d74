"""`.eml`/`.mbox` import: good messages stored, bad ones located, re-import changes nothing."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from helpfirst.capture.models import CaptureSource
from helpfirst.cli import app as cli_app
from helpfirst.interactions.models import Interaction
from helpfirst.mail.importing import import_files
from tests.mail.conftest import make_mail

pytestmark = pytest.mark.django_db


def write_mbox(path, *raws):
    with path.open("wb") as handle:
        for raw in raws:
            handle.write(b"From someone@example.com Mon Nov  2 09:30:00 2026\n")
            handle.write(raw.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From "))
            handle.write(b"\n")


def test_import_reports_bad_messages_and_is_idempotent(world, tmp_path):
    mbox = tmp_path / "sales.mbox"
    write_mbox(
        mbox,
        make_mail("rep1@example.com", "ann@alpha.example", message_id="i1"),
        b"garbage that is no e-mail\n",
        make_mail(
            "ann@alpha.example",
            "rep1@example.com",
            "Re",
            message_id="i2",
            in_reply_to="i1@mail.test",
        ),
        make_mail("stranger@nowhere.example", "rep1@example.com"),
    )
    eml = tmp_path / "one.eml"
    eml.write_bytes(make_mail("rep1@example.com", "bob@beta.example", message_id="i3"))
    missing = tmp_path / "missing.eml"
    reports = import_files(world.team_a.pk, [mbox, eml, missing])
    box, single, absent = reports
    assert (box.format, box.messages, box.outcome.stored) == ("mbox", 4, 2)
    assert box.outcome.skipped_no_contact == 1
    assert [p.message_number for p in box.outcome.problems] == [2]
    assert str(box.outcome.problems[0]).startswith(f"{mbox}, message 2:")
    assert single.outcome.stored == 1
    assert absent.error is not None
    assert "not found" in str(absent.error)
    stored = Interaction.objects.filter(team=world.team_a, source="email")
    assert stored.count() == 3
    assert set(stored.values_list("journey", flat=True)) == {world.j1.pk, None}

    again = import_files(world.team_a.pk, [mbox, eml])
    assert [r.outcome.stored for r in again] == [0, 0]
    assert [r.outcome.duplicates for r in again] == [2, 1]
    assert stored.count() == 3
    source = CaptureSource.objects.get(
        team=world.team_a, kind="mail_file", name__endswith="sales.mbox"
    )
    assert (source.items_stored, source.duplicates_skipped) == (2, 2)


def test_cli_import_json(world, tmp_path):
    eml = tmp_path / "reply.eml"
    eml.write_bytes(make_mail("ann@alpha.example", "rep1@example.com", message_id="cli1"))
    bad = tmp_path / "bad.eml"
    bad.write_bytes(b"\x00\x01 not mail")
    runner = CliRunner()
    result = runner.invoke(
        cli_app, ["mail", "import", str(eml), str(bad), "--team", "team-a", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    assert payload["files"][0]["stored"] == 1
    assert payload["files"][1]["problems"][0]["detail"] == {"message_number": 1}
    text = runner.invoke(cli_app, ["mail", "import", str(eml), "--team", "team-a"])
    assert text.exit_code == 0, text.output
    assert "0 stored, 1 already stored" in text.stdout
