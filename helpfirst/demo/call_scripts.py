"""Scripts of the demo sales calls: what a rep and a buyer say, by call archetype.

Each archetype (consultative discovery, a dated next step, a pushy monologue, an ignored "no",
fear and guilt, a respectful "no", a mixed call) turns a buyer topic into turns of dialogue;
:mod:`helpfirst.demo.transcripts` times and renders them in real transcript formats.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Topic:
    company: str
    product: str
    pain: str
    impact: str
    goal: str
    approver: str
    deadline: str


TOPICS = (
    Topic(
        "Northwind Support",
        "support automation",
        "the billing queue keeps growing and agents answer the same questions all day",
        "we hired three extra agents this year, about 180,000 dollars",
        "get first response under one hour",
        "our VP of Customer Experience",
        "October",
    ),
    Topic(
        "Brightwell Goods",
        "inventory sync",
        "our stock counts are wrong so we oversell",
        "we refunded around 200 orders last month",
        "stop overselling completely",
        "my co-founder",
        "Black Friday",
    ),
    Topic(
        "Fjord Payroll",
        "payroll",
        "we fix payroll errors by hand in four countries",
        "two people lose a week to it every month",
        "close payroll in two days",
        "our head of finance",
        "January",
    ),
    Topic(
        "Atlas Field Services",
        "scheduling",
        "jobs get double booked on a whiteboard",
        "we refund about 6,000 dollars a month",
        "cut complaints in half",
        "our operations director",
        "March",
    ),
    Topic(
        "Keystone Legal",
        "contract renewals",
        "renewals live in a spreadsheet and we missed three notice windows",
        "that cost us about 40,000 pounds last quarter",
        "never miss a renewal again",
        "our CFO",
        "the end of Q2",
    ),
    Topic(
        "Harbor Logistics",
        "scanner integration",
        "our scanners are not integrated so everything is on paper",
        "every late shipment costs us around 2,000 euros a day",
        "ship same day again",
        "our CFO and IT",
        "the warehouse opening on March 1",
    ),
)
SLOTS = ("Tuesday at 10", "Thursday at 2 pm", "Monday at 9", "Wednesday at 11", "Friday at 3 pm")

Turn = tuple[str, str]  # ("seller" | "buyer", text)


def _consultative(t: Topic, rng: random.Random) -> list[Turn]:
    slot = rng.choice(SLOTS)
    return [
        (
            "seller",
            "Thanks for making the time. Before I say anything about us, what prompted "
            "you to take this call?",
        ),
        ("buyer", f"Honestly, {t.pain}. It's frustrating for everyone."),
        ("seller", "That sounds painful. What does that cost you today, roughly?"),
        ("buyer", f"Quite a lot. {t.impact.capitalize()}."),
        ("seller", "If this worked perfectly a year from now, what would be different?"),
        ("buyer", f"Our goal is to {t.goal}."),
        ("seller", "How do decisions like this usually get made on your side?"),
        ("buyer", f"I recommend, and {t.approver} signs off after a security review."),
        ("seller", "Who else would be affected that we should hear from?"),
        ("buyer", "Our team lead, she owns the day-to-day workflow."),
        ("seller", "Is there a date you're working towards?"),
        ("buyer", f"We'd like something in place before {t.deadline}."),
        (
            "seller",
            f"That helps. Would it be useful to look at your own data together on "
            f"{slot} with your team lead?",
        ),
        ("buyer", f"Yes, {slot} works. I'll invite her."),
    ]


def _dated_next_step(t: Topic, rng: random.Random) -> list[Turn]:
    slot = rng.choice(SLOTS)
    return [
        ("seller", f"Good to see you again. How are things going with {t.product}?"),
        ("buyer", f"Not great. {t.pain.capitalize()}."),
        ("seller", "How are you handling that today?"),
        ("buyer", "Mostly by hand, and a lot of late evenings."),
        (
            "seller",
            f"We help teams with exactly that. Our {t.product} module connects to your "
            "systems and flags problems before they reach customers. Most teams are live "
            "within a few weeks.",
        ),
        ("buyer", f"Interesting. {t.approver.capitalize()} would need to approve it."),
        ("seller", f"Makes sense. Could we walk {t.approver} through a short demo on {slot}?"),
        ("buyer", f"Sure, {slot} is good for us."),
    ]


def _pushy_monologue(t: Topic, rng: random.Random) -> list[Turn]:
    day = rng.choice(("Friday", "the end of the month", "this week"))
    return [
        (
            "seller",
            f"Hi, I'll be quick. We are the number one {t.product} platform for "
            "mid-market companies, we have over four thousand customers, two analyst "
            "firms named us a leader, and our platform does automation, reporting, "
            "alerts, integrations and compliance out of the box. Customers typically see "
            "a forty percent saving in the first year, we integrate with every major "
            "system, and our support answers in under five minutes, day or night. I've "
            f"also got a special promotion running, but only until {day}: if you sign "
            "this week you get thirty percent off the first year.",
        ),
        ("buyer", "Okay. We already have something in place."),
        (
            "seller",
            "Sure, everybody does, but they are not us. Honestly most of the vendors out "
            "there are one incident away from a disaster. Let me tell you how onboarding "
            "works. We assign a dedicated engineer, migrate everything in a weekend, and "
            "you are live from day one. I'll send over the order form this afternoon so "
            "we can get you started on Monday.",
        ),
        ("buyer", "I didn't say we were switching."),
        (
            "seller",
            "Of course. But this discount really does end soon, and after that the "
            "price goes back up. Which plan should I put you down for, standard or "
            "premium?",
        ),
        ("buyer", "I'll need to check with my team first."),
        ("seller", "Great, I'll call you Thursday."),
    ]


def _ignored_no(t: Topic, rng: random.Random) -> list[Turn]:
    return [
        ("seller", "Thanks for picking up. Did you get a chance to look at the proposal?"),
        (
            "buyer",
            "I did. To be honest, we're not interested right now. We just renewed with "
            "our current provider.",
        ),
        (
            "seller",
            "I hear you, but just give me five minutes to show you the new dashboard. "
            "I'm sure once you see it you'll change your mind.",
        ),
        ("buyer", "No, really, it's not a priority for us this year."),
        (
            "seller",
            "What would it take to get you to switch? I can talk to my manager about a "
            "bigger discount.",
        ),
        ("buyer", "Nothing, thanks. Please take us off your list for now."),
        ("seller", "Okay, but I'll check in next week in case anything changes."),
    ]


def _fud_guilt(t: Topic, rng: random.Random) -> list[Turn]:
    return [
        ("seller", "Have you had a chance to think about our last conversation?"),
        ("buyer", "A little. We're still comparing options and we're not in a hurry."),
        (
            "seller",
            "I get that, but your competitors are already moving on this, and companies "
            "that wait usually fall behind. Do you really want to be the one explaining "
            "that to your board?",
        ),
        ("buyer", "That feels a bit dramatic."),
        (
            "seller",
            "Look, I've spent weeks putting this proposal together, and my manager is "
            "expecting this one to close. I'd really hate to go back to him "
            "empty-handed.",
        ),
        ("buyer", "That's not really my concern. What does your pricing look like?"),
        ("seller", "It's eighteen thousand a year. I can send the breakdown today."),
        ("buyer", "Fine, send it over."),
    ]


def _respectful_no(t: Topic, rng: random.Random) -> list[Turn]:
    return [
        (
            "seller",
            f"You said you'd have an answer on the {t.product} pilot this week. Where "
            "did things land?",
        ),
        (
            "buyer",
            "We talked it through and decided not to go ahead this year. The budget got cut.",
        ),
        (
            "seller",
            "Thanks for telling me straight, that's completely fair. Can I ask what "
            "would need to change for it to be worth revisiting?",
        ),
        ("buyer", f"If {t.pain}, and it gets worse, we'd look again."),
        (
            "seller",
            "Makes sense. Would it be okay if I emailed you in the first week of "
            "January to see where things stand?",
        ),
        ("buyer", "Yes, that's fine. Early January works."),
    ]


def _mixed(t: Topic, rng: random.Random) -> list[Turn]:
    return [
        ("seller", f"Good to meet you. What's on your mind with {t.product} at the moment?"),
        ("buyer", f"{t.pain.capitalize()}, and it's getting worse."),
        (
            "seller",
            "Let me tell you about our suite. It has guided checklists, automated "
            "emails, a customer portal, health scores, a task manager, integrations with "
            "the usual CRMs, and a reporting module your executives will love. We also "
            "include templates for twenty industries and a library of best practices "
            "from our top customers.",
        ),
        ("buyer", f"Right. Our leadership wants to {t.goal} by the end of the year."),
        ("seller", "We can absolutely get you there. How many people are on the team?"),
        ("buyer", "About sixty."),
        (
            "seller",
            "Then this is a perfect fit. Honestly this pricing won't last, so I'd lock "
            "it in before the end of the month.",
        ),
        (
            "buyer",
            f"We're not making a decision this month. I need to show it to {t.approver} first.",
        ),
        (
            "seller",
            "Understood, no problem at all. Can I set up a session with them for next "
            "Wednesday at 2?",
        ),
        ("buyer", "Let me check with them and get back to you."),
    ]


ARCHETYPES: dict[str, Callable[[Topic, random.Random], list[Turn]]] = {
    "consultative": _consultative,
    "dated_next_step": _dated_next_step,
    "pushy_monologue": _pushy_monologue,
    "ignored_no": _ignored_no,
    "fud_guilt": _fud_guilt,
    "respectful_no": _respectful_no,
    "mixed": _mixed,
}
