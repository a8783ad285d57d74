"""Make single demo interactions: page views, e-mail threads, meetings, calls, tickets.

:class:`TouchWriter` keeps the seeded random source, the reference "now" and the growing list,
so the pattern code in :mod:`helpfirst.demo.interactions` reads like the story it tells.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from helpfirst.core.vocabulary import InteractionKind, PageType

K = InteractionKind
P = PageType
SITE = "https://northwind-analytics.example"

PAGE_PATHS: dict[str, tuple[str, ...]] = {
    P.PRICING: ("/pricing", "/pricing", "/pricing/teams", "/pricing/enterprise", "/pricing#faq"),
    P.DOCS: ("/docs/getting-started", "/docs/connectors/postgresql", "/docs/connectors/sap",
             "/docs/api", "/docs/sso", "/docs/forecasting/models"),
    P.SECURITY: ("/security", "/security/gdpr", "/trust/soc2-report", "/security/data-residency"),
    P.CASE_STUDY: ("/customers/harbour-freight", "/customers/linden-retail",
                   "/customers/kestrel-health", "/customers"),
    P.BLOG: ("/blog/spreadsheet-hell", "/blog/forecasting-without-a-data-team",
             "/blog/board-packs-in-an-hour", "/blog/churn-early-warning",
             "/blog/one-version-of-the-truth"),
    P.CAREERS: ("/careers", "/careers/data-engineer", "/careers/account-executive"),
    P.PRODUCT: ("/product", "/product/forecasting", "/product/dashboards", "/product/alerts"),
    P.INTEGRATIONS: ("/integrations", "/integrations/snowflake", "/integrations/excel",
                     "/integrations/hubspot"),
    P.HOME: ("/",),
    P.OTHER: ("/about", "/contact", "/events"),
}
TICKET_SUBJECTS: tuple[str, ...] = (
    "SSO login loops back to the sign-in page",
    "Forecast for one region looks flat",
    "How do we add a second data source?",
    "Scheduled report arrived empty",
    "Need help mapping our product hierarchy",
    "Can we export to PowerPoint?",
    "Sync from the warehouse is slow on Mondays",
)
MEETING_SUBJECTS: dict[str, tuple[str, ...]] = {
    "exploring_problem": ("Discovery: what's going on with your numbers", "Intro call"),
    "exploring_solutions": ("Approaches compared, on your data", "Walk-through of options"),
    "evaluating": ("Technical deep-dive with IT", "Trial check-in", "Security review Q&A"),
    "deciding": ("Business case with finance", "Decision meeting", "Commercial terms"),
    "implementing": ("Kick-off", "Weekly implementation check-in", "Data mapping workshop"),
    "realising_value": ("Quarterly value review", "Success checkpoint"),
    "expanding": ("Second team: scoping call", "Value review and next problem"),
}
GAVE_SUBJECTS: tuple[str, ...] = (
    "The guide we talked about",
    "Notes from our call, and two ideas",
    "How a company like yours tackled this",
    "Answer to your question about connectors",
    "An introduction to a customer in your industry",
    "A benchmark you might find useful",
)
ASKED_SUBJECTS: tuple[str, ...] = (
    "Could we find 30 minutes next week?",
    "Would a call with your finance lead help?",
    "Ready to move ahead?",
    "Can we get the order form signed this month?",
)
CUSTOMER_GAVE: tuple[str, ...] = (
    "Tips for your first month",
    "Your usage report",
    "Three dashboards other teams found useful",
)
CUSTOMER_ASKED: tuple[str, ...] = (
    "Would you be a reference for a peer?",
    "Renewal: can we schedule a review?",
)


@dataclass(slots=True)
class InteractionSeed:
    """One demo interaction before it is written (external ids are assigned at the end)."""

    account: str
    contact: str | None
    journey: str | None
    kind: str
    occurred_at: datetime
    page_type: str = ""
    url: str = ""
    subject: str = ""
    properties: dict[str, Any] = field(default_factory=dict)
    external_id: str = ""

    @property
    def is_inbound(self) -> bool:
        direction = self.properties.get("direction")
        if direction:
            return direction == "inbound"
        return self.kind not in (K.EMAIL_SENT, K.CALL, K.NOTE)


class TouchWriter:
    """Append interactions for one account (and optionally one journey) to a shared list."""

    def __init__(self, out: list[InteractionSeed], rng: random.Random, now: datetime):
        self.out = out
        self.rng = rng
        self.now = now

    def moment(self, start: datetime, end: datetime, office: bool = True) -> datetime | None:
        """Return a random time in ``[start, end)`` (office hours if asked), or None if empty."""
        end = min(end, self.now - timedelta(minutes=5))
        span = (end - start).total_seconds()
        if span <= 60:
            return None
        rng = self.rng
        at = start + timedelta(seconds=rng.uniform(0, span))
        if office and at.weekday() >= 5 and rng.random() < 0.85:
            at -= timedelta(days=at.weekday() - 4)
        if office:
            at = at.replace(hour=rng.choice((8, 9, 9, 10, 11, 13, 14, 15, 16, 17)),
                            minute=rng.randrange(60), second=rng.randrange(60))
        if at < start or at >= end:
            return None
        return at.replace(microsecond=0)

    def add(self, account: str, journey: str | None, kind: str, at: datetime,
            contact: str | None = None, **fields: Any) -> InteractionSeed:
        seed = InteractionSeed(account, contact, journey, kind, at, **fields)
        self.out.append(seed)
        return seed

    def page_view(self, account: str, journey: str | None, page: str, at: datetime,
                  contact: str | None) -> InteractionSeed:
        path = self.rng.choice(PAGE_PATHS[page])
        props = {"session_s": self.rng.randint(15, 420)}
        return self.add(account, journey, K.PAGE_VIEW, at, contact, page_type=page,
                        url=SITE + path, properties=props)

    def email(
        self,
        account: str,
        journey: str | None,
        at: datetime,
        contact: str,
        *,
        intent: str,
        subject: str,
        open_p: float,
        reply_p: float,
        until: datetime | None = None,
    ) -> bool:
        """Send an e-mail, maybe opened, clicked and answered before ``until``; say if answered."""
        rng = self.rng
        self.add(account, journey, K.EMAIL_SENT, at, contact, subject=subject,
                 properties={"direction": "outbound", "touch_intent": intent})
        limit = min(until or self.now, self.now)
        if rng.random() >= open_p:
            return False
        opened = at + timedelta(minutes=rng.randint(3, 60 * 30))
        if opened >= limit:
            return False
        self.add(account, journey, K.EMAIL_OPENED, opened, contact, subject=subject)
        if intent == "gave" and rng.random() < 0.35:
            clicked = opened + timedelta(minutes=rng.randint(1, 20))
            if clicked < limit:
                self.add(account, journey, K.LINK_CLICKED, clicked, contact, subject=subject,
                         url=SITE + rng.choice(PAGE_PATHS[P.BLOG] + PAGE_PATHS[P.CASE_STUDY]))
        if rng.random() >= reply_p:
            return False
        replied = opened + timedelta(minutes=rng.randint(10, 60 * 48))
        if replied >= limit:
            return False
        self.add(account, journey, K.EMAIL_REPLIED, replied, contact, subject="Re: " + subject)
        return True

    def meeting(self, account: str, journey: str | None, at: datetime, contact: str | None,
                stage: str, attendees: list[str]) -> InteractionSeed:
        rng = self.rng
        return self.add(
            account, journey, K.MEETING, at, contact,
            subject=rng.choice(MEETING_SUBJECTS.get(stage, ("Catch-up",))),
            properties={"duration_min": rng.choice((30, 45, 60)), "attendees": attendees},
        )

    def call(self, account: str, journey: str | None, at: datetime, contact: str,
             intent: str) -> InteractionSeed:
        connected = self.rng.random() < 0.55
        props: dict[str, Any] = {"direction": "outbound", "connected": connected,
                                 "touch_intent": intent}
        if connected:
            props["duration_s"] = self.rng.randint(240, 2400)
        return self.add(account, journey, K.CALL, at, contact, properties=props)

    def ticket(self, account: str, journey: str | None, at: datetime,
               contact: str | None) -> InteractionSeed:
        rng = self.rng
        open_now = (self.now - at).days < 14 and rng.random() < 0.6
        return self.add(
            account, journey, K.SUPPORT_TICKET, at, contact, subject=rng.choice(TICKET_SUBJECTS),
            properties={"priority": rng.choice(("low", "normal", "normal", "high")),
                        "status": "open" if open_now else "solved"},
        )
