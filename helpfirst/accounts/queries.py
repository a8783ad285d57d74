"""Reads behind the account pages, always scoped by ``helpfirst.team.permissions``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from helpfirst.accounts.models import Account, Contact
from helpfirst.core import vocabulary
from helpfirst.interactions.models import Interaction
from helpfirst.interactions.timeline import timeline_window
from helpfirst.journeys.models import Journey
from helpfirst.team import permissions
from helpfirst.team.models import User
from helpfirst.web.paging import PageWindow, count_upto, slice_ids, sorted_window

ACCOUNT_SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "industry": ("industry", "name", "pk"),
    "-employees": ("-employees", "name", "pk"),
    "employees": ("employees", "name", "pk"),
    "-updated": ("-updated_at", "-pk"),
}
# Virtual stage filters next to the twelve real stages.
STAGE_GROUPS = {
    "open": vocabulary.OPEN_STAGES,
    "pre_sale": vocabulary.PRE_SALE_STAGES,
    "customer": vocabulary.CUSTOMER_STAGES,
    "exit": vocabulary.EXIT_STAGES,
}


@dataclass(frozen=True)
class AccountFilters:
    """What the accounts list is narrowed and ordered by."""

    q: str = ""
    industry: str = ""
    stage: str = ""
    owner: int | None = None
    sort: str = "name"
    fit: str = ""


def stages_matching(stage: str) -> frozenset[str] | None:
    """Return the stages a stage filter stands for (a group or one stage), or None for all."""
    if stage in STAGE_GROUPS:
        return STAGE_GROUPS[stage]
    if stage in vocabulary.BUYING_STAGE_LABELS:
        return frozenset({stage})
    return None


def filtered_accounts(user: User, filters: AccountFilters) -> QuerySet[Account]:
    """Return the accounts ``user`` may read, narrowed and ordered by ``filters``."""
    accounts = permissions.visible_accounts(user)
    if filters.q:
        term = filters.q.strip()
        accounts = accounts.filter(Q(name__icontains=term) | Q(domain__icontains=term))
    if filters.industry:
        accounts = accounts.filter(industry=filters.industry)
    if filters.owner:
        accounts = accounts.filter(owner_id=filters.owner)
    stages = stages_matching(filters.stage)
    if stages is not None:
        in_stage = permissions.visible_journeys(user).filter(
            account_id=OuterRef("pk"), buying_stage__in=sorted(stages)
        )
        accounts = accounts.filter(Exists(in_stage))
    if filters.fit:
        from helpfirst.fit.models import FitRecord

        fitting = FitRecord.objects.filter(
            journey__account_id=OuterRef("pk"),
            is_latest=True,
            verdict=filters.fit,
            journey_id__in=permissions.visible_journeys(user).values("pk"),
        )
        accounts = accounts.filter(Exists(fitting))
    return accounts.order_by(*account_ordering(filters.sort))


def account_ordering(sort: str) -> tuple[str, ...]:
    """Return the ``order_by`` fields of a sort key, falling back to name order."""
    return ACCOUNT_SORTS.get(sort, ACCOUNT_SORTS["name"])


@dataclass(frozen=True)
class JourneyBadge:
    """One visible journey on an accounts-list row: its link, need and stage."""

    url: str
    title: str
    buying_stage: str


@dataclass(frozen=True)
class AccountRow:
    """One row of the accounts list, its display strings worked out once in Python."""

    pk: int
    url: str
    name: str
    domain: str
    region: str
    industry: str
    employees: int | None
    owner_name: str
    journeys: list[JourneyBadge]
    more_journeys: int
    last_touch_at: datetime | None


_ROW_COLUMNS = (
    "pk", "name", "domain", "region", "industry", "employees", "last_touch_at",
    "owner__first_name", "owner__last_name", "owner__username",
)  # fmt: skip


def _url_maker(url_name: str):
    """Return a function building ``url_name``'s URL from a pk, reversing only once.

    ``reverse`` costs tens of microseconds; a list of 50 rows with their journeys calls it
    a hundred times. The URL is reversed with a marker pk and the marker swapped per row.
    """
    marker = 987654321
    pattern = reverse(url_name, args=[marker])
    head, _, tail = pattern.partition(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def _owner_name(first: str | None, last: str | None, username: str | None) -> str:
    """Return an owner's name as ``User.display_name`` writes it, from three columns."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


