"""REST endpoints for calls: list and read them (scoped), upload a transcript, practise a reply."""

# No ``from __future__ import annotations``: django-ninja reads the query parameter types
# (``date``) at run time.
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from helpfirst.calls import queries, services
from helpfirst.calls.models import Call, Redaction
from helpfirst.core.conversation import INPUT_FORMATS, score_practice_reply
from helpfirst.core.errors import DataValidationError
from helpfirst.site.api_types import MAX_ID, ObjectId, PathId
from helpfirst.site.pagination import BoundedLimitOffsetPagination
from helpfirst.team import permissions

router = Router(tags=["calls"])
MAX_TRANSCRIPT_CHARS = 5_000_000


class CallIn(Schema):
    journey_id: ObjectId
    contact_ids: list[ObjectId] = Field(..., min_length=1, max_length=50)
    transcript: str = Field(..., min_length=1, max_length=MAX_TRANSCRIPT_CHARS)
    input_format: str | None = Field(None, description=f"One of {', '.join(INPUT_FORMATS)}.")
    filename: str = Field("", max_length=255)
    seller_names: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Our side's speaker names; default: the journey owner and the team roster.",
    )
    occurred_at: datetime | None = None
    redact_contact_details: bool = Field(
        False, description="Redact e-mail addresses, phone and card numbers."
    )
    redact_cards: bool = Field(True, description="Redact payment card numbers (default on).")


class CallOut(Schema):
    id: int
    journey_id: int
    account_id: int
    owner_id: int
    interaction_id: int | None
    contact_ids: list[int]
    title: str
    occurred_at: datetime
    input_format: str
    filename: str
    redaction: str
    has_sides: bool
    timing: str
    duration_s: float | None
    talk_ratio: float | None
    seller_question_count: int | None
    seller_open_question_count: int | None
    open_question_share: float | None
    longest_monologue_s: float | None
    pressure_tactic_count: int | None
    next_step_agreed: bool | None
    helping_score: int | None
    created_at: datetime

    @staticmethod
    def resolve_contact_ids(obj: Call) -> list[int]:
        return [c.pk for c in obj.contacts.all()]


class CallDetailOut(CallOut):
    seller_names: list[str]
    analysis: dict[str, Any] = Field(
        ..., description="The JSON contract of `helpfirst calls analyze --format json`."
    )
    coaching_moments: list[dict[str, Any]]
    utterances: list[list[Any]] = Field(..., description="[speaker, start_s, end_s, text].")
    transcript_text: str


class PracticeIn(Schema):
    buyer_message: str = Field(..., min_length=1, max_length=4000)
    reply: str = Field(..., min_length=1, max_length=4000)


class PracticeOut(Schema):
    score: int
    questions: list[dict[str, str]]
    tactics: list[dict[str, str]]
    buyer_focus: float
    notes: list[str]


@router.get("/calls", response=list[CallOut])
@paginate(BoundedLimitOffsetPagination)
def list_calls(
    request,
    journey_id: int | None = Query(None, ge=1, le=MAX_ID),
    owner_id: int | None = Query(None, ge=1, le=MAX_ID),
    week: date | None = None,
):
    """List the calls you may see (a rep: their own), newest first; ``week`` keeps the calls
    of the week containing that day."""
    return queries.filtered_calls(
        request.auth, owner_id=owner_id, journey_id=journey_id, week=week
    ).prefetch_related("contacts")


# Declared before ``/calls/{call_id}`` so the literal path wins the URL match.
@router.post("/calls/practice", response=PracticeOut)
def practise_reply(request, payload: PracticeIn):
    """Score a written reply to a buyer's message for helping vs pushing, and say why."""
    return score_practice_reply(payload.buyer_message, payload.reply).as_dict()


@router.get("/calls/{call_id}", response=CallDetailOut)
def get_call(request, call_id: PathId):
    """Read one call with its transcript and full analysis."""
    return get_object_or_404(
        queries.visible_calls(request.auth).prefetch_related("contacts"), pk=call_id
    )


@router.post("/calls", response={201: CallDetailOut})
def create_call(request, payload: CallIn):
    """Store and analyse a call transcript on a journey (every linked contact must have agreed
    to recording)."""
    user = request.auth
    journey = get_object_or_404(
        permissions.visible_journeys(user).select_related("account", "owner"),
        pk=payload.journey_id,
    )
    if not permissions.can_edit_journey(user, journey):
        raise PermissionDenied("Only the journey's owner or a manager adds its calls.")
    wanted = set(payload.contact_ids)
    contacts = list(permissions.visible_contacts(user).filter(pk__in=wanted))
    if len(contacts) != len(wanted):
        missing = sorted(wanted - {c.pk for c in contacts})
        raise DataValidationError(
            f"unknown contact id(s) {', '.join(map(str, missing))}", field="contact_ids"
        )
    if payload.input_format is not None and payload.input_format not in INPUT_FORMATS:
        raise DataValidationError(
            f"unknown input format {payload.input_format!r}; use one of {', '.join(INPUT_FORMATS)}",
            field="input_format",
        )
    occurred = payload.occurred_at
    if occurred is not None and timezone.is_naive(occurred):
        occurred = timezone.make_aware(occurred)
    if payload.redact_contact_details:
        redaction = Redaction.ALL
    else:
        redaction = Redaction.CARDS if payload.redact_cards else Redaction.NONE
    call = services.record_call(
        journey,
        contacts=contacts,
        transcript_text=payload.transcript,
        input_format=payload.input_format,
        filename=payload.filename,
        seller_names=[n for n in payload.seller_names if n.strip()][:50] or None,
        redaction=redaction,
        occurred_at=occurred,
        uploaded_by=user,
    )
    return 201, call
