"""Propose up to three next helpful actions for a journey, each with its reason.

Rules read the stage, fit, committee gaps, mutual-plan steps, recent interactions and the
content library. Each rule proposes at most one action with a score; the best three distinct
ones win. When we must back off (no consent, just touched, many unanswered touches) no
outreach is proposed, only the back-off itself and internal work.
"""

from __future__ import annotations

from datetime import datetime

from helpfirst.core.journey import (
    fatigue_from_activity,
    give_ask_from_activity,
    stage_from_activity,
    summarise_activity,
)
from helpfirst.core.journey.phrasing import days_ago, join_and
from helpfirst.core.next_action.committee import committee_warnings
from helpfirst.core.next_action.content import rank_content
from helpfirst.core.next_action.snapshot import JourneySnapshot, NextAction, Stakeholder
from helpfirst.core.prioritise.actions import STAGE_ACTIONS
from helpfirst.core.vocabulary import (
    CONTENT_FORMAT_LABELS,
    STAKEHOLDER_ROLE_LABELS,
    StakeholderRole,
    is_open_stage,
    is_pre_sale_stage,
    stage_label,
)

MAX_ACTIONS = 3
RECENTLY_JOINED_DAYS = 14
WEAK_FIT_BELOW = 40.0
# Codes that mean reaching out to the buyer; suppressed while we must back off.
OUTREACH = frozenset(
    {
        "reply",
        "send_content",
        "ask_economic_buyer",
        "widen_committee",
        "check_in",
        "plan_buyer",
        "listen_to_blocker",
        "stage_default",
    }
)


def next_helpful_actions(snapshot: JourneySnapshot, now: datetime) -> list[NextAction]:
    """Return up to three next helpful actions for a journey, best first, each with a reason."""
    activity = summarise_activity(snapshot.events, now)
    fatigue = fatigue_from_activity(activity, snapshot.may_contact)
    balance = give_ask_from_activity(activity)
    suggestion = stage_from_activity(activity, snapshot.buying_stage)
    warnings = committee_warnings(snapshot.stakeholders, now, buying_stage=snapshot.buying_stage)
    people = {p.contact_key: p for p in snapshot.stakeholders}
    today = now.date()
    proposals: list[NextAction] = []

    if fatigue.back_off:
        proposals.append(NextAction("back_off", "Don't reach out now", fatigue.reason, 100.0))
    last_answer, last_touch = activity.last_answer_ts, activity.last_touch_ts
    if last_answer is not None and last_touch is not None and last_answer > last_touch:
        proposals.append(
            NextAction(
                "reply",
                "Reply to their last message",
                f"They answered {days_ago((activity.now_ts - last_answer) / 86_400)} and are "
                "waiting on us.",
                95.0,
            )
        )
    for warning in warnings:
        key = warning.contact_keys[0] if warning.contact_keys else None
        person = people.get(key) if key else None
        if warning.code == "blocker_not_heard" and person:
            proposals.append(
                NextAction(
                    "listen_to_blocker",
                    f"Listen to {person.name}'s concerns before pushing further",
                    warning.message,
                    85.0,
                    key,
                )
            )
        elif warning.code in ("no_economic_buyer", "economic_buyer_not_engaged"):
            champion = _first_with_role(snapshot.stakeholders, StakeholderRole.CHAMPION)
            via = champion.name if champion else "your contact"
            if person is not None:
                action = f"Ask {via} what matters to {person.name}, and offer material for that"
            else:
                action = f"Ask {via} who signs off, and offer material for them"
            proposals.append(
                NextAction(
                    "ask_economic_buyer",
                    action,
                    warning.message,
                    75.0 if warning.severity == "high" else 58.0,
                    champion.contact_key if champion else None,
                )
            )
        elif warning.code == "single_threaded" and person:
            proposals.append(
                NextAction(
                    "widen_committee",
                    f"Ask {person.name} who else is affected and offer to meet them",
                    warning.message,
                    55.0,
                    key,
                )
            )
        elif warning.code == "stakeholder_silent" and person:
            proposals.append(
                NextAction(
                    "check_in",
                    f"Check in with {person.name} with something useful to them",
                    warning.message,
                    50.0,
                    key,
                )
            )
    for step in snapshot.plan_steps:
        late = step.days_late(today)
        if not late:
            continue
        if step.owner_side == "seller":
            proposals.append(
                NextAction(
                    "plan_ours",
                    f"Do our plan step '{step.title}'",
                    f"It was due {step.due_on:%d %b}, {late} days ago; the buyer is waiting on us.",
                    82.0 + min(late, 10) / 10,
                )
            )
        else:
            owner = step.owner_name or "the buyer"
            proposals.append(
                NextAction(
                    "plan_buyer",
                    f"Ask {owner} whether '{step.title}' needs help from us",
                    f"It slipped {late} days past {step.due_on:%d %b}; offer help, not pressure.",
                    70.0 + min(late, 10) / 10,
                )
            )
    weak = snapshot.fit_verdict == "not_a_fit" or (
        snapshot.fit_score is not None and snapshot.fit_score < WEAK_FIT_BELOW
    )
    if weak and is_pre_sale_stage(snapshot.buying_stage):
        score_words = (
            f"fit score {snapshot.fit_score:.0f}"
            if snapshot.fit_score is not None
            else "the fit check"
        )
        proposals.append(
            NextAction(
                "check_fit",
                "Check the fit honestly; refer them on if we are not the best option",
                f"The {score_words} says we may not solve their problem well.",
                72.0,
            )
        )
    content = _content_action(snapshot, now, balance.verdict == "asking_too_much")
    if content is not None:
        proposals.append(content)
    if suggestion.differs_from_current and suggestion.confidence >= 0.4:
        proposals.append(
            NextAction(
                "confirm_stage",
                f"Confirm the buying stage: looks like {stage_label(suggestion.stage)}",
                " ".join(suggestion.evidence),
                45.0,
            )
        )
    if is_open_stage(snapshot.buying_stage):
        proposals.append(
            NextAction(
                "stage_default",
                STAGE_ACTIONS[snapshot.buying_stage],
                f"They are at '{stage_label(snapshot.buying_stage)}'; meet them there.",
                30.0,
            )
        )
    if fatigue.back_off:
        proposals = [p for p in proposals if p.code not in OUTREACH]
    chosen: list[NextAction] = []
    seen: set[str] = set()
    for proposal in sorted(proposals, key=lambda p: (-p.score, p.code, p.action)):
        if proposal.code in seen:
            continue
        seen.add(proposal.code)
        chosen.append(proposal)
        if len(chosen) == MAX_ACTIONS:
            break
    return chosen


