"""Turn parsed e-mails into interactions: match contacts, accounts and journeys; store once.

Every capture path (IMAP sync, .eml/.mbox import, the BCC drop receiver) ends here. A message
becomes one interaction with ``source="email"`` and ``external_id`` = its Message-ID, so the
same message arriving by two paths, or twice by one, is stored once per team.

Matching, per message:

1. Our mail (sender is a team member's address or on a team domain) is ``email_sent`` and
   its buyer side is the recipients; anything else is ``email_replied`` from the sender.
2. Buyer addresses match the team's contacts case-insensitively; a message matching none is
   skipped and counted (not an error). The first matched contact (To, Cc, Bcc order) is the
   interaction's contact; every matched contact is listed in ``properties["contacts"]``.
3. The journey is the one of an earlier message of the thread (In-Reply-To, then References)
   when it is at a matched contact's account; else the contact's single open journey (as a
   stakeholder, else the single open journey at their account); else none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models.functions import Lower
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.core import vocabulary
from helpfirst.core.mail import MailFormatError, MailMessage, TeamMail, sides
from helpfirst.interactions.ingest import store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder
from helpfirst.mail.models import MailSettings
from helpfirst.team.models import User

SOURCE = "email"
MAX_BODY_STORED = 20_000
MAX_ADDRESSES_STORED = 50
LOOKUP_CHUNK = 500


def settings_for(team_id: int) -> MailSettings:
    """The team's mail settings, created with safe defaults on first use."""
    found, _ = MailSettings.objects.get_or_create(team_id=team_id)
    return found


def team_mail(team_id: int, mail_settings: MailSettings | None = None) -> TeamMail:
    """The team's own addresses (members and team domains) and its drop address."""
    mail_settings = mail_settings or settings_for(team_id)
    members = User.objects.filter(team_id=team_id).exclude(email="").values_list("email", flat=True)
    return TeamMail.of(
        addresses=members,
        domains=mail_settings.team_domains or (),
        ignored_local_parts=[mail_settings.drop_local_part],
    )


def external_id_for(message_id: str) -> str:
    """The interaction external_id of a Message-ID (hashed when too long for the column)."""
    if len(message_id) <= 200:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()


@dataclass
class MailOutcome:
    """What happened to a batch (or a whole run) of messages."""

    received: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped_no_contact: int = 0
    problems: list[MailFormatError] = field(default_factory=list)
    newest_at: datetime | None = None

    def add(self, other: MailOutcome) -> None:
        self.received += other.received
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.skipped_no_contact += other.skipped_no_contact
        self.problems.extend(other.problems)
        if other.newest_at and (self.newest_at is None or other.newest_at > self.newest_at):
            self.newest_at = other.newest_at

    def summary(self) -> str:
        parts = [f"{self.stored} stored", f"{self.duplicates} already stored"]
        if self.skipped_no_contact:
            parts.append(f"{self.skipped_no_contact} matched no contact")
        if self.problems:
            parts.append(f"{len(self.problems)} unreadable")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "skipped_no_contact": self.skipped_no_contact,
            "unreadable": len(self.problems),
            "problems": [p.as_dict() | {"text": str(p)} for p in self.problems],
        }


