"""Build a journey's snapshot for the next-action rules, and rank content for its people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpfirst.briefs import content as content_reads
from helpfirst.briefs.committee import CommitteeView, committee_view
from helpfirst.briefs.events import journey_interactions, to_events
from helpfirst.briefs.fit import JourneyFit, journey_fit
from helpfirst.core.next_action import (
    JourneySnapshot,
    NextAction,
    RankedContent,
    next_helpful_actions,
    rank_content,
)
from helpfirst.plans.queries import core_plan_steps, plan_of


@dataclass
class JourneyReading:
    """Everything read once about a journey, shared by the panels, the brief and the API."""

    journey: object
    now: datetime
    committee: CommitteeView
    fit: JourneyFit
    snapshot: JourneySnapshot
    content_titles: dict[str, str]


def read_journey(journey, now: datetime, *, with_fit: bool = True) -> JourneyReading:
    """Read a journey's committee, plan, history, fit and content into one snapshot."""
    rows = journey_interactions(journey)
    committee = committee_view(journey, now, rows=rows)
    fit = journey_fit(journey) if with_fit else JourneyFit(None, "Fit not read here.")
    assessment = fit.assessment
    problems = tuple(m.slug for m in assessment.matched_problems) if assessment else ()
    phrases = {m.slug: m.title.lower() for m in assessment.matched_problems} if assessment else {}
    items = content_reads.content_items(journey.team)
    snapshot = JourneySnapshot(
        journey_id=journey.pk,
        buying_stage=journey.buying_stage,
        fit_score=float(assessment.score)
        if assessment and assessment.verdict != "unknown"
        else None,
        fit_verdict=("not_a_fit" if assessment and assessment.out_of_scope else None),
        buyer_problems=problems,
        problem_phrases=phrases,
        stakeholders=committee.stakeholders(),
        plan_steps=core_plan_steps(plan_of(journey)),
        events=to_events(rows),
        content_items=content_reads.candidates(items),
        already_sent=content_reads.already_sent(journey, items),
        engagement_stats=content_reads.engagement_stats(journey.team),
        may_contact=any(s.contact.may_contact for s in committee.seats) or not committee.seats,
    )
    titles = {item.slug: item.title for item in items}
    return JourneyReading(journey, now, committee, fit, snapshot, titles)


def next_actions(reading: JourneyReading) -> list[NextAction]:
    """Return up to three next helpful actions, each with its reason."""
    return next_helpful_actions(reading.snapshot, reading.now)


@dataclass
class ContentForPerson:
    """Ranked content for one committee member (or the whole buyer when nobody is seated)."""

    name: str
    role: str | None
    ranked: list[RankedContent]


def content_for_committee(reading: JourneyReading, limit: int = 3) -> list[ContentForPerson]:
    """Rank content for each reachable committee member; never what the buyer already got."""
    snap = reading.snapshot
    people = [s for s in reading.committee.seats if s.contact.may_contact] or [None]
    out = []
    for seat in people:
        role = seat.role if seat else None
        ranked = rank_content(
            snap.content_items,
            snap.buyer_problems,
            snap.buying_stage,
            role,
            snap.already_sent,
            snap.engagement_stats,
            problem_phrases=snap.problem_phrases,
            limit=limit,
        )
        out.append(ContentForPerson(seat.contact.name if seat else "The buyer", role, ranked))
    return out
