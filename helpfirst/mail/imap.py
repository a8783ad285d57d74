"""Sync one IMAP folder into interactions, resuming from a cursor, in committed batches.

The cursor (``{"uidvalidity": V, "last_uid": U}``) lives on the folder's capture source and is
advanced in the same transaction as the interactions of each batch, so a sync stopped at any
point resumes where the last committed batch ended: nothing lost, nothing doubled. When the
server's UIDVALIDITY changes (the folder was rebuilt), the folder is read again from the
start; Message-ID idempotency keeps that from storing anything twice.

The folder is opened read-only (EXAMINE, BODY.PEEK) so syncing never marks mail as read.
The password is never stored; the source keeps the name of the environment variable.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl as ssl_module
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import transaction

from helpfirst.capture import health
from helpfirst.capture.models import CaptureKind, CaptureSource
from helpfirst.core.errors import HelpfirstError
from helpfirst.core.mail import MailFormatError, parse_message
from helpfirst.mail.services import MailOutcome, settings_for, store_messages

DEFAULT_BATCH = 100
TIMEOUT_SECONDS = 60


class MailboxError(HelpfirstError):
    """The mailbox could not be reached, logged into or read; the message says what to check."""

    code = "mailbox"


@dataclass(frozen=True)
class Mailbox:
    """Where to sync from (never the password itself)."""

    host: str
    port: int
    user: str
    folder: str = "INBOX"
    ssl: bool = True
    password_env: str = ""

    @property
    def name(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"

    def settings(self) -> dict:
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "folder": self.folder,
            "ssl": self.ssl,
            "password_env": self.password_env,
        }


@dataclass
class SyncReport:
    """What a sync did."""

    mailbox: str
    uidvalidity: int = 0
    last_uid: int = 0
    new_messages: int = 0
    batches: int = 0
    resynced: bool = False
    outcome: MailOutcome = field(default_factory=MailOutcome)

    def as_dict(self) -> dict:
        return {
            "mailbox": self.mailbox,
            "uidvalidity": self.uidvalidity,
            "last_uid": self.last_uid,
            "new_messages": self.new_messages,
            "batches": self.batches,
            "resynced": self.resynced,
            **self.outcome.as_dict(),
        }


def known_mailboxes(team_id: int) -> list[Mailbox]:
    """Every enabled IMAP source of the team, rebuilt from its stored (non-secret) settings."""
    found = []
    for source in CaptureSource.objects.filter(
        team_id=team_id, kind=CaptureKind.IMAP, enabled=True
    ).order_by("name"):
        conf = source.settings or {}
        if not conf.get("host") or not conf.get("user"):
            continue
        found.append(
            Mailbox(
                host=conf["host"],
                port=int(conf.get("port") or 993),
                user=conf["user"],
                folder=conf.get("folder") or "INBOX",
                ssl=bool(conf.get("ssl", True)),
                password_env=conf.get("password_env") or "HELPFIRST_IMAP_PASSWORD",
            )
        )
    return found


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _connect(mailbox: Mailbox, password: str) -> imaplib.IMAP4:
    try:
        if mailbox.ssl:
            context = ssl_module.create_default_context()
            conn = imaplib.IMAP4_SSL(
                mailbox.host, mailbox.port, ssl_context=context, timeout=TIMEOUT_SECONDS
            )
        else:
            conn = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailboxError(
            f"cannot reach {mailbox.host}:{mailbox.port} ({exc}); check the host, the port "
            "and --ssl (993 is usually SSL, 143 plain)"
        ) from exc
    try:
        conn.login(mailbox.user, password)
    except imaplib.IMAP4.error as exc:
        _close(conn)
        raise MailboxError(
            f"login as {mailbox.user!r} failed ({_text(exc)}); check the user name and the "
            "password in the environment variable"
        ) from exc
    return conn


def _close(conn: imaplib.IMAP4) -> None:
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        conn.logout()


def _text(value) -> str:
    if isinstance(value, Exception) and value.args:
        value = value.args[0]
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


_UID = re.compile(rb"UID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


def _fetch(conn: imaplib.IMAP4, uids: list[int]) -> list[tuple[int, datetime | None, bytes]]:
    """Fetch whole messages by UID: ``(uid, arrival time, raw bytes)`` for each returned."""
    typ, data = conn.uid("FETCH", ",".join(map(str, uids)), "(UID INTERNALDATE BODY.PEEK[])")
    if typ != "OK":
        raise MailboxError(f"the server refused to fetch messages ({_text(data[0])})")
    found: list[list] = []
    for part in data:
        if isinstance(part, tuple) and len(part) == 2:
            meta, body = part
            uid = _UID.search(meta)
            found.append([int(uid.group(1)) if uid else None, _arrival(meta), bytes(body)])
        elif isinstance(part, bytes) and found and found[-1][0] is None:
            uid = _UID.search(part)  # some servers send UID after the literal
            if uid:
                found[-1][0] = int(uid.group(1))
    return [(uid, arrival, body) for uid, arrival, body in found if uid is not None]


def _arrival(meta: bytes) -> datetime | None:
    match = _INTERNALDATE.search(meta)
    if not match:
        return None
    parsed = imaplib.Internaldate2tuple(b'INTERNALDATE "' + match.group(1) + b'"')
    if parsed is None:
        return None
    return datetime.fromtimestamp(time.mktime(parsed), tz=UTC)


def sync_mailbox(
    team_id: int,
    mailbox: Mailbox,
    password: str,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_start: Callable[[int], None] | None = None,
    on_batch: Callable[[int, MailOutcome], None] | None = None,
) -> SyncReport:
    """Fetch what arrived in the folder since the cursor and store it, batch by batch.

    ``on_start(new_count)`` is called once the new UIDs are known; ``on_batch(done, outcome)``
    after each committed batch. Raises :class:`MailboxError` when the server cannot be used.
    """
    source = health.source_for(team_id, CaptureKind.IMAP, mailbox.name, **mailbox.settings())
    report = SyncReport(mailbox=mailbox.name)
    try:
        conn = _connect(mailbox, password)
    except MailboxError as exc:
        health.record_failure(source, str(exc))
        raise
    try:
        _sync(conn, team_id, mailbox, source, report, batch_size, on_start, on_batch)
    except BaseException as exc:  # Ctrl-C included: the health page shows the sync stopped
        health.record_failure(source, exc if not isinstance(exc, HelpfirstError) else str(exc))
        if isinstance(exc, OSError | imaplib.IMAP4.error):
            raise MailboxError(f"the connection to {mailbox.host} failed mid-sync ({exc})") from exc
        raise
    finally:
        _close(conn)
    return report


def _sync(conn, team_id, mailbox, source, report, batch_size, on_start, on_batch) -> None:
    typ, data = conn.select(_quote(mailbox.folder), readonly=True)
    if typ != "OK":
        raise MailboxError(f"folder {mailbox.folder!r} cannot be opened ({_text(data[0])})")
    _, values = conn.response("UIDVALIDITY")
    try:
        uidvalidity = int(values[0])
    except (TypeError, ValueError, IndexError) as exc:
        raise MailboxError("the server did not say the folder's UIDVALIDITY") from exc
    cursor = source.cursor or {}
    last_uid = int(cursor.get("last_uid") or 0)
    if cursor.get("uidvalidity") not in (None, uidvalidity):
        report.resynced, last_uid = True, 0
    typ, data = conn.uid("SEARCH", None, f"UID {last_uid + 1}:*")
    if typ != "OK":
        raise MailboxError(f"the server refused to search the folder ({_text(data[0])})")
    uids = sorted(int(u) for u in b" ".join(d for d in data if d).split() if int(u) > last_uid)
    report.uidvalidity, report.last_uid, report.new_messages = uidvalidity, last_uid, len(uids)
    if on_start:
        on_start(len(uids))
    mail_settings = settings_for(team_id)
    done = 0
    for start in range(0, len(uids), batch_size):
        batch_uids = uids[start : start + batch_size]
        items, problems = [], []
        for uid, arrival, raw in _fetch(conn, batch_uids):
            try:
                items.append((parse_message(raw, file=f"{mailbox.name} UID {uid}"), arrival))
            except MailFormatError as exc:
                problems.append(exc)
        new_cursor = {"uidvalidity": uidvalidity, "last_uid": batch_uids[-1]}
        with transaction.atomic():
            outcome = store_messages(
                team_id, items, capture=CaptureKind.IMAP, mail_settings=mail_settings
            )
            outcome.received += len(problems)
            outcome.problems.extend(problems)
            health.record_success(
                source,
                stored=outcome.stored,
                duplicates=outcome.duplicates,
                rejected=len(problems),
                cursor=new_cursor,
                newest_item_at=outcome.newest_at,
                message=f"UID {batch_uids[0]}–{batch_uids[-1]}: {outcome.summary()}",
            )
        report.outcome.add(outcome)
        report.last_uid = batch_uids[-1]
        report.batches += 1
        done += len(batch_uids)
        if on_batch:
            on_batch(done, outcome)
    if not uids:
        health.record_success(
            source,
            stored=0,
            cursor={"uidvalidity": uidvalidity, "last_uid": last_uid},
            message="nothing new",
        )
