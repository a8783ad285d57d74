"""The BCC drop address over real SMTP: stored on the journey, strangers refused, no doubles."""

from __future__ import annotations

import smtplib

import pytest

from helpfirst.capture.models import CaptureSource
from helpfirst.interactions.models import Interaction
from helpfirst.mail.receiver import DropReceiver
from helpfirst.mail.services import settings_for
from tests.mail.conftest import free_port, make_mail

# the receiver stores from its own thread, so the test data must be committed
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver():
    port = free_port()
    with DropReceiver("127.0.0.1", port, max_bytes=64 * 1024) as running:
        yield running


def test_bcc_to_the_drop_address_lands_on_the_journey(world, receiver):
    mail_settings = settings_for(world.team_a.pk)
    drop = f"{mail_settings.drop_local_part}@in.helpfirst.test"
    raw = make_mail(
        "Rep One <rep1@example.com>",
        "Ann <ann@alpha.example>",
        "Your forecasting questions",
        message_id="bcc-1",
    )
    with smtplib.SMTP(receiver.host, receiver.port, timeout=10) as smtp:
        refused = smtp.sendmail("rep1@example.com", [drop], raw)
        assert refused == {}
        # resending the same message (a retry, or BCC and IMAP both) stores it once
        smtp.sendmail("rep1@example.com", [drop.upper()], raw)
    stored = Interaction.objects.get(team=world.team_a, source="email")
    assert (stored.kind, stored.journey, stored.contact) == ("email_sent", world.j1, world.c1)
    assert stored.subject == "Your forecasting questions"
    assert stored.properties["capture"] == "bcc_drop"
    assert world.j1.interactions.filter(source="email").count() == 1
    source = CaptureSource.objects.get(team=world.team_a, kind="bcc_drop")
    assert (source.items_stored, source.duplicates_skipped) == (1, 1)


def test_unknown_recipient_is_refused_with_550(world, receiver):
    settings_for(world.team_a.pk)
    raw = make_mail("rep1@example.com", "ann@alpha.example")
    with (
        smtplib.SMTP(receiver.host, receiver.port, timeout=10) as smtp,
        pytest.raises(smtplib.SMTPRecipientsRefused) as refused,
    ):
        smtp.sendmail("rep1@example.com", ["nobody@in.helpfirst.test"], raw)
    code, _ = refused.value.recipients["nobody@in.helpfirst.test"]
    assert code == 550
    assert not Interaction.objects.filter(source="email").exists()


def test_too_large_is_refused_and_known_recipient_still_accepted(world, receiver):
    drop = settings_for(world.team_a.pk).drop_local_part + "@in.helpfirst.test"
    huge = make_mail("rep1@example.com", "ann@alpha.example", body="x" * 100_000)
    with (
        smtplib.SMTP(receiver.host, receiver.port, timeout=10) as smtp,
        pytest.raises(smtplib.SMTPException),
    ):
        smtp.sendmail("rep1@example.com", [drop], huge)
    with smtplib.SMTP(receiver.host, receiver.port, timeout=10) as smtp:
        # one good and one unknown recipient: the message goes through for the good one
        refused = smtp.sendmail(
            "rep1@example.com",
            [drop, "stranger@in.helpfirst.test"],
            make_mail("rep1@example.com", "ann@alpha.example"),
        )
    assert list(refused) == ["stranger@in.helpfirst.test"]
    assert Interaction.objects.filter(source="email").count() == 1
