"""Reads behind the "Today" page: where a rep's help is most useful right now.

This is the simple, rule-based first version: buyers active this week, open journeys that went
quiet or whose timeline is near, and nurture re-checks that are due. The ranked help queue
(issue 5) replaces :func:`build_today` with the same ``Today`` shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.team import permissions
from helpfirst.team.models import User

ACTIVE_WINDOW = timedelta(days=7)
QUIET_AFTER = timedelta(days=21)
TIMELINE_SOON = timedelta(days=30)
RECHECK_AHEAD = timedelta(days=7)
BUYER_KINDS = sorted(
    k for k in vocabulary.INTERACTION_KIND_LABELS if k not in vocabulary.OUTBOUND_KINDS
)


@dataclass
class AttentionItem:
    """One open journey that deserves a look today, and why in one line."""

    journey: Journey
    signal: str  # "hot", "quiet" or "due"
    why: str


@dataclass
class ActiveBuyer:
    """An account whose people acted this week, with what they did."""

    account_id: int
    account_name: str
    touches: int
    last_at: datetime
    kinds: list[str]
    journey: Journey | None = None


@dataclass
class Today:
    """Everything the "Today" page shows."""

    attention: list[AttentionItem]
    active_buyers: list[ActiveBuyer]
    rechecks: list[Journey]
    open_count: int
    open_value: float
    active_account_count: int = 0
    team_rows: list[dict] = field(default_factory=list)


def _buyer_touches(user: User, now: datetime):
    return permissions.visible_interactions(user).filter(
        occurred_at__gte=now - ACTIVE_WINDOW, kind__in=BUYER_KINDS
    )


def _active_buyers(user: User, now: datetime) -> list[ActiveBuyer]:
    """Group the latest buyer touches of the week by account (the 300 newest are enough)."""
    recent = (
        _buyer_touches(user, now)
        .select_related("account", "journey")
        .order_by("-occurred_at")[:300]
    )
    buyers: dict[int, ActiveBuyer] = {}
    for touch in recent:
        buyer = buyers.get(touch.account_id)
        if buyer is None:
            buyer = buyers[touch.account_id] = ActiveBuyer(
                account_id=touch.account_id,
                account_name=touch.account.name,
                touches=0,
                last_at=touch.occurred_at,
                kinds=[],
                journey=touch.journey,
            )
        buyer.touches += 1
        label = vocabulary.label(touch.kind, vocabulary.InteractionKind)
        if touch.kind == vocabulary.InteractionKind.PAGE_VIEW and touch.page_type:
            label = f"{vocabulary.label(touch.page_type, vocabulary.PageType)} page"
        if label not in buyer.kinds:
            buyer.kinds.append(label)
        if buyer.journey is None and touch.journey is not None:
            buyer.journey = touch.journey
    return sorted(buyers.values(), key=lambda b: (-b.touches, -b.last_at.timestamp()))


def _attention(user: User, now: datetime, today: date, limit: int) -> list[AttentionItem]:
    last_touch = (
        Interaction.objects.filter(journey_id=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    candidates = (
        permissions.visible_journeys(user)
        .filter(buying_stage__in=sorted(vocabulary.PRE_SALE_STAGES))
        .filter(
            Q(buyer_timeline__lte=today + TIMELINE_SOON)
            | Q(stage_changed_at__lte=now - QUIET_AFTER)
            | Q(updated_at__gte=now - ACTIVE_WINDOW)
        )
        .select_related("account", "owner")
        .order_by("buyer_timeline", "-updated_at")[: limit * 3]
    )
    candidates = candidates.annotate(last_touch_at=Subquery(last_touch))
    items: list[AttentionItem] = []
    for journey in candidates:
        last = journey.last_touch_at
        if journey.buyer_timeline and journey.buyer_timeline <= today + TIMELINE_SOON:
            days = (journey.buyer_timeline - today).days
            when = f"in {days} days" if days >= 0 else f"{-days} days ago"
            items.append(AttentionItem(journey, "due", f"The buyer wants it solved {when}."))
        elif last and now - last <= ACTIVE_WINDOW:
            items.append(AttentionItem(journey, "hot", "The buyer was active this week."))
        elif last is None or now - last >= QUIET_AFTER:
            quiet = "no touches yet" if last is None else f"quiet for {(now - last).days} days"
            items.append(
                AttentionItem(journey, "quiet", f"Open and {quiet}: offer something useful.")
            )
    order = {"due": 0, "hot": 1, "quiet": 2}
    return sorted(items, key=lambda i: order[i.signal])[:limit]


def _team_rows(user: User) -> list[dict]:
    """Return open journeys per rep and stage group (one grouped query)."""
    counts = (
        permissions.visible_journeys(user)
        .filter(buying_stage__in=sorted(vocabulary.OPEN_STAGES))
        .values("owner_id", "buying_stage")
        .annotate(n=Count("id"), value=Sum("expected_value"))
    )
    people = {u.pk: u for u in User.objects.filter(team_id=user.team_id)}
    rows: dict[int, dict] = {}
    for row in counts:
        person = people.get(row["owner_id"])
        entry = rows.setdefault(
            row["owner_id"],
            {
                "owner": person.display_name if person else "—",
                "stages": dict.fromkeys(vocabulary.STAGE_ORDER, 0),
                "open": 0,
                "value": 0,
            },
        )
        entry["stages"][row["buying_stage"]] = row["n"]
        entry["open"] += row["n"]
        entry["value"] += float(row["value"] or 0)
    for entry in rows.values():
        entry["stage_counts"] = [entry["stages"][s] for s in vocabulary.STAGE_ORDER]
    return sorted(rows.values(), key=lambda r: r["owner"])


def build_today(user: User, now: datetime | None = None, limit: int = 8) -> Today:
    """Return what ``user`` should look at today (a manager sees the whole team)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    journeys = permissions.visible_journeys(user)
    open_totals = journeys.filter(buying_stage__in=sorted(vocabulary.PRE_SALE_STAGES)).aggregate(
        n=Count("id"), value=Sum("expected_value")
    )
    rechecks = list(
        journeys.filter(
            buying_stage__in=sorted(vocabulary.RECHECKABLE_EXITS),
            recheck_on__lte=today + RECHECK_AHEAD,
        )
        .select_related("account", "owner")
        .order_by("recheck_on")[:limit]
    )
    active = _active_buyers(user, now)
    return Today(
        attention=_attention(user, now, today, limit),
        active_buyers=active[:limit],
        active_account_count=(
            _buyer_touches(user, now).order_by().values("account_id").distinct().count()
        ),
        rechecks=rechecks,
        open_count=open_totals["n"] or 0,
        open_value=float(open_totals["value"] or 0),
        team_rows=_team_rows(user) if user.sees_whole_team else [],
    )
