"""Store calls: check recording consent, read and redact the transcript, analyse, keep metrics.

Writes only. Views, the API and the demo loader call :func:`record_call`; it turns ORM rows
into the plain values the pure-Python analyser in ``helpfirst.core.conversation`` takes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.calls.models import Call, Redaction
from helpfirst.core.conversation import (
    CallAnalysis,
    Transcript,
    analyse_call,
    parse_transcript,
    redact_text,
    redact_transcript,
)
from helpfirst.core.conversation.redaction import _CARD_RE, _card
from helpfirst.core.errors import DataValidationError, TranscriptFormatError
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.site.config import setting


class RecordingConsentError(DataValidationError):
    """A linked contact has not agreed to recording, so the call may not be stored."""

    code = "recording_consent"


def audio_supported() -> bool:
    """Tell whether local transcription is installed (the optional ``audio`` extra)."""
    return importlib.util.find_spec("faster_whisper") is not None


def team_roster() -> list[str]:
    """Return the seller names of ``HELPFIRST_TEAM_ROSTER`` (read now, never at import)."""
    return [name.strip() for name in setting("HELPFIRST_TEAM_ROSTER").split(",") if name.strip()]


def default_seller_names(journey: Journey) -> list[str]:
    """Return the journey owner's name (and username) plus the team roster, without repeats."""
    owner = journey.owner
    names = [owner.display_name, owner.get_full_name(), owner.username, *team_roster()]
    seen: dict[str, str] = {}
    for name in names:
        if name and name.strip():
            seen.setdefault(name.strip().casefold(), name.strip())
    return list(seen.values())


def check_recording_consent(contacts: Iterable[Contact]) -> None:
    """Raise RecordingConsentError naming every linked contact without recording consent."""
    missing = [c for c in contacts if not c.recording_consent]
    if not missing:
        return
    names = ", ".join(c.name for c in missing)
    verb = "has" if len(missing) == 1 else "have"
    raise RecordingConsentError(
        f"{names} {verb} not agreed to recording, so this call cannot be stored. Ask for "
        "consent and record it on the contact first, or unlink them.",
        field="contacts",
        detail={"contacts": [{"id": c.pk, "name": c.name} for c in missing]},
    )


def redact_cards(text: str) -> str:
    """Return ``text`` with Luhn-valid payment card numbers replaced by ``[card]``.

    Uses the core redactor's own card pattern, so "cards only" and "everything" agree.
    """
    return _CARD_RE.sub(_card, text)


def redact(text: str, redaction: str) -> str:
    """Return ``text`` redacted as the ``redaction`` option says."""
    if redaction == Redaction.ALL:
        return redact_text(text)
    if redaction == Redaction.CARDS:
        return redact_cards(text)
    return text


def _redact_transcript(transcript: Transcript, redaction: str) -> Transcript:
    if redaction == Redaction.ALL:
        return redact_transcript(transcript)
    if redaction == Redaction.CARDS:
        utterances = tuple(replace(u, text=redact_cards(u.text)) for u in transcript.utterances)
        return replace(transcript, utterances=utterances)
    return transcript


def transcribe_upload(path: Path, channel_names: Sequence[str]) -> Transcript:
    """Transcribe an uploaded recording locally; raise ModelUnavailableError without the extra."""
    from helpfirst.core.conversation.transcribe import transcribe_audio

    return transcribe_audio(path, channel_names=list(channel_names))


def render_transcript_text(transcript: Transcript) -> str:
    """Write a transcript as plain ``[m:ss] Name: text`` lines (how audio calls are stored)."""
    lines = []
    for u in transcript.utterances:
        minutes, seconds = divmod(round(u.start or 0.0), 60)
        lines.append(f"[{minutes}:{seconds:02d}] {u.speaker}: {u.text}")
    return "\n".join(lines)


