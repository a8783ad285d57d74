"""Make each demo journey's interactions follow the story of its stages.

The patterns a seller learns to read are built in on purpose:

- the buying committee widens as the journey goes on (one champion early; IT in evaluation;
  the economic buyer and others when deciding);
- security pages, docs and a trial in evaluation;
- pricing-page revisits, by more than one person, in the 30 days before a journey reaches
  deciding (and again while it is there);
- silence before churn and before "no decision": the buyer goes quiet for weeks while our
  follow-ups go unanswered;
- product usage after the sale (rising for healthy customers, falling away before churn),
  support tickets, and value reviews;
- outcome notes carrying a short structured debrief.

We only e-mail and call people who agreed to be contacted.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from helpfirst.core.vocabulary import CUSTOMER_STAGES, EXIT_STAGES, BuyingStage, PageType
from helpfirst.demo.companies import ContactSeed
from helpfirst.demo.journey_words import debrief
from helpfirst.demo.journeys import JourneyPlan
from helpfirst.demo.topics import ContentRef
from helpfirst.demo.touches import (
    ASKED_SUBJECTS,
    CUSTOMER_ASKED,
    CUSTOMER_GAVE,
    GAVE_SUBJECTS,
    InteractionSeed,
    TouchWriter,
)

S = BuyingStage
P = PageType
# Buyer page views per week, by stage.
PAGE_RATES: dict[str, dict[str, float]] = {
    S.EXPLORING_PROBLEM: {P.BLOG: 2.2, P.HOME: 0.6, P.CASE_STUDY: 0.4, P.PRODUCT: 0.3},
    S.EXPLORING_SOLUTIONS: {P.BLOG: 1.0, P.PRODUCT: 1.6, P.CASE_STUDY: 1.1, P.INTEGRATIONS: 0.7,
                            P.PRICING: 0.2},
    S.EVALUATING: {P.DOCS: 2.6, P.SECURITY: 0.9, P.INTEGRATIONS: 0.8, P.PRODUCT: 0.8,
                   P.CASE_STUDY: 0.5, P.PRICING: 0.3},
    S.DECIDING: {P.PRICING: 1.2, P.CASE_STUDY: 0.6, P.SECURITY: 0.4, P.DOCS: 0.6},
    S.IMPLEMENTING: {P.DOCS: 2.4, P.INTEGRATIONS: 0.4},
    S.REALISING_VALUE: {P.DOCS: 0.6, P.BLOG: 0.3},
    S.EXPANDING: {P.PRICING: 0.9, P.PRODUCT: 0.8, P.CASE_STUDY: 0.4, P.DOCS: 0.6},
}
# Our e-mails per week, and the chance each one gives rather than asks.
EMAIL_RATE: dict[str, tuple[float, float]] = {
    S.EXPLORING_PROBLEM: (0.8, 0.85), S.EXPLORING_SOLUTIONS: (1.0, 0.75), S.EVALUATING: (1.3, 0.7),
    S.DECIDING: (1.5, 0.55), S.IMPLEMENTING: (0.8, 0.8), S.REALISING_VALUE: (0.35, 0.7),
    S.EXPANDING: (0.6, 0.6),
}
MEETINGS_PER_WEEK: dict[str, float] = {
    S.EXPLORING_PROBLEM: 0.25, S.EXPLORING_SOLUTIONS: 0.4, S.EVALUATING: 0.6, S.DECIDING: 0.8,
    S.IMPLEMENTING: 0.6, S.REALISING_VALUE: 0.15, S.EXPANDING: 0.4,
}
DOWNLOADS_PER_WEEK: dict[str, float] = {
    S.EXPLORING_PROBLEM: 0.5, S.EXPLORING_SOLUTIONS: 0.5, S.EVALUATING: 0.4, S.DECIDING: 0.3,
    S.IMPLEMENTING: 0.2, S.REALISING_VALUE: 0.1, S.EXPANDING: 0.2,
}
SILENT_EXITS = (S.NO_DECISION, S.CHURNED)
# Scales buyer page views and our e-mails together (tuned so that most demo interactions
# belong to a journey and the rest is account-level background).
ACTIVITY = 1.8


def _count(rate_per_week: float, start: datetime, end: datetime, rng: random.Random) -> int:
    weeks = max(0.0, (end - start).total_seconds() / (7 * 86400))
    expected = rate_per_week * weeks
    whole = int(expected)
    return whole + (1 if rng.random() < expected - whole else 0)


def _active(plan: JourneyPlan, contacts: dict[str, ContactSeed], stage: str) -> list[ContactSeed]:
    """Return who on the committee is active in ``stage`` (the group widens as it goes)."""
    seats = [contacts[s.contact_external_id] for s in plan.seats]
    if stage in (S.EXPLORING_PROBLEM,):
        return seats[:1]
    if stage == S.EXPLORING_SOLUTIONS:
        return seats[:2]
    if stage == S.EVALUATING:
        return seats[:3]
    if stage in CUSTOMER_STAGES:
        users = [c for c in plan.account.contacts if c.stakeholder_role == "end_user"]
        return seats + [u for u in users if u not in seats]
    return seats


def journey_interactions(
    plan: JourneyPlan,
    now: datetime,
    rng: random.Random,
    content: list[ContentRef],
    out: list[InteractionSeed],
) -> list[tuple[datetime, datetime]]:
    """Append the interactions of one journey to ``out``; return its quiet windows.

    A quiet window is a time when the buyer made no move at all (before churn or no decision);
    background noise for the account must stay out of it.
    """
    w = TouchWriter(out, rng, now)
    contacts = {c.external_id: c for c in plan.account.contacts}
    quiet: list[tuple[datetime, datetime]] = []
    exit_at = plan.steps[-1].at if plan.final_stage in EXIT_STAGES else None
    silence_from = None
    if exit_at and plan.final_stage in SILENT_EXITS:
        days = rng.uniform(24, 38) if plan.final_stage == S.CHURNED else rng.uniform(18, 35)
        last_open = plan.steps[-2].at if len(plan.steps) > 1 else exit_at
        silence_from = max(exit_at - timedelta(days=days), last_open + timedelta(days=2))
        quiet.append((silence_from, exit_at + timedelta(days=14)))
    elif exit_at and plan.final_stage == S.CHOSE_ALTERNATIVE:
        silence_from = exit_at - timedelta(days=rng.uniform(6, 16))

    for stage, start, end in plan.stage_periods(now):
        if stage in EXIT_STAGES:
            continue
        active = _active(plan, contacts, stage)
        buyer_end = min(end, silence_from) if silence_from else end
        _stage_pages(w, plan, stage, start, buyer_end, active)
        _stage_content(w, plan, stage, start, buyer_end, active, content)
        _stage_touches(w, plan, stage, start, end, buyer_end, active)
        if stage in CUSTOMER_STAGES:
            _usage(w, plan, start, buyer_end, active)
        if stage == S.EVALUATING:
            _evaluation(w, plan, start, buyer_end, active, content)
    _pricing_before_deciding(w, plan, contacts, now, content)
    if silence_from and exit_at:
        _unanswered_follow_ups(w, plan, contacts, silence_from, exit_at)
    if exit_at:
        _exit_touches(w, plan, contacts, exit_at)
    return quiet


def _pick(active: list[ContactSeed], rng: random.Random) -> ContactSeed | None:
    return rng.choice(active) if active else None


def _stage_pages(w: TouchWriter, plan: JourneyPlan, stage: str, start: datetime,
                 end: datetime, active: list[ContactSeed]) -> None:
    rng = w.rng
    for page, rate in PAGE_RATES[stage].items():
        for _ in range(_count(rate * ACTIVITY, start, end, rng)):
            at = w.moment(start, end, office=rng.random() < 0.8)
            person = _pick(active, rng)
            if at:
                w.page_view(plan.account.external_id, plan.external_id, page, at,
                            person.external_id if person else None)


def _stage_content(w: TouchWriter, plan: JourneyPlan, stage: str, start: datetime, end: datetime,
                   active: list[ContactSeed], content: list[ContentRef]) -> None:
    rng = w.rng
    suited = [c for c in content if not c.buying_stages or stage in c.buying_stages] or content
    for _ in range(_count(DOWNLOADS_PER_WEEK[stage], start, end, rng)):
        at = w.moment(start, end)
        person = _pick(active, rng)
        if at and suited:
            item = rng.choice(suited)
            w.add(plan.account.external_id, plan.external_id, "content_download", at,
                  person.external_id if person else None, url=item.url, subject=item.title,
                  properties={"content_slug": item.slug, "format": item.format})
    if stage in (S.EXPLORING_PROBLEM, S.EXPLORING_SOLUTIONS) and rng.random() < 0.35:
        at = w.moment(start, end)
        person = _pick(active, rng)
        if at:
            w.add(plan.account.external_id, plan.external_id, "webinar", at,
                  person.external_id if person else None,
                  subject=rng.choice(("Forecasting without a data team (live)",
                                      "From spreadsheets to one version of the numbers",
                                      "Customer panel: what changed after go-live")),
                  properties={"attended_min": rng.randint(12, 55)})


def _reachable(active: list[ContactSeed]) -> list[ContactSeed]:
    return [c for c in active if c.may_contact]


def _stage_touches(w: TouchWriter, plan: JourneyPlan, stage: str, start: datetime,
                   end: datetime, buyer_end: datetime, active: list[ContactSeed]) -> None:
    """Our e-mails, calls and meetings in one stage (answers stop when the buyer goes quiet)."""
    rng = w.rng
    acct, jid = plan.account.external_id, plan.external_id
    reachable = _reachable(active)
    rate, give_share = EMAIL_RATE[stage]
    customer = stage in CUSTOMER_STAGES
    late = stage in (S.DECIDING, S.EVALUATING) or customer
    for _ in range(_count(rate * ACTIVITY, start, buyer_end, rng)):
        at = w.moment(start, buyer_end)
        person = _pick(reachable, rng)
        if not at or not person:
            continue
        gave = rng.random() < give_share
        pool = (CUSTOMER_GAVE if gave else CUSTOMER_ASKED) if customer else (
            GAVE_SUBJECTS if gave else ASKED_SUBJECTS)
        w.email(acct, jid, at, person.external_id, intent="gave" if gave else "asked",
                subject=rng.choice(pool), open_p=0.7, reply_p=0.4 if late else 0.25,
                until=buyer_end)
    for _ in range(_count(MEETINGS_PER_WEEK[stage], start, buyer_end, rng)):
        at = w.moment(start, buyer_end)
        if not at or not active:
            continue
        attendees = rng.sample(active, k=min(len(active), rng.randint(1, 4)))
        lead = max(attendees, key=lambda c: c.stakeholder_role == "economic_buyer")
        w.meeting(acct, jid, at, lead.external_id, stage, [c.external_id for c in attendees])
    for _ in range(_count(0.3, start, buyer_end, rng)):
        at = w.moment(start, buyer_end)
        person = _pick([c for c in reachable if c.phone], rng)
        if at and person:
            w.call(acct, jid, at, person.external_id, rng.choice(("gave", "asked", "neutral")))


def _evaluation(w: TouchWriter, plan: JourneyPlan, start: datetime, end: datetime,
                active: list[ContactSeed], content: list[ContentRef]) -> None:
    """Trial sign-up early in evaluation, and the security review by their IT."""
    rng = w.rng
    acct, jid = plan.account.external_id, plan.external_id
    it = next((c for c in active if c.stakeholder_role == "technical_evaluator"), None)
    who = (it or active[0]).external_id if active else None
    at = w.moment(start, min(end, start + timedelta(days=5)))
    if at:
        w.add(acct, jid, "trial_signup", at, who, properties={"plan": "team-trial", "seats": 5})
    security = [c for c in content if "secur" in (c.slug + c.title).lower()]
    for _ in range(rng.randint(1, 3)):
        at = w.moment(start, end)
        if at:
            w.page_view(acct, jid, P.SECURITY, at, who)
    if security:
        at = w.moment(start, end)
        if at:
            item = security[0]
            w.add(acct, jid, "content_download", at, who, url=item.url, subject=item.title,
                  properties={"content_slug": item.slug, "format": item.format})


def _pricing_before_deciding(w: TouchWriter, plan: JourneyPlan, contacts: dict[str, ContactSeed],
                             now: datetime, content: list[ContentRef]) -> None:
    """Pricing revisits by several people in the 30 days before deciding, and while deciding."""
    rng = w.rng
    acct, jid = plan.account.external_id, plan.external_id
    committee = [contacts[s.contact_external_id] for s in plan.seats]
    roi = [c for c in content if "roi" in (c.slug + c.format).lower()]
    for step in plan.steps:
        if step.to_stage != S.DECIDING:
            continue
        windows = [(step.at - timedelta(days=30), step.at)]
        if plan.final_stage == S.DECIDING:
            windows.append((max(step.at, now - timedelta(days=14)), now))
        for start, end in windows:
            for position in range(rng.randint(3, 6)):
                at = w.moment(start, end, office=rng.random() < 0.7)
                person = committee[position % len(committee)] if committee else None
                if at:
                    w.page_view(acct, jid, P.PRICING, at, person.external_id if person else None)
            if roi:
                at = w.moment(start, end)
                if at:
                    item = roi[0]
                    w.add(acct, jid, "content_download", at, committee[0].external_id
                          if committee else None, url=item.url, subject=item.title,
                          properties={"content_slug": item.slug, "format": item.format})


def _usage(w: TouchWriter, plan: JourneyPlan, start: datetime, buyer_end: datetime,
           active: list[ContactSeed]) -> None:
    """One product-usage event per working day; rising when healthy, falling before churn."""
    rng = w.rng
    acct, jid = plan.account.external_id, plan.external_id
    churning = plan.final_stage == S.CHURNED
    day = start.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    base = max(2, len(active) + rng.randint(0, 6))
    total_days = max(1.0, (buyer_end - start).total_seconds() / 86400)
    while day < buyer_end:
        if day.weekday() < 5:
            progress = (day - start).total_seconds() / 86400 / total_days
            adoption = 1.0 - 0.8 * progress if churning else 0.55 + 0.4 * min(1.0, progress * 1.5)
            if rng.random() < adoption:
                at = day.replace(hour=rng.randint(8, 17), minute=rng.randrange(60))
                if at < min(buyer_end, w.now):
                    users = max(1, round(base * adoption * rng.uniform(0.6, 1.1)))
                    person = _pick(active, rng)
                    w.add(acct, jid, "product_usage", at, person.external_id if person else None,
                          properties={"active_users": users,
                                      "minutes": users * rng.randint(10, 45),
                                      "feature": rng.choice(("dashboards", "forecasts",
                                                             "alerts", "exports"))})
            if rng.random() < (0.06 if churning else 0.025):
                at = day.replace(hour=rng.randint(8, 17))
                if at < min(buyer_end, w.now):
                    person = _pick(active, rng)
                    w.ticket(acct, jid, at, person.external_id if person else None)
        day += timedelta(days=1)


def _unanswered_follow_ups(w: TouchWriter, plan: JourneyPlan, contacts: dict[str, ContactSeed],
                           silence_from: datetime, exit_at: datetime) -> None:
    """Our helpful follow-ups during the buyer's silence: none opened, none answered."""
    reachable = _reachable([contacts[s.contact_external_id] for s in plan.seats])
    if not reachable:
        return
    span = (exit_at - silence_from) / 4
    for n in range(1, 4):
        at = (silence_from + span * n).replace(second=0, microsecond=0)
        w.add(plan.account.external_id, plan.external_id, "email_sent", at,
              reachable[0].external_id, subject=("Checking in", "A resource that might help",
                                                 "Shall I close the loop?")[n - 1],
              properties={"direction": "outbound", "touch_intent": "gave" if n < 3 else "asked"})


