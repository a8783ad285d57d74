"""Gather the words and templates for a journey's follow-up drafts, then draft them."""

from __future__ import annotations

import re

from helpfirst.briefs.drafts import (
    DEFAULT_TEMPLATES,
    FollowUpDraft,
    TemplateText,
    draft_follow_ups,
)
from helpfirst.briefs.models import FollowUpTemplate
from helpfirst.briefs.recommend import JourneyReading, content_for_committee
from helpfirst.core.vocabulary import StakeholderRole
from helpfirst.playbook.models import ContentItem

MAX_WORDS_QUOTE = 25


def team_templates(team) -> list[TemplateText]:
    """Return the team's active templates, or the built-in ones when it has none."""
    rows = FollowUpTemplate.objects.filter(team=team, active=True)
    found = [TemplateText(r.name, r.subject, r.body, tuple(r.buying_stages or ())) for r in rows]
    return found or list(DEFAULT_TEMPLATES)


def _first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", (text or "").strip(), maxsplit=1)[0].strip()
    words = sentence.rstrip(".!?").split()
    return " ".join(words[:MAX_WORDS_QUOTE])


def buyer_words(reading: JourneyReading) -> str:
    """Return the buyer's own words about their problem: a call quote, else their stated need."""
    assessment = reading.fit.assessment
    if assessment and assessment.matched_problems:
        quotes = assessment.matched_problems[0].evidence
        if quotes:
            return _first_sentence(quotes[0].text)
    return _first_sentence(reading.journey.stated_needs)


def _recipient(reading: JourneyReading):
    seats = [s for s in reading.committee.seats if s.contact.may_contact]
    for role in (StakeholderRole.CHAMPION, StakeholderRole.ECONOMIC_BUYER):
        for seat in seats:
            if seat.role == role:
                return seat
    return seats[0] if seats else None


def journey_drafts(reading: JourneyReading, user) -> tuple[str, list[FollowUpDraft]]:
    """Draft follow-ups to the champion (or first reachable person); explain when there is none."""
    seat = _recipient(reading)
    if seat is None:
        return "Nobody on the committee may be contacted, so no follow-up is drafted.", []
    said = buyer_words(reading)
    content_slug = None
    for person in content_for_committee(reading, limit=1):
        if person.name == seat.contact.name and person.ranked:
            content_slug = person.ranked[0].content_id
    item = (
        ContentItem.objects.filter(team=reading.journey.team, slug=content_slug).first()
        if content_slug
        else None
    )
    plan_step = next((s for s in reading.snapshot.plan_steps if s.is_open()), None)
    values = {
        "first_name": seat.contact.first_name or seat.contact.name,
        "their_words": said,
        "what_matters": seat.contact.what_matters.strip().rstrip("."),
        "content_title": item.title if item else "",
        "content_link": item.link if item else "",
        "account": reading.journey.account.name,
        "rep_name": user.display_name if user and user.is_authenticated else "",
        "next_step": plan_step.title.lower() if plan_step else "",
    }
    drafts = draft_follow_ups(
        team_templates(reading.journey.team),
        values,
        buyer_said=said,
        buying_stage=reading.journey.buying_stage,
    )
    return "", drafts
