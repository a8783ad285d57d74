"""Writes to mutual action plans: seed, edit (with conflict checks), and share with the buyer."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from helpfirst.core.errors import DataValidationError, HelpfirstError
from helpfirst.plans.models import (
    ActionPlan,
    BuyerLink,
    DealType,
    OwnerSide,
    PlanStep,
    StepStatus,
)
from helpfirst.plans.plan_templates import PLAN_TEMPLATES

DEFAULT_LINK_DAYS = 30
MAX_LINK_DAYS = 180
STEP_FIELDS = (
    "title",
    "owner_side",
    "owner_user",
    "owner_contact",
    "due_on",
    "status",
    "internal_note",
)


class PlanEditConflictError(HelpfirstError):
    """Someone changed the step since you loaded it; reload and apply your change again."""

    code = "plan_edit_conflict"


def hash_link_token(raw: str) -> str:
    """Hash a buyer-link token for storage and look-up (256-bit random, one SHA-256 pass)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def start_plan(
    journey, *, deal_type: str = DealType.NEW_PURCHASE, by=None, today: date | None = None
) -> ActionPlan:
    """Create the journey's plan from the deal type's template (an existing plan is kept)."""
    if deal_type not in PLAN_TEMPLATES:
        raise DataValidationError(
            f"Unknown deal type {deal_type!r}; use one of: {', '.join(PLAN_TEMPLATES)}.",
            field="deal_type",
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        plan, created = ActionPlan.objects.get_or_create(
            journey=journey, defaults={"deal_type": deal_type}
        )
        if not created:
            return plan
        PlanStep.objects.bulk_create(
            PlanStep(
                plan=plan,
                position=(i + 1) * 10,
                title=title,
                owner_side=side if side == OwnerSide.SELLER else OwnerSide.BUYER,
                owner_user=journey.owner if side == OwnerSide.SELLER else None,
                due_on=today + timedelta(days=offset),
                updated_by=by,
            )
            for i, (title, side, offset) in enumerate(PLAN_TEMPLATES[deal_type])
        )
    return plan


def _validate(plan: ActionPlan, values: dict) -> dict:
    clean = {k: v for k, v in values.items() if k in STEP_FIELDS}
    if "title" in clean:
        clean["title"] = (clean["title"] or "").strip()
        if not clean["title"]:
            raise DataValidationError("A plan step needs a title.", field="title")
    if "owner_side" in clean and clean["owner_side"] not in OwnerSide.values:
        raise DataValidationError(
            f"Owner side must be one of {', '.join(OwnerSide.values)}.", field="owner_side"
        )
    if "status" in clean and clean["status"] not in StepStatus.values:
        raise DataValidationError(
            f"Status must be one of {', '.join(StepStatus.values)}.", field="status"
        )
    journey = plan.journey
    user = clean.get("owner_user")
    if user is not None and user.team_id != journey.team_id:
        raise DataValidationError("That seller is not on your team.", field="owner_user")
    contact = clean.get("owner_contact")
    if contact is not None and contact.account_id != journey.account_id:
        raise DataValidationError(
            "A buyer-side owner must be a contact at this account.", field="owner_contact"
        )
    side = clean.get("owner_side")
    if side == OwnerSide.SELLER:
        clean["owner_contact"] = None
    elif side == OwnerSide.BUYER:
        clean["owner_user"] = None
    elif side == OwnerSide.UNASSIGNED:
        clean["owner_user"] = clean["owner_contact"] = None
    return clean


def add_step(plan: ActionPlan, *, by=None, **values) -> PlanStep:
    """Append a step to the plan."""
    clean = _validate(plan, {"owner_side": OwnerSide.UNASSIGNED, **values})
    if "title" not in clean:
        raise DataValidationError("A plan step needs a title.", field="title")
    with transaction.atomic():
        last = plan.steps.aggregate(m=Max("position"))["m"] or 0
        step = PlanStep.objects.create(plan=plan, position=last + 10, updated_by=by, **clean)
        _touch(plan)
    return step


def update_step(step: PlanStep, *, expected_version: int, by=None, **values) -> PlanStep:
    """Change a step, refusing when it changed since ``expected_version`` was read.

    The check and the write are one conditional UPDATE, so two people saving at once cannot
    both win: the second gets :class:`PlanEditConflictError` naming who changed it and when.
    """
    clean = _validate(step.plan, values)
    now = timezone.now()
    with transaction.atomic():
        changed = PlanStep.objects.filter(pk=step.pk, version=expected_version).update(
            **clean, version=F("version") + 1, updated_at=now, updated_by=by
        )
        if not changed:
            current = PlanStep.objects.select_related("updated_by").filter(pk=step.pk).first()
            if current is None:
                raise PlanEditConflictError(
                    "This step was deleted by someone else; nothing was saved.",
                    detail={"step_id": step.pk},
                )
            who = current.updated_by.display_name if current.updated_by else "someone"
            raise PlanEditConflictError(
                f"{who} changed '{current.title}' at {current.updated_at:%H:%M %d %b} after you "
                "opened it; your change was not saved. Reload to see theirs, then apply yours "
                "again.",
                field="version",
                detail={
                    "step_id": step.pk,
                    "your_version": expected_version,
                    "current_version": current.version,
                    "changed_by": who,
                },
            )
        _touch(step.plan)
    return PlanStep.objects.select_related("owner_user", "owner_contact").get(pk=step.pk)


def delete_step(step: PlanStep, *, expected_version: int) -> None:
    """Delete a step unless someone changed it since ``expected_version`` was read."""
    deleted, _ = PlanStep.objects.filter(pk=step.pk, version=expected_version).delete()
    if not deleted:
        raise PlanEditConflictError(
            f"'{step.title}' changed after you opened it, so it was not deleted. Reload first.",
            field="version",
            detail={"step_id": step.pk},
        )
    _touch(step.plan)


def _touch(plan: ActionPlan) -> None:
    ActionPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())