def account_list_page(
    user: User, filters: AccountFilters, number: int = 1, per_page: int = 50
) -> PageWindow:
    """Return one page of the accounts list as ``AccountRow``s: owner, visible journeys, last touch.

    Four narrow queries: the page's ids, a capped count, the rows (each with its newest
    visible touch from a per-account ``LIMIT 1`` subquery on the account/time index), and the
    visible journeys of just those ids. Nothing is computed per row over the whole table.
    """
    accounts = filtered_accounts(user, filters)
    window = None
    if filters.q:  # a search matches few rows: one scan and a sort beat an ordered index walk
        window = sorted_window(accounts, account_ordering(filters.sort), number, per_page)
    if window is None:
        ids, has_next = slice_ids(accounts, number, per_page)
        total, capped = count_upto(accounts)
    else:
        ids, has_next, total, capped = window
    rows = (
        Account.objects.filter(pk__in=ids)
        .annotate(last_touch_at=Subquery(newest_visible_touch(user)))
        .order_by()
        .values(*_ROW_COLUMNS)
    )
    journeys: dict[int, list[JourneyBadge]] = {pk: [] for pk in ids}
    journey_url = _url_maker("journey-detail")
    visible = (
        permissions.visible_journeys(user)
        .filter(account_id__in=ids)
        .order_by("-updated_at")
        .values_list("pk", "account_id", "title", "buying_stage")
    )
    for pk, account_id, title, stage in visible:
        journeys[account_id].append(JourneyBadge(journey_url(pk), title, stage))
    account_url = _url_maker("account-detail")
    by_id = {}
    for row in rows:
        pk = row["pk"]
        badges = journeys[pk]
        by_id[pk] = AccountRow(
            pk=pk,
            url=account_url(pk),
            name=row["name"],
            domain=row["domain"],
            region=row["region"],
            industry=row["industry"],
            employees=row["employees"],
            owner_name=_owner_name(
                row["owner__first_name"], row["owner__last_name"], row["owner__username"]
            ),
            journeys=badges[:3],
            more_journeys=max(0, len(badges) - 3),
            last_touch_at=row["last_touch_at"],
        )
    return PageWindow(
        items=[by_id[pk] for pk in ids if pk in by_id],
        number=number,
        per_page=per_page,
        has_next=has_next,
        total=total,
        total_is_capped=capped,
    )


def newest_visible_touch(user: User) -> QuerySet[Interaction]:
    """Return a subquery of the newest touch time ``user`` may see at the outer account.

    The account must already be visible to ``user``. There a user sees the touches on no journey
    and those on journeys they may read (the rule of ``permissions.visible_interactions``).
    Walking the account/time index newest first, the first visible touch ends the search.
    """
    on_visible_journey = permissions.visible_journeys(user).filter(pk=OuterRef("journey_id"))
    return (
        Interaction.objects.filter(account_id=OuterRef("pk"))
        .filter(Q(journey__isnull=True) | Exists(on_visible_journey))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


def industries(user: User) -> list[str]:
    """Return the industries of the team's accounts, for the filter menu."""
    if user.team_id is None:
        return []
    return list(
        Account.objects.filter(team_id=user.team_id)
        .exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )


def owners(user: User) -> list[User]:
    """Return the people on ``user``'s team who can own accounts and journeys."""
    if user.team_id is None:
        return []
    return list(
        User.objects.filter(team_id=user.team_id, is_active=True)
        .only("id", "username", "first_name", "last_name")
        .order_by("first_name", "last_name", "username")
    )


def account_contacts(user: User, account: Account) -> list[Contact]:
    """Return the contacts at ``account`` (one ``user`` may read), decision makers first."""
    order = {role: i for i, role in enumerate(vocabulary.STAKEHOLDER_ROLE_LABELS)}
    contacts = list(permissions.contacts_at(user, account))
    return sorted(contacts, key=lambda c: (order.get(c.stakeholder_role, 99), c.last_name))


def account_journeys(user: User, account: Account) -> list[Journey]:
    """Return the journeys at ``account`` that ``user`` may read, open ones first."""
    journeys = list(
        permissions.visible_journeys(user).filter(account=account).select_related("owner")
    )
    return sorted(journeys, key=lambda j: (not j.is_open, -j.updated_at.timestamp()))


def account_timeline(user: User, account: Account, number: int = 1, per_page: int = 25):
    """Return one page of what ``user`` may read at ``account`` (a visible one), newest first."""
    interactions = permissions.interactions_at(user, account).order_by("-occurred_at", "-id")
    rows = timeline_window(interactions, (number - 1) * per_page, per_page + 1)
    return PageWindow(
        items=rows[:per_page], number=number, per_page=per_page, has_next=len(rows) > per_page
    )
