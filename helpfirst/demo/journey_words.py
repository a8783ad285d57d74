"""Write the words of the demo journeys: buyers' context, stage-move reasons, exits, debriefs."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from helpfirst.core.vocabulary import BuyingStage

if TYPE_CHECKING:
    from helpfirst.demo.companies import AccountSeed
    from helpfirst.demo.topics import NeedTopic

S = BuyingStage

VAGUE_NEEDS: tuple[str, ...] = (
    "We want to get more out of our data but honestly aren't sure where to start",
    "Our CEO wants us to be more data-driven this year and asked me to look at options",
    "Someone on the leadership team saw a demo at a conference and asked us to take a look",
    "We're reviewing all our tools this year and want to understand what's out there",
    "Things feel slower than they should and we think better reporting might help",
)
ALTERNATIVES: tuple[str, ...] = (
    "the reporting module of their ERP, already paid for",
    "a larger BI platform their parent company licenses group-wide",
    "building it in-house with two new data hires",
    "a cheaper point tool that covers their single use case",
)
PAUSE_REASONS: tuple[str, ...] = (
    "Budget frozen until next quarter; their champion asked us to check back then.",
    "Reorganisation under way: the team that would own this is being merged.",
    "They're mid-way through an ERP migration and can't take on anything else this half.",
    "Their champion is on parental leave; the economic buyer asked to pause until she's back.",
)
NO_DECISION_REASONS: tuple[str, ...] = (
    "Went quiet after the pricing discussion; three helpful follow-ups went unanswered.",
    "Decided to keep the spreadsheets for now: the cost of change felt higher than the pain.",
    "The committee couldn't agree on who owns it; nothing was decided.",
)
CHURN_REASONS: tuple[str, ...] = (
    "Did not renew: usage fell away after their champion left, and nobody picked it up.",
    "Cancelled at renewal: it never got past the pilot team.",
    "Did not renew: what they needed was a one-off project, not an ongoing tool.",
)
MOVE_REASONS: dict[str, tuple[str, ...]] = {
    S.EXPLORING_PROBLEM: (
        "Journey opened: downloaded our guide after reading the blog.",
        "Journey opened: came to a webinar and asked a question about their own numbers.",
        "Journey opened: introduced by an existing customer.",
    ),
    S.EXPLORING_SOLUTIONS: (
        "They agree the problem is worth solving and are looking at ways to solve it.",
        "Asked for our comparison of approaches after the discovery call.",
        "Their champion shared the problem with her manager; now comparing options.",
    ),
    S.EVALUATING: (
        "Shortlisted us with two others; trial started and security questionnaire received.",
        "Technical evaluation under way with their IT lead; trial workspace set up.",
        "Asked for a proof of concept on their own data.",
    ),
    S.DECIDING: (
        "Evaluation done; building the business case with their CFO, asked for pricing.",
        "Their committee meets next week to decide; pricing for three teams requested.",
        "Procurement involved; reviewing terms and the ROI model together.",
    ),
    S.IMPLEMENTING: (
        "Signed. Kick-off booked with their project lead.",
        "Order placed; implementation plan agreed with milestones and owners.",
    ),
    S.REALISING_VALUE: (
        "First reports live; weekly active use across the team.",
        "Milestones met; the first checkpoint shows time saved as promised.",
    ),
    S.EXPANDING: (
        "A second department asked for access after seeing the results.",
        "They want help with a new problem we also solve well.",
    ),
}


def context_sentence(account: AccountSeed, rng: random.Random) -> str:
    """Say who the buyer is, the way they'd put it on a first call."""
    people = f"about {account.employees:,} people" if account.employees >= 20 else "a small team"
    sector = account.industry.lower()
    return rng.choice(
        (
            f"We're {people} in {sector}",
            f"Quick background: {sector}, {people}, mostly in {account.region}",
            f"We're a {sector} business of {people}",
        )
    )