def record_call(
    journey: Journey,
    *,
    contacts: Sequence[Contact],
    transcript_text: str | bytes | None = None,
    transcript: Transcript | None = None,
    input_format: str | None = None,
    filename: str = "",
    seller_names: Sequence[str] | None = None,
    redaction: str = Redaction.CARDS,
    occurred_at: datetime | None = None,
    uploaded_by=None,
    interaction: Interaction | None = None,
    title: str = "",
) -> Call:
    """Check consent, read, redact, analyse and store one call on ``journey``.

    Give either the transcript file's content (``transcript_text``) or an already transcribed
    ``transcript`` (audio). Raises RecordingConsentError, TranscriptFormatError,
    SpeakerSidesError or DataValidationError with messages a person can act on; nothing is
    stored when any of them is raised.
    """
    contacts = list(contacts)
    if not contacts:
        raise DataValidationError(
            "Link the buyer-side contact(s) on the call, so their recording consent is checked.",
            field="contacts",
        )
    foreign = [c.name for c in contacts if c.account_id != journey.account_id]
    if foreign:
        raise DataValidationError(
            f"{', '.join(foreign)} {'is' if len(foreign) == 1 else 'are'} not at "
            f"{journey.account.name}; link people of the journey's account.",
            field="contacts",
        )
    check_recording_consent(contacts)
    if redaction not in Redaction.values:
        raise DataValidationError(
            f"unknown redaction {redaction!r}; use one of {', '.join(Redaction.values)}",
            field="redaction",
        )
    if transcript is None:
        if transcript_text is None:
            raise DataValidationError("Give a transcript to analyse.", field="transcript")
        parsed = parse_transcript(transcript_text, input_format=input_format, filename=filename)
        raw = (
            transcript_text.decode("utf-8-sig", "replace")
            if isinstance(transcript_text, bytes)
            else transcript_text
        )
        stored_text = redact(raw, redaction)
    else:
        if not transcript.utterances:
            raise TranscriptFormatError("no speech was found in the recording", file=filename)
        parsed = transcript
        stored_text = ""
    kept = _redact_transcript(parsed, redaction)
    if transcript is not None:
        stored_text = render_transcript_text(kept)
    names = list(seller_names) if seller_names else default_seller_names(journey)
    analysis = analyse_call(kept, names) if kept.has_sides else None
    call = Call(
        team_id=journey.team_id,
        journey=journey,
        account_id=journey.account_id,
        owner_id=journey.owner_id,
        uploaded_by=uploaded_by,
        interaction=interaction,
        title=title or f"Call with {contacts[0].name}",
        occurred_at=occurred_at or timezone.now(),
        transcript_text=stored_text,
        input_format=kept.source_format,
        filename=filename[:255],
        redaction=redaction,
        has_sides=kept.has_sides,
        timing=kept.timing,
        seller_names=names,
        utterances=[
            [u.speaker, round(u.start or 0.0, 2), round(u.end or 0.0, 2), u.text]
            for u in kept.utterances
        ],
    )
    if analysis is not None:
        apply_analysis(call, analysis)
    with transaction.atomic():
        call.save()
        call.contacts.set(contacts)
    return call


def apply_analysis(call: Call, analysis: CallAnalysis) -> None:
    """Copy the analysis JSON and its headline metrics onto ``call`` (not saved)."""
    data = analysis.as_dict()
    call.analysis = data
    call.coaching_moments = [
        {"t": None if note.t is None else round(note.t, 2), "text": note.text}
        for note in analysis.coaching
    ]
    call.monologue_start_s = round(analysis.longest_monologue.start, 2)
    asked = data["seller_question_count"]
    opened = data["seller_open_question_count"]
    call.duration_s = data["duration_s"]
    call.talk_ratio = data["talk_ratio"]
    call.seller_question_count = asked
    call.seller_open_question_count = opened
    call.open_question_share = round(opened / asked, 4) if asked else None
    call.longest_monologue_s = data["longest_monologue_s"]
    call.pressure_tactic_count = len(data["pressure_tactics"])
    call.next_step_agreed = data["next_steps"]["agreed"]
    call.helping_score = data["helping_score"]