def _first_with_role(people: tuple[Stakeholder, ...], role: str) -> Stakeholder | None:
    return next(
        (p for p in sorted(people, key=lambda p: p.contact_key) if p.stakeholder_role == role), None
    )


def _content_target(snapshot: JourneySnapshot, now: datetime) -> tuple[Stakeholder | None, str]:
    """Pick whom to send content to: a newcomer first, then the economic buyer, then anyone."""
    reachable = sorted(
        (p for p in snapshot.stakeholders if p.may_contact), key=lambda p: p.contact_key
    )
    newcomers = [
        p
        for p in reachable
        if p.joined_at is not None and (now - p.joined_at).days <= RECENTLY_JOINED_DAYS
    ]
    if newcomers:
        person = max(newcomers, key=lambda p: (p.joined_at, p.contact_key))
        assert person.joined_at is not None
        return person, f"{person.name} joined {days_ago((now - person.joined_at).days)}"
    for role in (StakeholderRole.ECONOMIC_BUYER, StakeholderRole.CHAMPION):
        for person in reachable:
            if person.stakeholder_role == role:
                return person, ""
    return (reachable[0], "") if reachable else (None, "")


def _content_action(
    snapshot: JourneySnapshot, now: datetime, asking_too_much: bool
) -> NextAction | None:
    if not snapshot.content_items or not snapshot.may_contact:
        return None
    person, why_them = _content_target(snapshot, now)
    role = person.stakeholder_role if person else None
    ranked = rank_content(
        snapshot.content_items,
        snapshot.buyer_problems,
        snapshot.buying_stage,
        role,
        snapshot.already_sent,
        snapshot.engagement_stats,
        problem_phrases=snapshot.problem_phrases,
        limit=1,
    )
    if not ranked or ranked[0].score < 0.3:
        return None
    best = ranked[0]
    fmt = CONTENT_FORMAT_LABELS.get(best.format, best.format).lower()
    to = ""
    if person:
        role_words = STAKEHOLDER_ROLE_LABELS.get(person.stakeholder_role, "").lower()
        to = f" to {person.name}" + (f" ({role_words})" if person.stakeholder_role else "")
    reasons = [why_them] if why_them else []
    if best.matched_problems:
        pains = [snapshot.problem_phrases.get(p, p) for p in best.matched_problems]
        reasons.append(f"{join_and(pains)} is their stated pain")
    reasons.extend(r for r in best.reasons if not r.startswith("addresses"))
    if asking_too_much:
        reasons.append("we have asked more than we gave lately")
    return NextAction(
        "send_content",
        f"Send the {fmt} '{best.title}'{to}",
        (join_and(reasons) or "it matches their stage") + ".",
        60.0 + 20.0 * best.score + (10.0 if asking_too_much else 0.0),
        person.contact_key if person else None,
        best.content_id,
    )
