"""IMAP sync against a real Dovecot: twice stores once; interrupted syncs resume; UIDVALIDITY."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from helpfirst.capture.models import CaptureSource
from helpfirst.cli import app as cli_app
from helpfirst.interactions.models import Interaction
from helpfirst.mail import imap
from helpfirst.mail.imap import Mailbox, MailboxError, sync_mailbox
from tests.mail.conftest import make_mail

pytestmark = pytest.mark.django_db


def mailbox_of(server, folder: str) -> Mailbox:
    return Mailbox(
        host=server.host,
        port=server.port,
        user=server.user,
        folder=folder,
        ssl=False,
        password_env="TEST_IMAP_PASSWORD",
    )


def conversation(count: int, prefix: str) -> list[bytes]:
    """Alternating mails between rep1 and Ann (account a1, journey j1) plus one stranger."""
    raws = []
    for n in range(count):
        if n % 2:
            raws.append(
                make_mail(
                    "ann@alpha.example",
                    "rep1@example.com",
                    f"Re: {n}",
                    message_id=f"{prefix}-{n}",
                    in_reply_to=f"{prefix}-{n - 1}@mail.test",
                )
            )
        else:
            raws.append(
                make_mail(
                    "rep1@example.com", "ann@alpha.example", f"Note {n}", message_id=f"{prefix}-{n}"
                )
            )
    raws.append(make_mail("stranger@nowhere.example", "rep1@example.com", message_id=f"{prefix}-x"))
    return raws


def emails(world):
    return Interaction.objects.filter(team=world.team_a, source="email")


def test_sync_twice_stores_each_message_once(world, dovecot):
    folder = dovecot.new_folder()
    dovecot.deliver(folder, *conversation(5, "twice"))
    box = mailbox_of(dovecot, folder)
    first = sync_mailbox(world.team_a.pk, box, dovecot.password, batch_size=2)
    assert (first.new_messages, first.batches, first.outcome.stored) == (6, 3, 5)
    assert first.outcome.skipped_no_contact == 1
    assert emails(world).count() == 5
    assert set(emails(world).values_list("journey", flat=True)) == {world.j1.pk}
    assert emails(world).filter(kind="email_replied").count() == 2
    second = sync_mailbox(world.team_a.pk, box, dovecot.password, batch_size=2)
    assert (second.new_messages, second.outcome.stored) == (0, 0)
    assert emails(world).count() == 5
    source = CaptureSource.objects.get(team=world.team_a, kind="imap", name=box.name)
    assert source.cursor["last_uid"] == 6
    assert "password" not in json.dumps(source.settings).replace("password_env", "")
    assert source.settings["password_env"] == "TEST_IMAP_PASSWORD"
    # new mail arrives: only it is fetched
    dovecot.deliver(folder, make_mail("ann@alpha.example", "rep1@example.com", message_id="late"))
    third = sync_mailbox(world.team_a.pk, box, dovecot.password)
    assert (third.new_messages, third.outcome.stored) == (1, 1)


def test_interrupted_sync_resumes_without_loss_or_duplicates(world, dovecot):
    folder = dovecot.new_folder()
    dovecot.deliver(folder, *conversation(7, "resume"))  # 8 messages, 7 of Ann's thread
    box = mailbox_of(dovecot, folder)

    def crash_after_first_batch(done, outcome):
        raise KeyboardInterrupt("stopped mid-sync")

    with pytest.raises(KeyboardInterrupt):
        sync_mailbox(
            world.team_a.pk, box, dovecot.password, batch_size=3, on_batch=crash_after_first_batch
        )
    source = CaptureSource.objects.get(team=world.team_a, kind="imap", name=box.name)
    assert source.cursor["last_uid"] == 3
    assert emails(world).count() == 3
    assert source.error_count == 1

    # a failure inside a batch rolls the batch back, cursor included
    real_store = imap.store_messages
    calls = []

    def store_then_fail(*args, **kwargs):
        outcome = real_store(*args, **kwargs)
        calls.append(outcome)
        raise RuntimeError("database went away")

    imap.store_messages = store_then_fail
    try:
        with pytest.raises(RuntimeError):
            sync_mailbox(world.team_a.pk, box, dovecot.password, batch_size=3)
    finally:
        imap.store_messages = real_store
    assert calls
    assert calls[0].stored == 3
    source.refresh_from_db()
    assert source.cursor["last_uid"] == 3
    assert emails(world).count() == 3

    report = sync_mailbox(world.team_a.pk, box, dovecot.password, batch_size=3)
    assert (report.new_messages, report.outcome.stored) == (5, 4)
    assert emails(world).count() == 7
    assert len(set(emails(world).values_list("external_id", flat=True))) == 7
    source.refresh_from_db()
    assert (source.error_count, source.cursor["last_uid"]) == (0, 8)


def test_uidvalidity_change_resyncs_safely(world, dovecot):
    folder = dovecot.new_folder()
    dovecot.deliver(folder, *conversation(2, "validity"))
    box = mailbox_of(dovecot, folder)
    sync_mailbox(world.team_a.pk, box, dovecot.password)
    source = CaptureSource.objects.get(team=world.team_a, kind="imap", name=box.name)
    source.cursor = {"uidvalidity": 1, "last_uid": 99}  # as if the folder had been rebuilt
    source.save()
    report = sync_mailbox(world.team_a.pk, box, dovecot.password)
    assert report.resynced
    assert (report.new_messages, report.outcome.stored, report.outcome.duplicates) == (3, 0, 2)
    assert emails(world).count() == 2


def test_bad_password_and_folder_are_reported(world, dovecot):
    box = mailbox_of(dovecot, "INBOX")
    with pytest.raises(MailboxError, match="login as 'sales' failed"):
        sync_mailbox(world.team_a.pk, box, "wrong")
    source = CaptureSource.objects.get(team=world.team_a, kind="imap", name=box.name)
    assert source.error_count == 1
    assert "login" in source.last_error
    with pytest.raises(MailboxError, match="cannot be opened"):
        sync_mailbox(world.team_a.pk, mailbox_of(dovecot, "No Such Folder"), dovecot.password)


def test_cli_sync(world, dovecot, monkeypatch):
    folder = dovecot.new_folder()
    dovecot.deliver(folder, *conversation(3, "cli"))
    monkeypatch.setenv("TEST_IMAP_PASSWORD", dovecot.password)
    args = [
        "mail",
        "sync",
        "--host",
        dovecot.host,
        "--port",
        str(dovecot.port),
        "--user",
        dovecot.user,
        "--password-env",
        "TEST_IMAP_PASSWORD",
        "--folder",
        folder,
        "--no-ssl",
        "--team",
        "team-a",
    ]
    runner = CliRunner()
    result = runner.invoke(cli_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["stored"], payload["skipped_no_contact"], payload["last_uid"]) == (3, 1, 4)
    again = runner.invoke(cli_app, args)
    assert again.exit_code == 0, again.output
    assert "0 new message(s)" in again.stdout
    missing = runner.invoke(cli_app, [*args, "--password-env", "NOT_SET_ANYWHERE"])
    assert missing.exit_code == 2
    assert "NOT_SET_ANYWHERE" in missing.output
    # without --host: every mailbox synced before, each with its own password variable
    dovecot.deliver(folder, make_mail("ann@alpha.example", "rep1@example.com"))
    every = runner.invoke(cli_app, ["mail", "sync", "--team", "team-a", "--format", "json"])
    assert every.exit_code == 0, every.output
    mailboxes = json.loads(every.stdout)["mailboxes"]
    assert [(m["mailbox"], m["stored"]) for m in mailboxes] == [
        (f"{dovecot.user}@{dovecot.host}:{dovecot.port}/{folder}", 1)
    ]
