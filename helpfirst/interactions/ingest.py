"""Validate and store batches of interactions: idempotent, per-item errors, nothing half-applied.

Used by ``POST /api/interactions`` and by the importer. Each raw item is a dict; good items are
stored once per ``(source, external_id)``; bad items come back with their index, field and a
message, and never stop the good ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from helpfirst.audit.services import record_ingest
from helpfirst.core import vocabulary
from helpfirst.interactions.models import Interaction
from helpfirst.privacy.redaction import redact_pending
from helpfirst.team import permissions

MAX_TEXT = {"source": 40, "external_id": 200, "url": 1000, "subject": 500}
LOOKUP_CHUNK = 900  # stays under SQLite's bound-parameter limit with room to spare


@dataclass
class ItemProblem:
    """One rejected item: where it was in the batch, which field, and what to do."""

    index: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "message": self.message}


@dataclass
class IngestResult:
    """What happened to a batch."""

    received: int = 0
    created: int = 0
    duplicates: int = 0
    rejected: list[ItemProblem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "created": self.created,
            "duplicates": self.duplicates,
            "rejected": len(self.rejected),
            "errors": [p.as_dict() for p in self.rejected],
        }


def parse_timestamp(value: Any) -> datetime | None:
    """Parse an ISO-8601 timestamp (naive ones are taken as UTC); None when unreadable."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            moment = parse_datetime(text) or datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _text(item: dict, key: str, index: int, problems: list[ItemProblem], required=False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int):
        problems.append(ItemProblem(index, key, f"{key} must be text."))
        return ""
    value = str(value).strip()
    if required and not value:
        problems.append(ItemProblem(index, key, f"{key} is required."))
    limit = MAX_TEXT.get(key)
    if limit and len(value) > limit:
        problems.append(ItemProblem(index, key, f"{key} is longer than {limit} characters."))
    return value


def _optional_id(item: dict, key: str, index: int, problems: list[ItemProblem]) -> int | None:
    value = item.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        problems.append(ItemProblem(index, key, f"{key} must be a whole number."))
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        problems.append(ItemProblem(index, key, f"{key} must be a whole number."))
        return None
    if number <= 0 or number > 2**62:
        problems.append(ItemProblem(index, key, f"{key} is out of range."))
        return None
    return number


