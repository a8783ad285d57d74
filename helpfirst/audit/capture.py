"""Record changes of the key models while someone acts (a request or a CLI command).

Bulk paths (``bulk_create``, queryset updates) fire no signals: the ingest and import services
record one entry per batch instead (see :mod:`helpfirst.audit.services`). Deletes are followed
only for models whose rows are few (a delete listener turns off Django's fast delete).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save

from helpfirst.audit.context import current_actor
from helpfirst.audit.models import AuditAction
from helpfirst.audit.services import BOOKKEEPING_FIELDS, record

log = logging.getLogger(__name__)


def _by_id(kind: str) -> Callable[[Any], str]:
    return lambda obj: f"{kind} #{obj.pk}"


# "app_label.Model" -> (object type, label maker, follow deletes). Labels are never personal.
TRACKED: dict[str, tuple[str, Callable[[Any], str], bool]] = {
    "accounts.Account": ("account", lambda o: o.name, True),
    "accounts.Contact": ("contact", _by_id("contact"), True),
    "journeys.Journey": ("journey", lambda o: o.title, True),
    "journeys.JourneyStakeholder": (
        "stakeholder",
        lambda o: f"seat on journey #{o.journey_id}",
        True,
    ),
    "journeys.StageChange": (
        "stage_change",
        lambda o: f"journey #{o.journey_id}: {o.from_stage or '—'} → {o.to_stage}",
        False,
    ),
    "interactions.Interaction": (
        "interaction",
        lambda o: f"{o.kind} on account #{o.account_id}",
        False,
    ),
    "playbook.Problem": ("problem", lambda o: o.title, True),
    "playbook.AntiFit": ("anti_fit", lambda o: o.title, True),
    "playbook.ContentItem": ("content", lambda o: o.title, True),
    "team.User": ("user", lambda o: o.username, True),
    "team.ApiToken": ("api_token", lambda o: f"{o.name} ({o.prefix}…)", True),
    "plans.ActionPlan": ("action_plan", lambda o: f"plan of journey #{o.journey_id}", True),
    "plans.PlanStep": ("plan_step", _by_id("step"), True),
    "plans.BuyerLink": ("buyer_link", lambda o: f"{o.prefix}…", True),
    "debriefs.Debrief": ("debrief", lambda o: f"debrief of journey #{o.journey_id}", True),
    "success.BusinessCase": ("business_case", lambda o: f"case of journey #{o.journey_id}", True),
    "success.SuccessPlan": ("success_plan", lambda o: f"plan of journey #{o.journey_id}", True),
    "calls.Call": ("call", _by_id("call"), True),
    "fit.FitExit": ("fit_exit", lambda o: f"exit of journey #{o.journey_id}", True),
    "privacy.RetentionPolicy": ("retention_policy", lambda o: o.target, True),
    "privacy.PrivacySettings": ("privacy_settings", lambda o: f"team #{o.team_id}", False),
}


# Recorded even outside a request or command (as the system): rare, security-relevant writes.
ALWAYS = frozenset(
    {"team.User", "team.ApiToken", "privacy.RetentionPolicy", "privacy.PrivacySettings"}
)


def _tracked(sender) -> tuple[str, Callable[[Any], str], bool] | None:
    """Return the model's tracking spec when its changes are recorded now."""
    label = sender._meta.label
    if current_actor() is None and label not in ALWAYS:
        return None
    return TRACKED.get(label)


def _team_id(instance) -> int | None:
    team_id = getattr(instance, "team_id", None)
    if team_id is None and getattr(instance, "user_id", None) is not None:
        team_id = getattr(instance.user, "team_id", None)  # API tokens
    if team_id is not None:
        return team_id
    actor = current_actor()
    return actor.team_id if actor else None


def _label(spec, instance) -> str:
    try:
        return str(spec[1](instance) or "")[:200]
    except Exception:  # a label never stops a save
        return f"#{instance.pk}"


def before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Note which fields an update changes (names only), comparing with the stored row."""
    if raw or _tracked(sender) is None:
        return
    if instance._state.adding or instance.pk is None:
        return
    concrete = [f for f in sender._meta.concrete_fields if not f.primary_key]
    if update_fields is not None:
        concrete = [f for f in concrete if f.name in update_fields or f.attname in update_fields]
    old = sender._default_manager.filter(pk=instance.pk).values(*[f.attname for f in concrete])
    old_row = old.first()
    if old_row is None:
        return
    instance._audit_changed = [
        f.name for f in concrete if old_row[f.attname] != getattr(instance, f.attname)
    ]


def after_save(sender, instance, created, raw=False, **kwargs) -> None:
    spec = _tracked(sender)
    if raw or spec is None:
        return
    if created:
        fields: list[str] = []
        action = AuditAction.CREATE
    else:
        fields = getattr(instance, "_audit_changed", None) or []
        instance._audit_changed = None
        if not fields or set(fields) <= BOOKKEEPING_FIELDS:
            return
        action = AuditAction.UPDATE
    record(
        action,
        object_type=spec[0],
        object_id=instance.pk,
        label=_label(spec, instance),
        fields=fields,
        team_id=_team_id(instance),
    )


def after_delete(sender, instance, **kwargs) -> None:
    spec = _tracked(sender)
    if spec is None:
        return
    record(
        AuditAction.DELETE,
        object_type=spec[0],
        object_id=instance.pk,
        label=_label(spec, instance),
        team_id=_team_id(instance),
    )


def on_login(sender, request, user, **kwargs) -> None:
    record(AuditAction.LOGIN, object_type="user", object_id=user.pk, label=user.username, user=user)


def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(
            AuditAction.LOGOUT,
            object_type="user",
            object_id=user.pk,
            label=user.username,
            user=user,
        )


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username", ""))[:150]
    record(AuditAction.LOGIN_FAILED, object_type="user", label=username)


def connect() -> None:
    """Connect the receivers (from ``AuditConfig.ready``)."""
    for label, (_kind, _make_label, follow_deletes) in TRACKED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        uid = f"audit-{label}"
        pre_save.connect(before_save, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(after_save, sender=model, dispatch_uid=f"{uid}-post")
        if follow_deletes:
            post_delete.connect(after_delete, sender=model, dispatch_uid=f"{uid}-delete")
    user_logged_in.connect(on_login, dispatch_uid="audit-login")
    user_logged_out.connect(on_logout, dispatch_uid="audit-logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit-login-failed")
