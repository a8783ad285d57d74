"""Describe a journey as the next-action rules see it: committee, plan, content, history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from helpfirst.core.journey import InteractionEvent
from helpfirst.core.next_action.content import ContentCandidate, ContentEngagement

PLAN_DONE_STATUSES = frozenset({"done", "skipped", "cancelled"})


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """Hold one person on the buying committee and how we have engaged with them.

    ``last_engaged_at`` is their last activity of any kind (see
    :func:`helpfirst.core.journey.contact_engagement`); ``last_listened_at`` the last
    conversation in which we heard them out (a meeting, a call, a reply). ``stance`` is
    ``"supportive"``, ``"neutral"``, ``"opposed"`` or None; ``influence`` ``"high"``,
    ``"medium"``, ``"low"`` or None.
    """

    contact_key: str
    name: str
    stakeholder_role: str = "unknown"
    title: str | None = None
    influence: str | None = None
    stance: str | None = None
    what_matters: str | None = None
    last_engaged_at: datetime | None = None
    last_listened_at: datetime | None = None
    joined_at: datetime | None = None
    may_contact: bool = True


@dataclass(frozen=True, slots=True)
class PlanStep:
    """Hold one step of the mutual action plan, owned by the buyer's side or ours."""

    title: str
    owner_side: str = "buyer"  # "buyer" or "seller"
    owner_name: str | None = None
    due_on: date | None = None
    status: str = "open"

    def is_open(self) -> bool:
        """Tell whether the step still has to happen."""
        return self.status not in PLAN_DONE_STATUSES

    def days_late(self, today: date) -> int:
        """Return how many days past its date an open step is (0 when not late)."""
        if not self.is_open() or self.due_on is None:
            return 0
        return max(0, (today - self.due_on).days)


@dataclass(frozen=True, slots=True)
class JourneySnapshot:
    """Hold everything the next-action rules read about one journey.

    ``buyer_problems`` are playbook problem keys matched to this buyer; ``problem_phrases``
    maps a key to the buyer's own words for it ("finance cost"), used in reasons.
    ``already_sent`` holds the content ids this buyer already received: they are never
    recommended again.
    """

    journey_id: str | int
    buying_stage: str
    fit_score: float | None = None
    fit_verdict: str | None = None
    buyer_problems: tuple[str, ...] = ()
    problem_phrases: Mapping[str, str] = field(default_factory=dict)
    stakeholders: tuple[Stakeholder, ...] = ()
    plan_steps: tuple[PlanStep, ...] = ()
    events: tuple[InteractionEvent, ...] = ()
    content_items: tuple[ContentCandidate, ...] = ()
    already_sent: frozenset[Any] = frozenset()
    engagement_stats: Mapping[Any, ContentEngagement] = field(default_factory=dict)
    may_contact: bool = True


@dataclass(frozen=True, slots=True)
class NextAction:
    """Hold one proposed next helpful action, the reason for it and what it concerns."""

    code: str
    action: str
    reason: str
    score: float
    contact_key: str | None = None
    content_id: Any = None


@dataclass(frozen=True, slots=True)
class CommitteeWarning:
    """Hold one gap in buying-committee coverage, with who it concerns and why it matters."""

    code: str
    severity: str  # "high", "medium" or "low"
    message: str
    contact_keys: tuple[str, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)
