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
    return contacts.filter(account__in=visible_accounts(user).values("pk"))


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
        | Q(journey__isnull=True, account__in=visible_accounts(user).values("pk"))
    )


def can_edit_journey(user: User, journey: Journey) -> bool:
    """Tell whether ``user`` may change ``journey`` (its stage, needs, stakeholders)."""
    if not user.is_authenticated or user.team_id != journey.team_id:
        return False
    return user.sees_whole_team or journey.owner_id == user.pk


def can_edit_account(user: User, account: Account) -> bool:
    """Tell whether ``user`` may change ``account`` and its contacts."""
    if not user.is_authenticated or user.team_id != account.team_id:
        return False
    return user.sees_whole_team or visible_accounts(user).filter(pk=account.pk).exists()


def can_edit_playbook(user: User) -> bool:
    """Tell whether ``user`` may edit the team's playbook (managers and admins)."""
    return user.is_authenticated and user.team_id is not None and user.sees_whole_team