def _exit_touches(w: TouchWriter, plan: JourneyPlan, contacts: dict[str, ContactSeed],
                  exit_at: datetime) -> None:
    """The buyer's last word (when they gave one), our referral, and the debrief note."""
    rng = w.rng
    acct, jid = plan.account.external_id, plan.external_id
    champion = contacts[plan.seats[0].contact_external_id] if plan.seats else None
    final = plan.final_stage
    if champion and final in (S.CHOSE_ALTERNATIVE, S.PAUSED):
        w.add(acct, jid, "email_replied", exit_at - timedelta(hours=2), champion.external_id,
              subject="Re: Next steps", properties={"excerpt": plan.exit_reason})
    if final == S.NOT_A_FIT and champion and champion.may_contact:
        referral = plan.referred_to or "a specialist who can help"
        w.add(acct, jid, "email_sent", exit_at + timedelta(minutes=30), champion.external_id,
              subject=f"Someone who can really help: {referral}",
              properties={"direction": "outbound", "touch_intent": "gave", "referral": referral})
    note_at = min(exit_at + timedelta(days=rng.randint(1, 3)), w.now - timedelta(hours=1))
    w.add(acct, jid, "note", note_at, None, subject=f"Debrief: {final.replace('_', ' ')}",
          properties={"debrief": debrief(final, plan.exit_reason, plan.fit, rng)})
    if final == S.PAUSED and rng.random() < 0.5:
        # Coming back: fresh interest in the last fortnight, for the nurture list to notice.
        for _ in range(rng.randint(2, 4)):
            at = w.moment(max(exit_at, w.now - timedelta(days=14)), w.now)
            if at and champion:
                w.page_view(acct, jid, rng.choice((P.PRICING, P.PRODUCT)), at,
                            champion.external_id)


def won_debriefs(
    plans: list[JourneyPlan], out: list[InteractionSeed], now: datetime, rng: random.Random
) -> None:
    """Add a debrief note when a journey was won (moved into implementing)."""
    for plan in plans:
        for step in plan.steps:
            if step.to_stage == S.IMPLEMENTING:
                out.append(InteractionSeed(
                    plan.account.external_id, None, plan.external_id, "note",
                    min(step.at + timedelta(hours=3), now - timedelta(minutes=30)),
                    subject="Debrief: won",
                    properties={"debrief": debrief(S.IMPLEMENTING, step.reason, plan.fit, rng)},
                ))