def _chunks(values: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _Lookups:
    """Contacts, thread journeys and open journeys for one batch, in a few queries."""

    def __init__(self, team_id: int, addresses: set[str], thread_ids: set[str]):
        self.contact: dict[str, tuple[int, int]] = {}  # address -> (contact, account)
        for chunk in _chunks(sorted(addresses)):
            rows = (
                Contact.objects.filter(team_id=team_id)
                .annotate(address=Lower("email"))
                .filter(address__in=chunk)
                .order_by("pk")
                .values_list("address", "pk", "account_id")
            )
            for address, pk, account_id in rows:
                self.contact.setdefault(address, (pk, account_id))
        self.thread: dict[str, tuple[int, int]] = {}  # external_id -> (journey, account)
        for chunk in _chunks(sorted(thread_ids)):
            rows = Interaction.objects.filter(
                team_id=team_id, source=SOURCE, external_id__in=chunk, journey__isnull=False
            ).values_list("external_id", "journey_id", "account_id")
            for external_id, journey_id, account_id in rows:
                self.thread.setdefault(external_id, (journey_id, account_id))
        contact_ids = sorted({pk for pk, _ in self.contact.values()})
        account_ids = sorted({account for _, account in self.contact.values()})
        open_stages = sorted(vocabulary.OPEN_STAGES)
        self.stakeholder_journeys: dict[int, set[int]] = {}
        for chunk in _chunks(contact_ids):
            rows = JourneyStakeholder.objects.filter(
                contact_id__in=chunk,
                journey__team_id=team_id,
                journey__buying_stage__in=open_stages,
            ).values_list("contact_id", "journey_id")
            for contact_id, journey_id in rows:
                self.stakeholder_journeys.setdefault(contact_id, set()).add(journey_id)
        self.account_journeys: dict[int, set[int]] = {}
        for chunk in _chunks(account_ids):
            rows = Journey.objects.filter(
                team_id=team_id, account_id__in=chunk, buying_stage__in=open_stages
            ).values_list("account_id", "pk")
            for account_id, journey_id in rows:
                self.account_journeys.setdefault(account_id, set()).add(journey_id)

    def single_open_journey(self, contact_id: int, account_id: int) -> int | None:
        own = self.stakeholder_journeys.get(contact_id, set())
        if len(own) == 1:
            return next(iter(own))
        if own:
            return None  # a stakeholder of several open journeys: say none rather than guess
        at_account = self.account_journeys.get(account_id, set())
        return next(iter(at_account)) if len(at_account) == 1 else None


def _addresses(values) -> list[str]:
    return [str(a) for a in values][:MAX_ADDRESSES_STORED]


def store_messages(
    team_id: int,
    items: Sequence[tuple[MailMessage, datetime | None]],
    *,
    capture: str,
    mail_settings: MailSettings | None = None,
) -> MailOutcome:
    """Match and store ``(message, received_at)`` pairs; return what happened.

    ``received_at`` (e.g. the IMAP arrival time) dates a message without a readable Date.
    Call inside ``transaction.atomic()`` together with the capture cursor it covers.
    """
    outcome = MailOutcome(received=len(items))
    if not items:
        return outcome
    mail_settings = mail_settings or settings_for(team_id)
    team = team_mail(team_id, mail_settings)
    decided = [(message, received_at, sides(message, team)) for message, received_at in items]
    addresses = {a for _, _, side in decided for a in side.buyer_addresses}
    thread_ids = {external_id_for(t) for message, _, _ in decided for t in message.thread_ids}
    lookups = _Lookups(team_id, addresses, thread_ids)
    in_batch: dict[str, tuple[int, int]] = {}
    pending: dict[tuple[str, str], Interaction] = {}
    now = timezone.now()
    for message, received_at, side in decided:
        matched = [lookups.contact[a] for a in side.buyer_addresses if a in lookups.contact]
        if not matched:
            outcome.skipped_no_contact += 1
            continue
        contact_id, account_id = matched[0]
        journey_id = None
        answers_thread = False
        accounts = {account for _, account in matched}
        for thread_id in map(external_id_for, message.thread_ids):
            found = in_batch.get(thread_id) or lookups.thread.get(thread_id)
            if found and found[1] in accounts:
                journey_id, account_id = found
                contact_id = next(c for c, a in matched if a == account_id)
                answers_thread = True
                break
        if journey_id is None:
            journey_id = lookups.single_open_journey(contact_id, account_id)
        external_id = external_id_for(message.message_id)
        if journey_id is not None:
            in_batch[external_id] = (journey_id, account_id)
        occurred_at = message.date or received_at or now
        if outcome.newest_at is None or occurred_at > outcome.newest_at:
            outcome.newest_at = occurred_at
        properties: dict[str, Any] = {
            "message_id": message.message_id,
            "direction": str(side.direction),
            "capture": capture,
            "from": str(message.sender) if message.sender else "",
            "to": _addresses(message.to),
            "cc": _addresses(message.cc),
            "contacts": sorted({c for c, _ in matched}),
            "answers_thread": answers_thread,
            "attachments": message.attachment_count,
        }
        bcc = [a for a in message.bcc if not team.is_ignored(a.email)]
        if bcc:
            properties["bcc"] = _addresses(bcc)
        if message.in_reply_to:
            properties["in_reply_to"] = message.in_reply_to[0]
        if message.message_id_synthesised:
            properties["message_id_synthesised"] = True
        if mail_settings.store_bodies and message.body_text:
            properties["body"] = message.body_text[:MAX_BODY_STORED]
            properties["body_format"] = message.body_format
        key = (SOURCE, external_id)
        if key in pending:
            outcome.duplicates += 1
            continue
        pending[key] = Interaction(
            team_id=team_id,
            account_id=account_id,
            contact_id=contact_id,
            journey_id=journey_id,
            kind=str(side.kind),
            occurred_at=occurred_at,
            subject=message.subject[:500],
            source=SOURCE,
            external_id=external_id,
            properties=properties,
        )
    created, existing = store_new_interactions(team_id, pending)
    outcome.stored += created
    outcome.duplicates += existing
    return outcome


def forget_bodies(team_id: int) -> int:
    """Delete every e-mail body kept for the team (when it turns body storage off)."""
    changed = []
    rows = Interaction.objects.filter(
        team_id=team_id, source=SOURCE, properties__has_key="body"
    ).only("pk", "properties")
    for interaction in rows.iterator(chunk_size=500):
        interaction.properties.pop("body", None)
        interaction.properties.pop("body_format", None)
        changed.append(interaction)
    Interaction.objects.bulk_update(changed, ["properties"], batch_size=500)
    return len(changed)
