"""Retention: keep each kind of data for as long as the team's policy says, then remove it.

Kinds of data are *retention targets* in a registry; apps add theirs with :func:`register`
(``key``, label, and a function that removes, or with ``dry_run`` only counts, what is older
than a cut-off for one team). Built in: call transcripts (the metrics stay), e-mail bodies (the
e-mail stays as a touch) and anonymous website visits (when the tracking app is installed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from helpfirst.core.privacy import retention_cutoff

Remover = Callable[[int, datetime, bool], int]  # (team id, cut-off, dry run) -> items


@dataclass(frozen=True)
class RetentionTarget:
    key: str
    label: str
    description: str
    remove: Remover
    default_unit: str = "months"


_REGISTRY: dict[str, RetentionTarget] = {}


def register(target: RetentionTarget) -> None:
    """Add (or replace) a retention target."""
    _REGISTRY[target.key] = target


def targets() -> dict[str, RetentionTarget]:
    return dict(_REGISTRY)


@dataclass
class RetentionOutcome:
    """What one policy removed (or, in a dry run, would remove)."""

    team_id: int
    target: str
    keep_for: int
    unit: str
    cutoff: datetime
    items: int
    applied: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "team_id": self.team_id,
            "target": self.target,
            "keep_for": self.keep_for,
            "unit": self.unit,
            "cutoff": self.cutoff.isoformat(),
            "items": self.items,
            "applied": self.applied,
        }


@dataclass
class RetentionRun:
    outcomes: list[RetentionOutcome] = field(default_factory=list)
    unknown_targets: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcomes": [o.as_dict() for o in self.outcomes],
            "unknown_targets": self.unknown_targets,
        }


def apply_retention(
    *, team_id: int | None = None, apply: bool = False, now: datetime | None = None, user=None
) -> RetentionRun:
    """Apply (or with ``apply=False`` only count) every enabled policy, of one team or all.

    Each applied policy removes its data in one transaction together with its audit entry.
    """
    from helpfirst.audit.services import record
    from helpfirst.privacy.models import RetentionPolicy

    now = now or timezone.now()
    run = RetentionRun()
    policies = RetentionPolicy.objects.filter(enabled=True).order_by("team_id", "target")
    if team_id is not None:
        policies = policies.filter(team_id=team_id)
    for policy in policies:
        target = _REGISTRY.get(policy.target)
        if target is None:
            run.unknown_targets.append(policy.target)
            continue
        cutoff = retention_cutoff(now, policy.keep_for, policy.unit)
        with transaction.atomic():
            items = target.remove(policy.team_id, cutoff, not apply)
            if apply:
                RetentionPolicy.objects.filter(pk=policy.pk).update(last_applied_at=now)
                if items:
                    record(
                        "retention",
                        object_type=policy.target,
                        label=f"older than {policy.keep_for} {policy.unit}",
                        detail={"items": items, "cutoff": cutoff.isoformat()},
                        team_id=policy.team_id,
                        user=user,
                    )
        run.outcomes.append(
            RetentionOutcome(
                policy.team_id, policy.target, policy.keep_for, policy.unit, cutoff, items, apply
            )
        )
    return run


# Built-in targets ------------------------------------------------------------------------

EMAIL_KINDS = ("email_sent", "email_replied", "email_opened")
EMAIL_BODY_KEYS = ("body", "text", "html", "snippet", "excerpt", "body_text", "body_html")


def remove_call_transcripts(team_id: int, cutoff: datetime, dry_run: bool) -> int:
    """Blank the transcripts of calls older than ``cutoff``; their metric columns stay."""
    from helpfirst.calls.models import Call
    from helpfirst.interactions.models import Interaction

    calls = Call.objects.filter(team_id=team_id, occurred_at__lt=cutoff).exclude(
        transcript_text="", utterances=[]
    )
    raw = Interaction.objects.filter(
        team_id=team_id, kind="call", occurred_at__lt=cutoff, properties__has_key="transcript"
    )
    count = calls.count() + raw.count()
    if dry_run or not count:
        return count
    calls.update(transcript_text="", utterances=[], coaching_moments=[], analysis={})
    for interaction in raw.only("pk", "properties").iterator(chunk_size=500):
        props = dict(interaction.properties or {})
        props.pop("transcript", None)
        Interaction.objects.filter(pk=interaction.pk).update(properties=props)
    return count


def remove_email_bodies(team_id: int, cutoff: datetime, dry_run: bool) -> int:
    """Drop the body text of e-mails older than ``cutoff``; the e-mail stays as a touch."""
    from django.db.models import Q

    from helpfirst.interactions.models import Interaction

    has_body = Q()
    for key in EMAIL_BODY_KEYS:
        has_body |= Q(properties__has_key=key)
    rows = Interaction.objects.filter(
        has_body, team_id=team_id, kind__in=EMAIL_KINDS, occurred_at__lt=cutoff
    )
    if dry_run:
        return rows.count()
    count = 0
    for interaction in rows.only("pk", "properties").iterator(chunk_size=500):
        props = {
            k: v for k, v in (interaction.properties or {}).items() if k not in EMAIL_BODY_KEYS
        }
        Interaction.objects.filter(pk=interaction.pk).update(properties=props)
        count += 1
    return count


def remove_anonymous_visits(team_id: int, cutoff: datetime, dry_run: bool) -> int:
    """Delete raw website visit events of never-identified visitors older than ``cutoff``."""
    VisitEvent = apps.get_model("tracking", "VisitEvent")
    rows = VisitEvent.objects.filter(
        team_id=team_id, occurred_at__lt=cutoff, visitor__contact__isnull=True
    )
    if dry_run:
        return rows.count()
    count, _ = rows.delete()
    return count


def register_builtin_targets() -> None:
    register(
        RetentionTarget(
            "call_transcripts",
            "Call transcripts",
            "The transcript text and lines of calls; the call metrics stay for coaching trends.",
            remove_call_transcripts,
        )
    )
    register(
        RetentionTarget(
            "email_bodies",
            "E-mail bodies",
            "The body text of e-mails; the e-mail stays as a touch with its subject.",
            remove_email_bodies,
        )
    )
    if apps.is_installed("helpfirst.tracking"):
        try:
            apps.get_model("tracking", "VisitEvent")
        except LookupError:
            return
        register(
            RetentionTarget(
                "anonymous_visits",
                "Anonymous website visits",
                "Raw page views of visitors who never identified themselves.",
                remove_anonymous_visits,
                default_unit="days",
            )
        )
