"""Erase a person: the contact, their interactions, their lines in transcripts, their seats and
plan ownerships, every mention of their name and e-mail; then recompute what was derived.

The erasure is recorded in the audit log with the contact id and counts only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction

from helpfirst.accounts.models import Contact
from helpfirst.calls.models import Call
from helpfirst.core.errors import HelpfirstError
from helpfirst.core.privacy import PersonMarks, scrub_value
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder
from helpfirst.privacy.access import marks_for
from helpfirst.privacy.mentions import scrub_mentions
from helpfirst.privacy.transcripts import erase_call_lines, erase_text_lines

log = logging.getLogger(__name__)

# Rows that are about the person and go with them, though their key to the contact would only
# be emptied (SET_NULL) by a plain delete. Apps add theirs here.
DELETE_WITH_CONTACT: set[str] = {"interactions.Interaction", "tracking.Visitor"}


@dataclass
class ErasureReport:
    contact_id: int
    counts: dict[str, int] = field(default_factory=dict)
    journeys_recomputed: int = 0

    def add(self, key: str, value: int) -> None:
        if value:
            self.counts[key] = self.counts.get(key, 0) + value

    def as_dict(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "counts": dict(sorted(self.counts.items())),
            "journeys_recomputed": self.journeys_recomputed,
        }


def _affected_journeys(contact: Contact) -> set[int]:
    ids = set(Journey.objects.filter(account_id=contact.account_id).values_list("pk", flat=True))
    ids |= set(
        JourneyStakeholder.objects.filter(contact=contact).values_list("journey_id", flat=True)
    )
    ids |= set(
        Interaction.objects.filter(contact=contact)
        .exclude(journey_id=None)
        .values_list("journey_id", flat=True)
    )
    ids |= set(contact.calls.values_list("journey_id", flat=True))
    return ids


def _erase_transcripts(contact: Contact, marks: PersonMarks, report: ErasureReport) -> None:
    linked = set(contact.calls.values_list("pk", flat=True))
    calls = Call.objects.filter(account_id=contact.account_id) | Call.objects.filter(pk__in=linked)
    for call in calls.distinct().order_by("pk"):
        report.add("call_lines", erase_call_lines(call, marks, linked=call.pk in linked))
    raw = Interaction.objects.filter(
        account_id=contact.account_id, kind="call", properties__has_key="transcript"
    ).exclude(contact=contact)
    for interaction in raw.only("pk", "properties", "contact_id"):
        props = dict(interaction.properties or {})
        text, count = erase_text_lines(
            str(props.get("transcript") or ""),
            props.get("input_format"),
            marks,
            linked=False,
            sellers=[props.get("seller", "")],
        )
        if count:
            props["transcript"] = text
            if "input_format" in props:
                props["input_format"] = "plain"
            Interaction.objects.filter(pk=interaction.pk).update(properties=props)
            report.add("transcript_lines_on_interactions", count)


def _delete_linked_rows(contact: Contact, report: ErasureReport) -> None:
    for model in apps.get_models():
        label = model._meta.label
        for f in model._meta.concrete_fields:
            if not (isinstance(f, models.ForeignKey) and f.related_model is Contact):
                continue
            rows = model._default_manager.filter(**{f.name: contact})
            if label in DELETE_WITH_CONTACT:
                report.add(model._meta.verbose_name_plural.replace(" ", "_"), rows.count())
                rows.delete()
            elif label == "journeys.JourneyStakeholder":
                report.add("stakeholder_seats", rows.count())
            elif f.null:
                report.add(f"{model._meta.model_name}_{f.name}_cleared", rows.count())


def _scrub_quotes(journey_ids: set[int], quotes: list[str], report: ErasureReport) -> None:
    """Derived evidence (fit assessments, stage suggestions) may quote the erased words."""
    quotes = [q.strip() for q in quotes if q and len(q.strip()) >= 12]
    if not quotes or not journey_ids:
        return
    quote_marks = PersonMarks(extra=tuple(dict.fromkeys(quotes))[:500])
    for label, fieldname in (
        ("fit.FitRecord", "payload"),
        ("help_queue.StageSuggestionDecision", "evidence"),
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        rows = model._default_manager.filter(journey_id__in=journey_ids)
        for pk, value in rows.values_list("pk", fieldname).iterator(chunk_size=200):
            new, count = scrub_value(value, quote_marks)
            if count:
                model._default_manager.filter(pk=pk).update(**{fieldname: new})
                report.add("derived_quotes", count)


def _their_words(contact: Contact, marks: PersonMarks) -> list[str]:
    from helpfirst.privacy.transcripts import call_lines

    words: list[str] = []
    linked = set(contact.calls.values_list("pk", flat=True))
    for call in Call.objects.filter(account_id=contact.account_id).only(
        "pk", "utterances", "seller_names"
    ):
        words.extend(line.text for line in call_lines(call, marks, linked=call.pk in linked))
    for subject, props in Interaction.objects.filter(contact=contact).values_list(
        "subject", "properties"
    ):
        words.append(subject or "")
        words.extend(str(v) for v in (props or {}).values() if isinstance(v, str))
    return words


def _recompute(journey_ids: set[int], report: ErasureReport, by=None) -> None:
    """Recompute what was derived from the erased data: queue activity and fit."""
    from helpfirst.queue.activity import refresh_journey_activity

    refresh_journey_activity(journey_ids)
    from helpfirst.fit.models import FitRecord
    from helpfirst.fit.services import assess_journey

    assessed = set(
        FitRecord.objects.filter(journey_id__in=journey_ids, is_latest=True).values_list(
            "journey_id", flat=True
        )
    )
    for journey in Journey.objects.filter(pk__in=assessed).select_related("account", "team"):
        try:
            assess_journey(journey, by=by)
        except HelpfirstError as error:  # keep erasing; the old verdict is scrubbed anyway
            log.warning("fit re-assessment of journey %s failed: %s", journey.pk, error)
    report.journeys_recomputed = len(journey_ids)


def erase_contact(contact: Contact, *, by=None) -> ErasureReport:
    """Erase ``contact`` everywhere (the caller checks permission); return the counts."""
    from helpfirst.audit.services import record

    marks = marks_for(contact)
    report = ErasureReport(contact_id=contact.pk)
    team_id = contact.team_id
    with transaction.atomic():
        journeys = _affected_journeys(contact)
        quotes = _their_words(contact, marks)
        _erase_transcripts(contact, marks, report)
        _delete_linked_rows(contact, report)
        contact.delete()
        report.add("contacts", 1)
        for label, count in scrub_mentions(team_id, marks).items():
            report.add(f"mentions_in_{label.split('.')[1].lower()}", count)
        _scrub_quotes(journeys, quotes, report)
        _recompute(journeys, report, by=by)
        record(
            "erase",
            object_type="contact",
            object_id=report.contact_id,
            label=f"contact #{report.contact_id}",
            detail=report.as_dict()["counts"],
            team_id=team_id,
            user=by,
        )
    return report
