"""Who may see and change what. Views, the API and exports all scope through these functions.

- A rep sees the journeys they own and the accounts they touch (accounts they own or where they
  own a journey), with those accounts' contacts and interactions; they edit their own journeys.
- A manager or admin sees and edits everything of their team.
- Nobody ever sees another team's data.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from helpfirst.accounts.models import Account, Contact
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.team.models import User


def _team_id(user: User) -> int | None:
    if not user.is_authenticated:
        return None
    return user.team_id


def visible_accounts(user: User) -> QuerySet[Account]:
    """Return the accounts ``user`` may read."""
    team_id = _team_id(user)
    if team_id is None:
        return Account.objects.none()
    accounts = Account.objects.filter(team_id=team_id)
    if user.sees_whole_team:
        return accounts
    own_journey = Journey.objects.filter(account_id=OuterRef("pk"), owner_id=user.pk)
    return accounts.filter(Q(owner_id=user.pk) | Exists(own_journey))


def _at_touched_account(user: User, prefix: str) -> Q:
    """Match rows whose account the rep owns or has a journey at (the visible_accounts rule).

    Written as ``owner OR id IN (accounts of my journeys)`` so the database can use the owner and
    journey-owner indexes instead of scanning every account of the team.
    """
    own_journey_accounts = Journey.objects.filter(owner_id=user.pk).values("account_id")
    return Q(**{f"{prefix}__owner_id": user.pk}) | Q(**{f"{prefix}_id__in": own_journey_accounts})


def visible_journeys(user: User) -> QuerySet[Journey]:
    """Return the journeys ``user`` may read."""
    team_id = _team_id(user)
    if team_id is None:
        return Journey.objects.none()
    journeys = Journey.objects.filter(team_id=team_id)
    if user.sees_whole_team:
        return journeys
    return journeys.filter(owner_id=user.pk)


def visible_contacts(user: User) -> QuerySet[Contact]:
    """Return the contacts ``user`` may read (those at accounts they may read)."""
    team_id = _team_id(user)
    if team_id is None:
        return Contact.objects.none()
    contacts = Contact.objects.filter(team_id=team_id)
    if user.sees_whole_team:
        return contacts
    return contacts.filter(_at_touched_account(user, "account"))


def visible_interactions(user: User) -> QuerySet[Interaction]:
    """Return the interactions ``user`` may read.

    A rep sees interactions on their own journeys, and those at their accounts that belong to no
    journey or to one of theirs; never the touches of a colleague's journey.
    """
    team_id = _team_id(user)
    if team_id is None:
        return Interaction.objects.none()
    interactions = Interaction.objects.filter(team_id=team_id)
    if user.sees_whole_team:
        return interactions
    return interactions.filter(
        Q(journey__owner_id=user.pk)
        | (Q(journey__isnull=True) & _at_touched_account(user, "account"))
    )


def contacts_at(user: User, visible_account: Account) -> QuerySet[Contact]:
    """Return the contacts ``user`` may read at an account ``visible_accounts`` returned.

    The same rows as ``visible_contacts(user).filter(account=...)`` (every contact at an account
    one may read is readable), without re-proving the account rule row by row.
    """
    if _team_id(user) != visible_account.team_id:
        return Contact.objects.none()
    return Contact.objects.filter(team_id=visible_account.team_id, account_id=visible_account.pk)


def interactions_at(user: User, visible_account: Account) -> QuerySet[Interaction]:
    """Return the interactions ``user`` may read at an account ``visible_accounts`` returned.

    The same rows as ``visible_interactions(user).filter(account=...)``: at an account a rep
    touches, they read the touches on no journey and on their own journeys.
    """
    team_id = _team_id(user)
    if team_id != visible_account.team_id:
        return Interaction.objects.none()
    interactions = Interaction.objects.filter(team_id=team_id, account_id=visible_account.pk)
    if user.sees_whole_team:
        return interactions
    return interactions.filter(Q(journey__isnull=True) | Q(journey__owner_id=user.pk))


def can_edit_journey(user: User, journey: Journey) -> bool:
    """Tell whether ``user`` may change ``journey`` (its stage, needs, stakeholders)."""
    if not user.is_authenticated or user.team_id != journey.team_id:
        return False
    return user.sees_whole_team or journey.owner_id == user.pk


def can_edit_account(user: User, account: Account) -> bool:
    """Tell whether ``user`` may change ``account`` and its contacts."""
    if not user.is_authenticated or user.team_id != account.team_id:
        return False
    if user.sees_whole_team or account.owner_id == user.pk:
        return True
    return visible_accounts(user).filter(pk=account.pk).exists()


def can_edit_playbook(user: User) -> bool:
    """Tell whether ``user`` may edit the team's playbook (managers and admins)."""
    return user.is_authenticated and user.team_id is not None and user.sees_whole_team
