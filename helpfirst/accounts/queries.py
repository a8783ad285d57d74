"""Reads behind the account pages, always scoped by ``helpfirst.team.permissions``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet

from helpfirst.accounts.models import Account, Contact
from helpfirst.core import vocabulary
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.team import permissions
from helpfirst.team.models import User
from helpfirst.web.paging import PageWindow, count_upto, in_order, slice_ids, slice_rows

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
    return accounts.order_by(*ACCOUNT_SORTS.get(filters.sort, ACCOUNT_SORTS["name"]))


def account_list_page(
    user: User, filters: AccountFilters, number: int = 1, per_page: int = 50
) -> PageWindow:
    """Return one page of the accounts list with owners, visible journeys and last touch.

    The page's ids come first (one narrow query), then the rows, journeys and last touches
    for just those ids: nothing is computed per row over the whole table.
    """
    accounts = filtered_accounts(user, filters)
    ids, has_next = slice_ids(accounts, number, per_page)
    total, capped = count_upto(accounts)
    journeys = (
        permissions.visible_journeys(user)
        .only("id", "account_id", "title", "buying_stage", "owner_id")
        .order_by("-updated_at")
    )
    rows = (
        Account.objects.filter(pk__in=ids)
        .select_related("owner")
        .prefetch_related(Prefetch("journeys", queryset=journeys, to_attr="visible_journeys"))
    )
    items = in_order(rows, ids)
    last_touches = last_touch_by_account(user, ids)
    for account in items:
        account.last_touch_at = last_touches.get(account.pk)
    return PageWindow(
        items=items,
        number=number,
        per_page=per_page,
        has_next=has_next,
        total=total,
        total_is_capped=capped,
    )


def last_touch_by_account(user: User, account_ids: list[int]) -> dict[int, object]:
    """Return the newest touch time ``user`` may see at each of ``account_ids``.

    The accounts must already be visible to ``user``. At a visible account a user sees the
    touches on no journey and those on journeys they may read (the rule of
    ``permissions.visible_interactions``), answered from the account index in one grouped query.
    """
    journey_ids = permissions.visible_journeys(user).values("pk")
    touches = Interaction.objects.filter(account_id__in=account_ids).filter(
        Q(journey__isnull=True) | Q(journey_id__in=journey_ids)
    )
    grouped = touches.order_by().values("account_id").annotate(last=Max("occurred_at"))
    return {row["account_id"]: row["last"] for row in grouped}


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
        User.objects.filter(team_id=user.team_id, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
    )


def account_contacts(user: User, account: Account) -> list[Contact]:
    """Return the contacts at ``account`` that ``user`` may read, decision makers first."""
    order = {role: i for i, role in enumerate(vocabulary.STAKEHOLDER_ROLE_LABELS)}
    contacts = list(permissions.visible_contacts(user).filter(account=account))
    return sorted(contacts, key=lambda c: (order.get(c.stakeholder_role, 99), c.last_name))


def account_journeys(user: User, account: Account) -> list[Journey]:
    """Return the journeys at ``account`` that ``user`` may read, open ones first."""
    journeys = list(
        permissions.visible_journeys(user).filter(account=account).select_related("owner")
    )
    return sorted(journeys, key=lambda j: (not j.is_open, -j.updated_at.timestamp()))


def account_timeline(user: User, account: Account, number: int = 1, per_page: int = 25):
    """Return one page of the interactions at ``account`` that ``user`` may read, newest first."""
    interactions = (
        permissions.visible_interactions(user)
        .filter(account=account)
        .select_related("contact", "journey")
        .order_by("-occurred_at", "-id")
    )
    rows, has_next = slice_rows(interactions, number, per_page)
    return PageWindow(items=rows, number=number, per_page=per_page, has_next=has_next)