@dataclass(frozen=True)
class IssuedLink:
    """A new buyer link and its raw token (shown once; only its hash is stored)."""

    link: BuyerLink
    token: str


def issue_buyer_link(
    plan: ActionPlan,
    *,
    by=None,
    days: int = DEFAULT_LINK_DAYS,
    label: str = "",
    now: datetime | None = None,
) -> IssuedLink:
    """Create an unguessable, expiring read-only link to the plan."""
    if not 1 <= days <= MAX_LINK_DAYS:
        raise DataValidationError(f"A buyer link lasts 1 to {MAX_LINK_DAYS} days.", field="days")
    now = now or timezone.now()
    raw = secrets.token_urlsafe(32)
    link = BuyerLink.objects.create(
        plan=plan,
        token_hash=hash_link_token(raw),
        prefix=raw[:6],
        label=label[:120],
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return IssuedLink(link, raw)


def revoke_buyer_link(link: BuyerLink, *, now: datetime | None = None) -> BuyerLink:
    """Stop a buyer link working, at once and for good."""
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def open_buyer_link(raw: str, *, now: datetime | None = None) -> tuple[BuyerLink | None, str]:
    """Return ``(link, "ok")`` for a live token, else ``(None, why)``: unknown/revoked/expired."""
    now = now or timezone.now()
    if not raw or len(raw) > 200:
        return None, "unknown"
    link = (
        BuyerLink.objects.select_related("plan__journey__account")
        .filter(token_hash=hash_link_token(raw))
        .first()
    )
    if link is None:
        return None, "unknown"
    if link.revoked_at is not None:
        return None, "revoked"
    if link.expires_at <= now:
        return None, "expired"
    BuyerLink.objects.filter(pk=link.pk).update(last_viewed_at=now, view_count=F("view_count") + 1)
    return link, "ok"
