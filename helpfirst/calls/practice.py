"""Built-in practice scenarios for new reps: a buyer's message to answer helpfully."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PracticeScenario:
    """A buyer's situation and message; the rep writes the reply."""

    slug: str
    title: str
    situation: str
    buyer_message: str


SCENARIOS: tuple[PracticeScenario, ...] = (
    PracticeScenario(
        "price-first",
        "They ask for the price first",
        "An operations lead at a 200-person logistics firm fills in the contact form.",
        "Hi, before we waste each other's time: what does your product cost? We're looking at "
        "a couple of tools and just need a number.",
    ),
    PracticeScenario(
        "not-now",
        "They say it's not the right time",
        "A finance director you spoke to last month replies to your follow-up.",
        "Thanks for following up, but honestly this isn't a priority for us this quarter. We "
        "have a system migration going on until the summer.",
    ),
    PracticeScenario(
        "own-deadline",
        "They have their own deadline",
        "A head of support writes after watching a webinar.",
        "Our ticket backlog doubled since January and the board wants it fixed before our "
        "peak season in October. Can you help with that, and how fast could we be live?",
    ),
    PracticeScenario(
        "competitor",
        "They are comparing you with a competitor",
        "An IT manager mid-evaluation sends a short e-mail.",
        "We're also talking to another vendor who is cheaper. Why should we pick you?",
    ),
)


def scenario(slug: str) -> PracticeScenario | None:
    """Return the built-in scenario called ``slug``, or None."""
    return next((s for s in SCENARIOS if s.slug == slug), None)
