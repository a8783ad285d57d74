"""Writes of the fit app: assess journeys (idempotently), and step aside gracefully."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.core.fit import FitAssessment, assess_fit, resolve_backend
from helpfirst.core.playbook import PlaybookSpec
from helpfirst.fit.evidence import OWN_NOTE_SOURCE, gather_evidence, inputs_fingerprint
from helpfirst.fit.exits import ExitOffer, exit_offer
from helpfirst.fit.models import FitExit, FitRecord
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.journeys.services import change_buying_stage
from helpfirst.playbook.services import playbook_spec_for
from helpfirst.site.config import setting

Progress = Callable[[int, int, Journey, FitRecord], None]


def assessment_of(record: FitRecord) -> FitAssessment:
    """Rebuild the core ``FitAssessment`` of a stored record (for exit proposals)."""
    from helpfirst.fit.payload import assessment_from_dict

    return assessment_from_dict(record.payload)


def assess_journey(
    journey: Journey,
    *,
    backend: str | None = None,
    by=None,
    playbook: PlaybookSpec | None = None,
) -> FitRecord:
    """Assess ``journey``'s fit and store it; unchanged inputs return the latest record as is.

    ``playbook`` lets a batch pass the team's playbook once instead of reading it per journey.
    """
    spec = playbook if playbook is not None else playbook_spec_for(journey.team)
    chosen = resolve_backend(backend or setting("HELPFIRST_FIT_BACKEND"))
    evidence = gather_evidence(journey)
    fingerprint = inputs_fingerprint(evidence, spec, chosen)
    latest = FitRecord.objects.filter(journey=journey, is_latest=True).first()
    if latest is not None and latest.inputs_fingerprint == fingerprint:
        latest.journey = journey
        return latest
    assessment = assess_fit(spec, evidence, backend=chosen)
    with transaction.atomic():
        FitRecord.objects.filter(journey=journey, is_latest=True).update(is_latest=False)
        return FitRecord.objects.create(
            team_id=journey.team_id,
            journey=journey,
            score=assessment.score,
            verdict=assessment.verdict,
            out_of_scope=assessment.out_of_scope,
            payload=assessment.as_dict(),
            backend=assessment.backend,
            inputs_fingerprint=fingerprint,
            is_latest=True,
            assessed_by=by if getattr(by, "is_authenticated", False) else None,
        )


def assess_open_journeys(
    team, progress: Progress | None = None, *, backend: str | None = None, journeys=None
) -> list[FitRecord]:
    """Assess every open journey of ``team`` (or the given ones); call ``progress`` per journey."""
    spec = playbook_spec_for(team)
    if journeys is None:
        journeys = Journey.objects.filter(
            team=team, buying_stage__in=sorted(vocabulary.OPEN_STAGES)
        )
    rows = list(journeys.select_related("account", "team").order_by("pk"))
    records = []
    for done, journey in enumerate(rows, start=1):
        record = assess_journey(journey, backend=backend, playbook=spec)
        records.append(record)
        if progress is not None:
            progress(done, len(rows), journey, record)
    return records


def buyer_name_of(journey: Journey) -> str:
    """Return the first name to greet in the note (the champion or first stakeholder)."""
    seats = list(journey.committee.select_related("contact").order_by("-influence", "id")[:5])
    for seat in seats:
        if seat.role == "champion" and seat.contact.first_name:
            return seat.contact.first_name
    return next((s.contact.first_name for s in seats if s.contact.first_name), "")


def offer_exit(journey: Journey, record: FitRecord, today: dt.date | None = None):
    """Return the exit offer for the journey's latest assessment (None unless it is poor)."""
    if record.verdict != "poor" or not journey.is_open:
        return None
    spec = playbook_spec_for(journey.team)
    return exit_offer(
        assessment_of(record),
        spec,
        today or timezone.localdate(),
        buyer_name=buyer_name_of(journey),
        buyer_words=journey.stated_needs or "",
    )


@transaction.atomic
def accept_exit(journey: Journey, offer: ExitOffer, by, *, note: str | None = None) -> FitExit:
    """Step aside: move the journey to "not a fit" and put it on the nurture list.

    The stage change keeps the reason, the referral and the re-check date in the journey's
    history; the note to the buyer is kept as a ``note`` interaction. A note that reads as
    pressure is refused.
    """
    if not journey.is_open:
        raise DataValidationError("The journey has already ended.", field="buying_stage")
    proposal = offer.proposal
    text = proposal.note_to_buyer if note is None else note.strip()
    if note is not None:
        from helpfirst.fit.exits import check_note_for_pressure

        if check_note_for_pressure(text, journey.stated_needs or ""):
            raise DataValidationError(
                "The note reads as pressure; say it without deadlines or pushing.", field="note"
            )
    elif not offer.note_ok:
        raise DataValidationError(
            "The drafted note reads as pressure: " + " ".join(offer.pressure_notes),
            field="note",
        )
    referral = proposal.referral
    referred_to = referral.name if referral else ""
    now = timezone.now()
    change_buying_stage(
        journey,
        vocabulary.BuyingStage.NOT_A_FIT,
        changed_by=by,
        reason=proposal.reason,
        referred_to=referred_to,
        recheck_on=proposal.recheck_on,
    )
    record = FitRecord.objects.filter(journey=journey, is_latest=True).first()
    if text:
        Interaction.objects.create(
            team_id=journey.team_id,
            account_id=journey.account_id,
            journey=journey,
            kind=vocabulary.InteractionKind.NOTE,
            occurred_at=now,
            subject="Stepping aside: note to the buyer",
            source=OWN_NOTE_SOURCE,
            external_id=f"fit-exit-{journey.pk}-{int(now.timestamp() * 1000)}",
            properties={
                "text": text,
                "referral": referred_to,
                "recheck_on": proposal.recheck_on.isoformat(),
                "direction": "outbound",
                "touch_intent": "gave",
            },
        )
    return FitExit.objects.create(
        team_id=journey.team_id,
        journey=journey,
        fit_record=record,
        reason=proposal.reason,
        referred_to=referred_to,
        referral_url=referral.url if referral else "",
        anti_fit=proposal.anti_fit or "",
        note_to_buyer=text,
        recheck_on=proposal.recheck_on,
        needs_at_exit=journey.stated_needs or "",
        exited_at=now,
        exited_by=by if getattr(by, "is_authenticated", False) else None,
    )
