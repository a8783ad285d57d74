"""Assemble the whole curated demo as plain data: companies, people, journeys, interactions.

Nothing here touches the database, so the same ``(size, seed, now, playbook)`` always gives the
same :class:`DemoDataset`, and tests can check the patterns without loading anything.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from helpfirst.core.vocabulary import PageType
from helpfirst.demo.calls import transcript_calls
from helpfirst.demo.companies import AccountSeed, add_contacts, make_accounts
from helpfirst.demo.interactions import journey_interactions, won_debriefs
from helpfirst.demo.journeys import JourneyPlan, plan_journeys
from helpfirst.demo.people import DEMO_MANAGER, DEMO_REPS
from helpfirst.demo.sizes import DemoSize
from helpfirst.demo.topics import anti_fits_from, content_from, problems_from
from helpfirst.demo.touches import SITE, InteractionSeed, TouchWriter

P = PageType
HISTORY_DAYS = 182
# Background page views on an account with no journey: mostly reading, a little job hunting.
BACKGROUND_PAGES: dict[str, float] = {
    P.BLOG: 34, P.HOME: 15, P.PRODUCT: 14, P.CAREERS: 10, P.CASE_STUDY: 8, P.DOCS: 7,
    P.INTEGRATIONS: 5, P.PRICING: 4, P.OTHER: 3,
}


@dataclass
class DemoDataset:
    """The curated demo, ready to write."""

    accounts: list[AccountSeed]
    journeys: list[JourneyPlan]
    interactions: list[InteractionSeed]
    now: datetime
    seed: int


def default_now() -> datetime:
    """Return today at 09:00 UTC: the demo's reference "now", so its dates stay recent."""
    return datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)


def build_dataset(
    size: DemoSize, seed: int, now: datetime | None = None, playbook: Any = None
) -> DemoDataset:
    """Build the curated demo for ``size`` from ``seed`` (deterministic) relative to ``now``."""
    now = (now or default_now()).astimezone(UTC)
    reps = [p.username for p in DEMO_REPS]
    problems = problems_from(playbook)
    anti_fits = anti_fits_from(playbook)
    content = content_from(playbook, SITE)
    industries = sorted({i for t in problems for i in t.industries})
    accounts = make_accounts(size.accounts, random.Random(f"{seed}:accounts"), reps, industries)
    add_contacts(accounts, size.contacts, random.Random(f"{seed}:contacts"))
    plans = plan_journeys(
        accounts, size.journeys, reps, DEMO_MANAGER.username, problems, anti_fits, now,
        random.Random(f"{seed}:journeys"),
    )
    rng = random.Random(f"{seed}:interactions")
    seeds: list[InteractionSeed] = []
    quiet: dict[str, list[tuple[datetime, datetime]]] = {}
    for plan in plans:
        windows = journey_interactions(plan, now, rng, content, seeds)
        quiet.setdefault(plan.account.external_id, []).extend(windows)
    won_debriefs(plans, seeds, now, rng)
    seeds.extend(transcript_calls(plans, now, seed))
    _background(accounts, plans, size.interactions - len(seeds), now, rng, quiet, seeds)
    seeds.sort(key=lambda s: s.occurred_at)
    for number, item in enumerate(seeds, start=1):
        item.external_id = f"demo-{number:07d}"
    return DemoDataset(accounts, plans, seeds, now, seed)


def _background(
    accounts: list[AccountSeed],
    plans: list[JourneyPlan],
    budget: int,
    now: datetime,
    rng: random.Random,
    quiet: dict[str, list[tuple[datetime, datetime]]],
    out: list[InteractionSeed],
) -> None:
    """Fill up to ``budget`` account-level touches: newsletters, site visits, a few strangers.

    About one company in three without a journey is a stranger warming up: pricing and product
    views in the last three weeks, for the help queue to notice.
    """
    if budget <= 0 or not accounts:
        return
    w = TouchWriter(out, rng, now)
    start = now - timedelta(days=HISTORY_DAYS)
    hosting = {p.account.external_id for p in plans}
    strangers = [a for a in accounts if a.external_id not in hosting]
    for stranger in strangers[::3]:
        for _ in range(rng.randint(3, 7)):
            at = w.moment(now - timedelta(days=21), now)
            if at and budget > 0:
                person = rng.choice(stranger.contacts) if rng.random() < 0.6 else None
                w.page_view(stranger.external_id, None, rng.choice((P.PRICING, P.PRODUCT)), at,
                            person.external_id if person else None)
                budget -= 1
    pages = list(BACKGROUND_PAGES)
    weights = list(BACKGROUND_PAGES.values())
    account_weights = [1.0 + len(a.contacts) for a in accounts]
    newsletter_months = [now - timedelta(days=30 * m + 3) for m in range(6)]
    newsletters_sent: set[tuple[str, datetime]] = set()
    while budget > 0:
        account = rng.choices(accounts, weights=account_weights)[0]
        windows = quiet.get(account.external_id, ())
        if rng.random() < 0.22:
            person = rng.choice(account.contacts)
            sent = rng.choice(newsletter_months).replace(hour=7, minute=30)
            if not person.may_contact or (person.external_id, sent) in newsletters_sent:
                continue
            newsletters_sent.add((person.external_id, sent))
            if any(a <= sent < b for a, b in windows):
                continue
            w.add(account.external_id, None, "email_sent", sent, person.external_id,
                  subject="Northwind monthly: ideas for better numbers",
                  properties={"direction": "outbound", "touch_intent": "neutral",
                              "campaign": f"newsletter-{sent:%Y-%m}"})
            budget -= 1
            continue
        at = w.moment(start, now, office=rng.random() < 0.75)
        if at is None or any(a <= at < b for a, b in windows):
            continue
        person = rng.choice(account.contacts) if rng.random() < 0.45 else None
        w.page_view(account.external_id, None, rng.choices(pages, weights=weights)[0], at,
                    person.external_id if person else None)
        budget -= 1
