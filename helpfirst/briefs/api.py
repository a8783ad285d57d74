"""REST endpoints: a journey's next actions, call brief, committee, content and follow-ups."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from helpfirst.briefs.brief import call_brief
from helpfirst.briefs.follow_ups import journey_drafts
from helpfirst.briefs.recommend import content_for_committee, next_actions, read_journey
from helpfirst.site.api_types import PathId
from helpfirst.team import permissions

router = Router(tags=["briefs"])


class NextActionOut(Schema):
    code: str
    action: str
    reason: str
    score: float
    contact_key: str | None
    content_id: str | None


def _journey(request, journey_id: int):
    return get_object_or_404(
        permissions.visible_journeys(request.auth).select_related("account", "team", "owner"),
        pk=journey_id,
    )


@router.get("/journeys/{journey_id}/next-actions", response=list[NextActionOut])
def get_next_actions(request, journey_id: PathId):
    """Up to three next helpful actions for a journey, each with the reason for it."""
    reading = read_journey(_journey(request, journey_id), timezone.now())
    return [
        {
            **{f: getattr(a, f) for f in ("code", "action", "reason", "score", "contact_key")},
            "content_id": None if a.content_id is None else str(a.content_id),
        }
        for a in next_actions(reading)
    ]


@router.get("/journeys/{journey_id}/brief", response=dict)
def get_brief(request, journey_id: PathId):
    """The call brief: strategies, matched problems, people, news, plan, questions, don'ts."""
    return call_brief(_journey(request, journey_id), timezone.now()).as_dict()


@router.get("/journeys/{journey_id}/committee", response=dict)
def get_committee(request, journey_id: PathId):
    """The buying committee with each seat's engagement, and coverage warnings."""
    reading = read_journey(_journey(request, journey_id), timezone.now(), with_fit=False)
    return {
        "seats": [s.as_dict() for s in reading.committee.seats],
        "warnings": [
            {
                "code": w.code,
                "severity": w.severity,
                "message": w.message,
                "contact_keys": list(w.contact_keys),
            }
            for w in reading.committee.warnings
        ],
    }


@router.get("/journeys/{journey_id}/content", response=list[dict])
def get_content(request, journey_id: PathId):
    """Content ranked for each committee member; what the buyer already got is left out."""
    reading = read_journey(_journey(request, journey_id), timezone.now())
    return [
        {
            "for": person.name,
            "stakeholder_role": person.role,
            "items": [
                {
                    "content_id": str(r.content_id),
                    "title": r.title,
                    "format": r.format,
                    "score": r.score,
                    "reasons": list(r.reasons),
                    "role_fit": r.role_fit,
                }
                for r in person.ranked
            ],
        }
        for person in content_for_committee(reading)
    ]


@router.get("/journeys/{journey_id}/follow-ups", response=dict)
def get_follow_ups(request, journey_id: PathId):
    """Drafted follow-up e-mails; drafts with pressure or broken placeholders say why not."""
    reading = read_journey(_journey(request, journey_id), timezone.now())
    note, drafts = journey_drafts(reading, request.auth)
    return {"note": note, "drafts": [d.as_dict() for d in drafts]}
