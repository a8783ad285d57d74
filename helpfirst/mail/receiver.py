"""The BCC drop address: an SMTP receiver that stores mail sent to a team's drop address.

A rep BCCs ``bcc-xxxxxxxxxx@in.acme.com`` on a mail to a buyer (or forwards a buyer's reply
to it); the message reaches ``helpfirst mail receive`` (point the domain's MX at it, or relay
to it), which stores it like any other captured e-mail. Recipients that are no team's drop
address are refused with 550 during RCPT, so nothing else is accepted; messages over the size
limit are refused with 552 by the SMTP server. A database failure answers 451 so the sending
server retries later; the Message-ID keeps retries from storing twice.
"""

from __future__ import annotations

import logging

from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.db import connections, transaction

from helpfirst.capture import health
from helpfirst.capture.models import CaptureKind
from helpfirst.core.mail import MailFormatError, parse_message
from helpfirst.mail.models import MailSettings
from helpfirst.mail.services import store_messages

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
log = logging.getLogger(__name__)


def team_of_drop_address(address: str, domain: str | None = None) -> MailSettings | None:
    """The mail settings whose drop address ``address`` is, or None."""
    local, _, host = address.strip().strip("<>").lower().rpartition("@")
    if not local:
        return None
    if domain and host != domain.lower():
        return None
    found = MailSettings.objects.filter(drop_local_part__iexact=local).first()
    if found is None or (found.drop_domain and host != found.drop_domain.lower()):
        return None
    return found


def deliver(content: bytes, recipients: list[str], domain: str | None = None) -> str:
    """Store one message for every team whose drop address is among ``recipients``."""
    try:
        return _deliver(content, recipients, domain)
    finally:
        connections.close_all()  # this thread's connections: the receiver runs for days


def _deliver(content: bytes, recipients: list[str], domain: str | None) -> str:
    try:
        message = parse_message(content, file="SMTP message")
    except MailFormatError as exc:
        return f"554 5.6.0 The message could not be read: {exc.message}"
    teams: dict[int, MailSettings] = {}
    for rcpt in recipients:
        found = team_of_drop_address(rcpt, domain)
        if found is not None:
            teams.setdefault(found.team_id, found)
    if not teams:
        return "550 5.1.1 No drop address among the recipients"
    stored = 0
    for team_id, mail_settings in teams.items():
        source = health.source_for(team_id, CaptureKind.BCC_DROP, mail_settings.drop_address)
        try:
            with transaction.atomic():
                outcome = store_messages(
                    team_id,
                    [(message, None)],
                    capture=CaptureKind.BCC_DROP,
                    mail_settings=mail_settings,
                )
                health.record_success(
                    source,
                    stored=outcome.stored,
                    duplicates=outcome.duplicates,
                    newest_item_at=outcome.newest_at,
                    message=outcome.summary(),
                )
        except Exception as exc:
            log.exception("storing a dropped message failed")
            health.record_failure(source, exc)
            return "451 4.3.0 Temporary failure storing the message; try again later"
        stored += outcome.stored
    return f"250 2.0.0 Accepted ({stored} stored)"


class DropHandler:
    """aiosmtpd handler: refuse unknown recipients, store what is accepted."""

    def __init__(self, domain: str | None = None) -> None:
        self.domain = domain

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        found = await sync_to_async(_known)(address, self.domain)
        if not found:
            return "550 5.1.1 No such drop address here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        return await sync_to_async(deliver)(content, list(envelope.rcpt_tos), self.domain)


def _known(address: str, domain: str | None) -> bool:
    try:
        return team_of_drop_address(address, domain) is not None
    finally:
        connections.close_all()


class DropReceiver:
    """Run the SMTP receiver in a background thread (``start``/``stop``, or ``with``)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 2525,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        domain: str | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.controller = Controller(
            DropHandler(domain),
            hostname=host,
            port=port,
            data_size_limit=max_bytes,
            ident="helpfirst BCC drop",
        )

    def start(self) -> DropReceiver:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> DropReceiver:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