def timeline_sentence(opened: datetime, rng: random.Random) -> str:
    """Say when the buyer wants it solved, relative to when they first told us."""
    target = opened + timedelta(days=rng.choice([60, 90, 120, 150]))
    return rng.choice(
        (
            f"We'd like this sorted before {target:%B}",
            f"Ideally something in place by {target:%B %Y}",
            "No hard deadline, but it's getting worse every quarter",
            "",
        )
    )


def move_reason(from_stage: str, to_stage: str, rng: random.Random) -> str:
    """Say why a journey moved (the buyer moved; we recorded it)."""
    return rng.choice(MOVE_REASONS[to_stage])


def exit_reason(stage: str, anti_fit: NeedTopic | None, rng: random.Random) -> str:
    """Say, in plain words, why a journey ended where it did."""
    if stage == S.NOT_A_FIT:
        if anti_fit is not None:
            where = f" Pointed them to {anti_fit.referral}." if anti_fit.referral else ""
            return f"Not something we do well: {anti_fit.title.lower()}.{where}"
        return "Their need is outside what we solve well; shared a guide and stepped aside."
    if stage == S.PAUSED:
        return rng.choice(PAUSE_REASONS)
    if stage == S.CHOSE_ALTERNATIVE:
        return f"Chose {rng.choice(ALTERNATIVES)}."
    if stage == S.NO_DECISION:
        return rng.choice(NO_DECISION_REASONS)
    if stage == S.CHURNED:
        return rng.choice(CHURN_REASONS)
    return ""


DEBRIEF_TAGS: dict[str, tuple[str, ...]] = {
    S.NOT_A_FIT: ("out-of-scope", "referred"),
    S.CHOSE_ALTERNATIVE: ("lost-to-alternative", "price"),
    S.NO_DECISION: ("no-decision", "status-quo"),
    S.CHURNED: ("churn", "adoption"),
    S.PAUSED: ("timing",),
    S.IMPLEMENTING: ("won",),
    S.REALISING_VALUE: ("won", "value-realised"),
    S.EXPANDING: ("won", "expansion"),
}
DO_DIFFERENTLY: dict[str, tuple[str, ...]] = {
    S.NOT_A_FIT: ("Ask about the scope on the first call; we spent two calls before asking.",
                  "Step aside sooner, and share the referral in the first reply."),
    S.CHOSE_ALTERNATIVE: ("Meet the economic buyer before the shortlist, not after.",
                          "Build the business case with them earlier, in their numbers."),
    S.NO_DECISION: ("Agree a dated next step at the end of every call.",
                    "Find out who owns the decision before sending pricing."),
    S.CHURNED: ("Set up a second champion during onboarding.",
                "Check the fit before signing; this was a project, not a product need."),
    S.PAUSED: ("Ask about budget timing during discovery.",),
    S.IMPLEMENTING: ("Keep the kick-off date visible to their whole committee.",),
    S.REALISING_VALUE: ("Capture the baseline numbers before go-live.",),
    S.EXPANDING: ("Introduce the second team earlier; they heard about us by chance.",),
}


def debrief(stage: str, reason: str, fit: str, rng: random.Random) -> dict[str, object]:
    """Write a short structured debrief of an outcome (what, how, why, valued, differently)."""
    valued = rng.choice(
        (
            "Being told straight when something wasn't a good fit.",
            "The worked example on their own data.",
            "Fast, honest answers from the security review.",
            "Time with a customer in their industry.",
        )
    )
    return {
        "what_happened": reason,
        "how": {
            "clear": "They knew the problem well and brought the right people in early.",
            "poor": "Their need only partly matched what we do; it showed late.",
            "ambiguous": (
                "The need was never pinned down; different people wanted different things."
            ),
        }[fit],
        "why": reason.split(":")[0],
        "buyer_valued": valued,
        "do_differently": rng.choice(DO_DIFFERENTLY.get(stage, ("Nothing new.",))),
        "tags": list(DEBRIEF_TAGS.get(stage, ())),
    }
