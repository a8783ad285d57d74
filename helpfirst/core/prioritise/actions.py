"""Propose the one next helpful action shown beside each help-queue item.

The journey page offers up to three richer actions (see :mod:`helpfirst.core.next_action`);
the queue needs one short line per journey, decided from what the queue already computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from helpfirst.core.journey import (
    Fatigue,
    GiveAskBalance,
    JourneyActivity,
    Readiness,
    StageSuggestion,
)
from helpfirst.core.prioritise.candidates import HelpQueueCandidate
from helpfirst.core.vocabulary import BuyingStage, stage_label

STAGE_ACTIONS: Mapping[str, str] = MappingProxyType(
    {
        BuyingStage.EXPLORING_PROBLEM: "Share an insight on the problem they are exploring",
        BuyingStage.EXPLORING_SOLUTIONS: (
            "Offer an honest comparison of approaches, including ones that are not ours"
        ),
        BuyingStage.EVALUATING: "Offer help with their evaluation: a technical session or trial",
        BuyingStage.DECIDING: "Help them build the business case for their approvers",
        BuyingStage.IMPLEMENTING: "Check in on onboarding and clear any blockers",
        BuyingStage.REALISING_VALUE: "Review the value they get against their goals",
        BuyingStage.EXPANDING: "Explore where else in their company the problem shows up",
    }
)
SIGNAL_ACTIONS: Mapping[str, str] = MappingProxyType(
    {
        "page:pricing": "Offer a short pricing walk-through and answer cost questions openly",
        "page:security": "Send the security pack and offer a call with our security lead",
        "page:docs": "Offer a technical session on the questions their docs reading suggests",
        "page:integrations": "Offer to show how the integration they looked at works",
        "trial_signup": "Help them get to a first result in their trial",
        "support_ticket": "Make sure their support ticket got a good answer",
    }
)


def propose_queue_action(
    candidate: HelpQueueCandidate,
    activity: JourneyActivity,
    readiness: Readiness,
    fatigue: Fatigue,
    balance: GiveAskBalance,
    suggestion: StageSuggestion,
    is_recheck: bool,
) -> tuple[str, str]:
    """Return ``(code, sentence)`` for the next helpful action on one queue item."""
    who = f" {candidate.contact_name}" if candidate.contact_name else ""
    if not fatigue.consent:
        return "wait_for_them", "Don't reach out: no consent. Be ready when they get in touch"
    if fatigue.back_off:
        if fatigue.back_off_until is not None and fatigue.unanswered_in_a_row < 2:
            return (
                "wait",
                f"Wait until {fatigue.back_off_until:%a %d %b} before touching{who} again",
            )
        return "wait_for_them", "Stop reaching out for now; watch for their next visit or reply"
    last_answer, last_touch = activity.last_answer_ts, activity.last_touch_ts
    if last_answer is not None and last_touch is not None and last_answer > last_touch:
        return "reply", f"Reply to{who or ' them'}: they answered and are waiting on us"
    if is_recheck:
        return (
            "recheck",
            f"Re-check with{who or ' them'} whether their need has changed; offer something useful",
        )
    if balance.verdict == "asking_too_much":
        return "give_first", "Give before you ask again: share something useful, ask nothing"
    if candidate.open_plan_step:
        return "plan_step", f"Help with the next plan step: {candidate.open_plan_step}"
    if readiness.dominant_signal in SIGNAL_ACTIONS and readiness.headline:
        return "signal", SIGNAL_ACTIONS[readiness.dominant_signal]
    if suggestion.differs_from_current and suggestion.confidence >= 0.4:
        return (
            "confirm_stage",
            f"Confirm the stage with{who or ' them'}: looks like {stage_label(suggestion.stage)}",
        )
    stage = candidate.buying_stage
    return "stage", STAGE_ACTIONS.get(stage, "Check whether there is something useful to share")
