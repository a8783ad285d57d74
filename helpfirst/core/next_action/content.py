"""Rank content for one buyer and stakeholder: right problem, right stage, right person.

Scores add up from four parts: the share of the buyer's problems an item addresses (0.45), its
fit with the buying stage (0.2; an adjacent stage half), with the stakeholder's role (0.2;
untagged items half, a mismatch nothing) and how well it has helped other buyers (0.15). The
last is learned from engagement (replies, downloads, opens per send) and smoothed towards the
library-wide rate, so an item sent twice with one reply does not outrank a proven one. Content
the buyer already received is never recommended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from helpfirst.core.journey.phrasing import join_and
from helpfirst.core.vocabulary import (
    STAGE_ORDER,
    STAKEHOLDER_ROLE_LABELS,
    StakeholderRole,
    stage_label,
)

PROBLEM_WEIGHT = 0.45
STAGE_WEIGHT = 0.2
ROLE_WEIGHT = 0.2
ENGAGEMENT_WEIGHT = 0.15
# Engagement: a reply is worth a full "helped", a download half, an open a quarter.
REPLY_VALUE, DOWNLOAD_VALUE, OPEN_VALUE = 1.0, 0.5, 0.25
DEFAULT_PRIOR_RATE = 0.1  # used until the library has any sends recorded
PRIOR_STRENGTH = 10.0  # sends' worth of weight the library-wide rate gets in each item's rate
_STAGE_POSITION = {stage.value: position for position, stage in enumerate(STAGE_ORDER)}


@dataclass(frozen=True, slots=True)
class ContentCandidate:
    """Hold one content-library item with the problems, stages and roles it suits."""

    content_id: Any
    title: str
    format: str
    problems: tuple[str, ...] = ()
    buying_stages: tuple[str, ...] = ()
    stakeholder_roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ContentEngagement:
    """Count how one content item fared: sends, and opens, downloads and replies after them."""

    sent: int = 0
    opened: int = 0
    downloaded: int = 0
    replied: int = 0

    def helpful(self) -> float:
        """Return the engagement-weighted number of sends that helped (capped per kind)."""
        sent = self.sent
        return (
            REPLY_VALUE * min(self.replied, sent)
            + DOWNLOAD_VALUE * min(self.downloaded, sent)
            + OPEN_VALUE * min(self.opened, sent)
        ) / (REPLY_VALUE + DOWNLOAD_VALUE + OPEN_VALUE)


@dataclass(frozen=True, slots=True)
class RankedContent:
    """Hold one recommended content item, its score (0-1) and the reasons behind it.

    ``role_fit`` and ``stage_fit`` are ``"match"``, ``"any"`` (item not tagged) or
    ``"mismatch"`` (``stage_fit`` may also be ``"adjacent"``).
    """

    content_id: Any
    title: str
    format: str
    score: float
    reasons: tuple[str, ...]
    matched_problems: tuple[str, ...]
    role_fit: str
    stage_fit: str
    engagement_rate: float


def rank_content(
    content_items: Iterable[ContentCandidate],
    buyer_problems: Sequence[str],
    stage: str | None,
    stakeholder_role: str | None,
    already_sent: Iterable[Any] = (),
    engagement_stats: Mapping[Any, ContentEngagement] | None = None,
    *,
    problem_phrases: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> list[RankedContent]:
    """Rank content for a buyer's problems, stage and stakeholder role, best first."""
    stats = engagement_stats or {}
    sent_ids = {str(key) for key in already_sent}
    phrases = problem_phrases or {}
    total_sent = sum(s.sent for s in stats.values())
    prior = (
        sum(s.helpful() for s in stats.values()) / total_sent if total_sent else DEFAULT_PRIOR_RATE
    )
    prior = min(max(prior, 1e-3), 1.0)
    wanted = set(buyer_problems)
    ranked: list[RankedContent] = []
    for item in content_items:
        if str(item.content_id) in sent_ids:
            continue
        reasons: list[str] = []
        matched = tuple(dict.fromkeys(p for p in buyer_problems if p in item.problems))
        problem_part = len(matched) / len(wanted) if wanted else 0.5
        if matched:
            reasons.append("addresses " + join_and([phrases.get(p, p) for p in matched]))
        stage_fit, stage_part = _stage_fit(item, stage)
        if stage_fit == "match" and stage:
            reasons.append(f"suits {stage_label(stage).lower()}")
        role_fit, role_part = _role_fit(item, stakeholder_role)
        if role_fit == "match" and stakeholder_role:
            role_words = STAKEHOLDER_ROLE_LABELS.get(stakeholder_role, stakeholder_role).lower()
            reasons.append(f"made for the {role_words}")
        elif role_fit == "mismatch":
            reasons.append("made for other roles")
        engagement = stats.get(item.content_id) or stats.get(str(item.content_id))
        if engagement is not None and engagement.sent:
            rate = (engagement.helpful() + PRIOR_STRENGTH * prior) / (
                engagement.sent + PRIOR_STRENGTH
            )
            if rate > prior * 1.2:
                reasons.append(f"helped other buyers ({engagement.sent} sent)")
        else:
            rate = prior
        engagement_part = rate / (rate + prior)
        score = (
            PROBLEM_WEIGHT * problem_part
            + STAGE_WEIGHT * stage_part
            + ROLE_WEIGHT * role_part
            + ENGAGEMENT_WEIGHT * engagement_part
        )
        ranked.append(
            RankedContent(
                content_id=item.content_id,
                title=item.title,
                format=item.format,
                score=round(score, 6),
                reasons=tuple(reasons) or ("general material",),
                matched_problems=matched,
                role_fit=role_fit,
                stage_fit=stage_fit,
                engagement_rate=round(rate, 6),
            )
        )
    ranked.sort(key=lambda r: (-r.score, str(r.content_id)))
    return ranked if limit is None else ranked[:limit]


def _stage_fit(item: ContentCandidate, stage: str | None) -> tuple[str, float]:
    here = _STAGE_POSITION.get(stage) if stage is not None else None
    if not item.buying_stages or here is None:
        return "any", 0.5
    if stage in item.buying_stages:
        return "match", 1.0
    for other in item.buying_stages:
        there = _STAGE_POSITION.get(other)
        if there is not None and abs(there - here) == 1:
            return "adjacent", 0.5
    return "mismatch", 0.0


def _role_fit(item: ContentCandidate, role: str | None) -> tuple[str, float]:
    if not item.stakeholder_roles or role in (None, StakeholderRole.UNKNOWN):
        return "any", 0.5
    if role in item.stakeholder_roles:
        return "match", 1.0
    return "mismatch", 0.0
