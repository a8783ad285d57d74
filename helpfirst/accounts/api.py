"""REST endpoints for accounts and contacts, scoped by the caller's role."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from helpfirst.accounts.models import Account, Contact
from helpfirst.core.vocabulary import StakeholderRole
from helpfirst.site.api_types import MAX_ID, ObjectId, PathId
from helpfirst.site.pagination import BoundedLimitOffsetPagination
from helpfirst.team import permissions

router = Router(tags=["accounts"])


class AccountIn(Schema):
    name: str = Field(..., min_length=1, max_length=250)
    domain: str = Field("", max_length=250)
    industry: str = Field("", max_length=120)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    region: str = Field("", max_length=120)
    strategies: str = ""
    priorities: str = ""
    owner_id: ObjectId | None = None


class AccountPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=250)
    domain: str | None = Field(None, max_length=250)
    industry: str | None = Field(None, max_length=120)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    region: str | None = Field(None, max_length=120)
    strategies: str | None = None
    priorities: str | None = None


class AccountOut(Schema):
    id: int
    name: str
    domain: str
    industry: str
    employees: int | None
    region: str
    strategies: str
    priorities: str
    owner_id: int | None
    created_at: datetime
    updated_at: datetime


class ContactIn(Schema):
    account_id: ObjectId
    first_name: str = Field("", max_length=120)
    last_name: str = Field("", max_length=120)
    title: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=60)
    stakeholder_role: StakeholderRole = StakeholderRole.UNKNOWN
    what_matters: str = ""
    may_contact: bool = True
    recording_consent: bool = False


class ContactPatch(Schema):
    first_name: str | None = Field(None, max_length=120)
    last_name: str | None = Field(None, max_length=120)
    title: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=60)
    stakeholder_role: StakeholderRole | None = None
    what_matters: str | None = None
    may_contact: bool | None = None
    recording_consent: bool | None = None


class ContactOut(Schema):
    id: int
    account_id: ObjectId
    first_name: str
    last_name: str
    title: str
    email: str
    phone: str
    stakeholder_role: str
    what_matters: str
    may_contact: bool
    recording_consent: bool


def _editable_account(request, account_id: int) -> Account:
    account = get_object_or_404(permissions.visible_accounts(request.auth), pk=account_id)
    if not permissions.can_edit_account(request.auth, account):
        raise PermissionDenied("You may not change this account.")
    return account


@router.get("/accounts", response=list[AccountOut])
@paginate(BoundedLimitOffsetPagination)
def list_accounts(request, q: str = "", industry: str = ""):
    """List the accounts you may see, optionally searched by name/domain or filtered."""
    accounts = permissions.visible_accounts(request.auth).order_by("name", "id")
    if q:
        accounts = accounts.filter(Q(name__icontains=q) | Q(domain__icontains=q))
    if industry:
        accounts = accounts.filter(industry=industry)
    return accounts


@router.post("/accounts", response={201: AccountOut})
def create_account(request, payload: AccountIn):
    """Create an account; a rep becomes its owner."""
    user = request.auth
    data = payload.dict()
    owner_id = data.pop("owner_id") or user.pk
    if not user.sees_whole_team:
        owner_id = user.pk
    elif not user.team.members.filter(pk=owner_id).exists():
        raise PermissionDenied("The owner must be a member of your team.")
    account = Account.objects.create(team=user.team, owner_id=owner_id, **data)
    return 201, account


@router.get("/accounts/{account_id}", response=AccountOut)
def get_account(request, account_id: PathId):
    return get_object_or_404(permissions.visible_accounts(request.auth), pk=account_id)


@router.patch("/accounts/{account_id}", response=AccountOut)
def update_account(request, account_id: PathId, payload: AccountPatch):
    account = _editable_account(request, account_id)
    for key, value in payload.dict(exclude_unset=True).items():
        if value is not None:
            setattr(account, key, value)
    account.updated_at = timezone.now()
    account.save()
    return account


@router.delete("/accounts/{account_id}", response={204: None})
def delete_account(request, account_id: PathId):
    account = _editable_account(request, account_id)
    if not request.auth.sees_whole_team:
        raise PermissionDenied("Only managers and admins delete accounts.")
    account.delete()
    return 204, None


@router.get("/contacts", response=list[ContactOut])
@paginate(BoundedLimitOffsetPagination)
def list_contacts(request, account_id: int | None = Query(None, ge=1, le=MAX_ID), q: str = ""):
    contacts = permissions.visible_contacts(request.auth).order_by("id")
    if account_id is not None:
        contacts = contacts.filter(account_id=account_id)
    if q:
        contacts = contacts.filter(
            Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__icontains=q)
        )
    return contacts


@router.post("/contacts", response={201: ContactOut})
def create_contact(request, payload: ContactIn):
    account = _editable_account(request, payload.account_id)
    data = payload.dict()
    data.pop("account_id")
    contact = Contact.objects.create(team=account.team, account=account, **data)
    return 201, contact


@router.get("/contacts/{contact_id}", response=ContactOut)
def get_contact(request, contact_id: PathId):
    return get_object_or_404(permissions.visible_contacts(request.auth), pk=contact_id)


@router.patch("/contacts/{contact_id}", response=ContactOut)
def update_contact(request, contact_id: PathId, payload: ContactPatch):
    contact = get_object_or_404(permissions.visible_contacts(request.auth), pk=contact_id)
    _editable_account(request, contact.account_id)
    for key, value in payload.dict(exclude_unset=True).items():
        if value is not None:
            setattr(contact, key, value)
    contact.updated_at = timezone.now()
    contact.save()
    return contact


@router.delete("/contacts/{contact_id}", response={204: None})
def delete_contact(request, contact_id: PathId):
    contact = get_object_or_404(permissions.visible_contacts(request.auth), pk=contact_id)
    _editable_account(request, contact.account_id)
    contact.delete()
    return 204, None
