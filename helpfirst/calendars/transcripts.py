"""Link meetings that have a transcript to the call analyser.

For each stored meeting with a transcript (attached, or found in the ``--transcripts``
folder), a Call is recorded through :func:`helpfirst.calls.services.record_call` (consent check,
redaction, analysis) on the meeting's journey, linked to the meeting interaction, and the
interaction's ``properties`` get ``call_id`` and ``call_url`` so the timeline can link to it.
A meeting already linked to a call is left alone, so re-importing never analyses twice.
"""

from __future__ import annotations

from pathlib import Path

from helpfirst.calendars.services import SOURCE, MeetingReport
from helpfirst.calls.models import Call
from helpfirst.calls.services import record_call
from helpfirst.core.calendar import Meeting
from helpfirst.core.calendar.transcripts import TranscriptFile, TranscriptFolder, from_attachments
from helpfirst.core.errors import HelpfirstError
from helpfirst.interactions.models import Interaction


def find_transcript(
    meeting: Meeting, folder: TranscriptFolder | None, roots: list[Path]
) -> TranscriptFile | None:
    """The meeting's transcript: attached first, then from the folder (by UID, then time)."""
    found = from_attachments(meeting, roots)
    if found is None and folder is not None:
        found = folder.find(meeting)
    return found


def link_transcripts(
    team_id: int,
    meetings: dict[str, Meeting],
    *,
    folder: TranscriptFolder | None,
    roots: list[Path],
    report: MeetingReport,
    file_label: str,
) -> None:
    """Record a Call for every stored, not cancelled meeting that has a transcript."""
    candidates = {
        ext: meeting
        for ext, meeting in meetings.items()
        if not meeting.cancelled and (folder is not None or meeting.attachments or meeting.url)
    }
    if not candidates:
        return
    rows = Interaction.objects.filter(
        team_id=team_id, source=SOURCE, external_id__in=list(candidates)
    ).select_related("journey__account", "journey__owner")
    linked = set(Call.objects.filter(interaction__in=rows).values_list("interaction_id", flat=True))
    for row in rows:
        meeting = candidates[row.external_id]
        if row.pk in linked or (row.properties or {}).get("call_id"):
            continue
        transcript = find_transcript(meeting, folder, roots)
        if transcript is None:
            continue
        if row.journey is None:
            report.add_problem(
                f"meeting {meeting.summary!r} has a transcript ({transcript.name}) but no single "
                "open journey at its account; record the call on the journey by hand.",
                file=file_label,
                line=meeting.line,
                uid=meeting.uid,
            )
            continue
        contact_ids = (row.properties or {}).get("contact_ids") or [row.contact_id]
        contacts = list(row.journey.account.contacts.filter(pk__in=contact_ids).order_by("pk"))
        try:
            call = record_call(
                row.journey,
                contacts=contacts,
                transcript_text=transcript.data,
                filename=transcript.name,
                occurred_at=meeting.start,
                interaction=row,
                title=(meeting.summary or transcript.name)[:300],
            )
        except HelpfirstError as exc:
            report.add_problem(
                f"transcript {transcript.name} of meeting {meeting.summary!r} was not analysed: "
                f"{exc.message}",
                file=file_label,
                line=meeting.line,
                uid=meeting.uid,
            )
            continue
        row.properties = {
            **(row.properties or {}),
            "call_id": call.pk,
            "call_url": call.get_absolute_url(),
            "transcript": transcript.name,
        }
        row.save(update_fields=["properties"])
        report.calls_linked += 1