def _chunks(values: Sequence, size: int = LOOKUP_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _Resolver:
    """Resolve account/contact/journey references of a batch in a few set-based queries."""

    def __init__(self, user, items: list[dict]):
        self.user = user
        accounts = permissions.visible_accounts(user)
        ids = {i for i in (_safe_int(it.get("account_id")) for it in items) if i}
        domains = {str(it["account_domain"]).lower() for it in items if it.get("account_domain")}
        self.account_ids: set[int] = set()
        for chunk in _chunks(sorted(ids)):
            self.account_ids.update(accounts.filter(pk__in=chunk).values_list("pk", flat=True))
        self.domain_to_account: dict[str, int] = {}
        for chunk in _chunks(sorted(domains)):
            for pk, domain in accounts.filter(domain__in=chunk).values_list("pk", "domain"):
                self.domain_to_account.setdefault(domain.lower(), pk)
        contacts = permissions.visible_contacts(user)
        contact_ids = {i for i in (_safe_int(it.get("contact_id")) for it in items) if i}
        emails = {str(it["contact_email"]).lower() for it in items if it.get("contact_email")}
        self.contact_account: dict[int, int] = {}
        for chunk in _chunks(sorted(contact_ids)):
            self.contact_account.update(
                contacts.filter(pk__in=chunk).values_list("pk", "account_id")
            )
        self.email_to_contact: dict[str, tuple[int, int]] = {}
        for chunk in _chunks(sorted(emails)):
            for pk, email, account_id in contacts.filter(email__in=chunk).values_list(
                "pk", "email", "account_id"
            ):
                self.email_to_contact.setdefault(email.lower(), (pk, account_id))
        journey_ids = {i for i in (_safe_int(it.get("journey_id")) for it in items) if i}
        self.journey_account: dict[int, int] = {}
        journeys = permissions.visible_journeys(user)
        for chunk in _chunks(sorted(journey_ids)):
            self.journey_account.update(
                journeys.filter(pk__in=chunk).values_list("pk", "account_id")
            )


def _safe_int(value: Any) -> int | None:
    """Return ``value`` as a usable database id, or None (invalid ones are reported later)."""
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= 2**62 else None


def validate_item(
    item: Any, index: int, resolver: _Resolver, team_id: int
) -> tuple[Interaction | None, list[ItemProblem]]:
    """Turn one raw item into an unsaved Interaction, or say what is wrong with it."""
    problems: list[ItemProblem] = []
    if not isinstance(item, dict):
        return None, [ItemProblem(index, "", "Each item must be a JSON object.")]
    source = _text(item, "source", index, problems, required=True)
    external_id = _text(item, "external_id", index, problems, required=True)
    kind = _text(item, "kind", index, problems, required=True)
    if kind and kind not in vocabulary.INTERACTION_KIND_LABELS:
        known = ", ".join(vocabulary.INTERACTION_KIND_LABELS)
        problems.append(ItemProblem(index, "kind", f"Unknown kind {kind!r}; use one of: {known}."))
    page_type = _text(item, "page_type", index, problems)
    if page_type and page_type not in vocabulary.PAGE_TYPE_LABELS:
        known = ", ".join(vocabulary.PAGE_TYPE_LABELS)
        problems.append(
            ItemProblem(
                index, "page_type", f"Unknown page_type {page_type!r}; use one of: {known}."
            )
        )
    occurred_at = parse_timestamp(item.get("occurred_at"))
    if occurred_at is None:
        problems.append(
            ItemProblem(
                index,
                "occurred_at",
                "occurred_at must be an ISO-8601 time, e.g. 2026-03-01T09:30Z.",
            )
        )
    url = _text(item, "url", index, problems)
    subject = _text(item, "subject", index, problems)
    properties = item.get("properties") or {}
    if not isinstance(properties, dict):
        problems.append(ItemProblem(index, "properties", "properties must be a JSON object."))
        properties = {}

    account_id = _optional_id(item, "account_id", index, problems)
    contact_id = _optional_id(item, "contact_id", index, problems)
    journey_id = _optional_id(item, "journey_id", index, problems)
    if account_id is not None and account_id not in resolver.account_ids:
        problems.append(ItemProblem(index, "account_id", f"No account {account_id} you may see."))
        account_id = None
    domain = str(item.get("account_domain") or "").lower()
    if account_id is None and domain:
        account_id = resolver.domain_to_account.get(domain)
        if account_id is None:
            problems.append(
                ItemProblem(index, "account_domain", f"No account with domain {domain!r}.")
            )
    email = str(item.get("contact_email") or "").lower()
    if contact_id is not None:
        contact_account = resolver.contact_account.get(contact_id)
        if contact_account is None:
            problems.append(ItemProblem(index, "contact_id", f"No contact {contact_id}."))
            contact_id = None
    elif email:
        found = resolver.email_to_contact.get(email)
        if found is None:
            problems.append(
                ItemProblem(index, "contact_email", f"No contact with e-mail {email!r}.")
            )
        else:
            contact_id, contact_account = found
    if contact_id is not None:
        contact_account = (
            resolver.contact_account.get(contact_id)
            or resolver.email_to_contact.get(email, (None, None))[1]
        )
        if account_id is None:
            account_id = contact_account
        elif contact_account != account_id:
            problems.append(
                ItemProblem(index, "contact_id", "The contact belongs to another account.")
            )
    if journey_id is not None:
        journey_account = resolver.journey_account.get(journey_id)
        if journey_account is None:
            problems.append(ItemProblem(index, "journey_id", f"No journey {journey_id} of yours."))
        elif account_id is None:
            account_id = journey_account
        elif journey_account != account_id:
            problems.append(
                ItemProblem(index, "journey_id", "The journey belongs to another account.")
            )
    if account_id is None and not any(p.field.startswith("account") for p in problems):
        problems.append(
            ItemProblem(
                index,
                "account_id",
                "Say which account: account_id, account_domain, contact_id/contact_email "
                "or journey_id.",
            )
        )
    if problems:
        return None, problems
    return (
        Interaction(
            team_id=team_id,
            account_id=account_id,
            contact_id=contact_id,
            journey_id=journey_id,
            kind=kind,
            occurred_at=occurred_at,
            page_type=page_type,
            url=url,
            subject=subject,
            source=source,
            external_id=external_id,
            properties=properties,
        ),
        [],
    )


def record_interactions(user, items: Sequence[Any]) -> IngestResult:
    """Validate ``items`` and store the good ones once each; report the bad ones."""
    result = IngestResult(received=len(items))
    if user.team_id is None:
        result.rejected = [ItemProblem(i, "", "You belong to no team.") for i in range(len(items))]
        return result
    dict_items = [it for it in items if isinstance(it, dict)]
    resolver = _Resolver(user, dict_items)
    pending: dict[tuple[str, str], Interaction] = {}
    for index, item in enumerate(items):
        interaction, problems = validate_item(item, index, resolver, user.team_id)
        if problems:
            result.rejected.extend(problems)
            continue
        key = (interaction.source, interaction.external_id)
        if key in pending:
            result.duplicates += 1
            continue
        pending[key] = interaction
    result.created, existing = store_new_interactions(user.team_id, pending)
    result.duplicates += existing
    record_ingest(user, result)
    return result


def store_new_interactions(
    team_id: int, pending: dict[tuple[str, str], Interaction]
) -> tuple[int, int]:
    """Insert the interactions not stored yet; return (created, already stored)."""
    if not pending:
        return 0, 0
    by_source: dict[str, list[str]] = {}
    for source, external_id in pending:
        by_source.setdefault(source, []).append(external_id)
    existing: set[tuple[str, str]] = set()
    for source, external_ids in by_source.items():
        for chunk in _chunks(external_ids):
            existing.update(
                (source, ext)
                for ext in Interaction.objects.filter(
                    team_id=team_id, source=source, external_id__in=chunk
                ).values_list("external_id", flat=True)
            )
    fresh = [obj for key, obj in pending.items() if key not in existing]
    # Card numbers are redacted on every capture path before anything is stored.
    redact_pending(team_id, fresh)
    with transaction.atomic():
        Interaction.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
        # The help queue's per-journey activity summaries stay current with every write.
        from helpfirst.queue.activity import apply_new_interactions

        apply_new_interactions(fresh)
        if fresh:  # account pages cached for this team render afresh
            from helpfirst.accounts.page_cache import bump

            bump(team_id)
    return len(fresh), len(existing)
