"""Help the buyer buy: the next helpful actions, committee coverage and content to share."""

from helpfirst.core.next_action.committee import committee_warnings
from helpfirst.core.next_action.content import (
    ContentCandidate,
    ContentEngagement,
    RankedContent,
    rank_content,
)
from helpfirst.core.next_action.recommend import next_helpful_actions
from helpfirst.core.next_action.snapshot import (
    CommitteeWarning,
    JourneySnapshot,
    NextAction,
    PlanStep,
    Stakeholder,
)

__all__ = [
    "CommitteeWarning",
    "ContentCandidate",
    "ContentEngagement",
    "JourneySnapshot",
    "NextAction",
    "PlanStep",
    "RankedContent",
    "Stakeholder",
    "committee_warnings",
    "next_helpful_actions",
    "rank_content",
]
