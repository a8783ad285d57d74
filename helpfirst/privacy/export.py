"""Everything held about one contact, as one JSON document (a subject access request)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.calls.models import Call
from helpfirst.core.privacy import PersonMarks
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import JourneyStakeholder
from helpfirst.privacy.access import marks_for
from helpfirst.privacy.mentions import find_mentions
from helpfirst.privacy.transcripts import call_lines, erase_text_lines

EXPORT_VERSION = 1
CONTACT_FIELDS = (
    "id", "first_name", "last_name", "title", "email", "phone", "stakeholder_role",
    "what_matters", "may_contact", "recording_consent", "source", "external_id", "created_at",
    "updated_at",
)  # fmt: skip


def plain(value: Any) -> Any:
    """Return a JSON-ready copy of ``value``."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _interactions(contact: Contact) -> list[dict]:
    rows = Interaction.objects.filter(contact=contact).order_by("occurred_at", "id")
    return [
        plain(row)
        for row in rows.values(
            "id", "kind", "occurred_at", "journey_id", "page_type", "url", "subject", "source",
            "external_id", "properties",
        )
    ]  # fmt: skip


def _seats(contact: Contact) -> list[dict]:
    seats = JourneyStakeholder.objects.filter(contact=contact).select_related("journey")
    return [
        {
            "journey_id": s.journey_id,
            "journey": s.journey.title,
            "role": s.role,
            "influence": s.influence,
            "stance": s.stance,
        }
        for s in seats.order_by("journey_id")
    ]


def _call_lines(contact: Contact, marks: PersonMarks) -> list[dict]:
    linked = set(contact.calls.values_list("pk", flat=True))
    calls = Call.objects.filter(account_id=contact.account_id).order_by("occurred_at", "id")
    out = []
    for call in calls.only("pk", "title", "occurred_at", "utterances", "seller_names"):
        lines = call_lines(call, marks, linked=call.pk in linked)
        if lines or call.pk in linked:
            out.append(
                {
                    "call_id": call.pk,
                    "title": call.title,
                    "occurred_at": plain(call.occurred_at),
                    "linked": call.pk in linked,
                    "lines": [
                        {"start": line.start, "end": line.end, "text": line.text} for line in lines
                    ],
                }
            )
    return out


def _raw_transcript_lines(contact: Contact, marks: PersonMarks) -> list[dict]:
    """Their lines in call transcripts kept on interactions (not linked to them)."""
    rows = Interaction.objects.filter(
        account_id=contact.account_id, kind="call", properties__has_key="transcript"
    ).exclude(contact=contact)
    out = []
    for pk, props in rows.values_list("pk", "properties"):
        text = str((props or {}).get("transcript") or "")
        _new, count = erase_text_lines(text, props.get("input_format"), marks, linked=False)
        if count:
            out.append({"interaction_id": pk, "lines_spoken": count})
    return out


def _other_records(contact: Contact) -> list[dict]:
    """Rows of any other table that point at the contact (plan steps, website visitors …)."""
    out = []
    covered = {"interactions.Interaction", "journeys.JourneyStakeholder", "calls.Call"}
    for model in apps.get_models():
        label = model._meta.label
        if label in covered:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is Contact:
                for row in model._default_manager.filter(**{f.name: contact}).values()[:1000]:
                    out.append({"table": label, "via": f.name, "record": plain(row)})
    return out


def contact_export(contact: Contact) -> dict[str, Any]:
    """Return everything held about ``contact`` (the caller checks permission)."""
    marks = marks_for(contact)
    account = contact.account
    contact_row = {name: plain(getattr(contact, name)) for name in CONTACT_FIELDS}
    mentions = [
        {"table": m.model, "id": plain(m.pk), "fields": plain(m.fields)}
        for m in find_mentions(
            contact.team_id,
            marks,
            skip={
                "accounts.Contact": {contact.pk},
                "interactions.Interaction": set(
                    Interaction.objects.filter(contact=contact).values_list("pk", flat=True)
                ),
            },
        )
    ]
    return {
        "format": "helpfirst-contact-export",
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "contact": contact_row,
        "consent": {
            "may_contact": contact.may_contact,
            "recording_consent": contact.recording_consent,
        },
        "account": {
            "id": account.pk,
            "name": account.name,
            "domain": account.domain,
            "industry": account.industry,
            "region": account.region,
        },
        "stakeholder_seats": _seats(contact),
        "interactions": _interactions(contact),
        "call_lines": _call_lines(contact, marks),
        "transcripts_on_interactions": _raw_transcript_lines(contact, marks),
        "linked_records": _other_records(contact),
        "mentions": mentions,
    }
