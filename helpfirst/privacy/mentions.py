"""Find and scrub a person's name, e-mail address and phone number in every table of a team.

Models are discovered, not listed: every model with a path of foreign keys to the team
(``team``, ``journey__team``, ``plan__journey__team`` …) and text or JSON fields is searched,
so tables other apps add later are covered without a change here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from helpfirst.core.privacy import PersonMarks, scrub_value

# Never searched: the audit log holds no personal data by construction (and cannot change),
# and the team's own users and credentials are not buyers.
EXCLUDED = frozenset(
    {
        "audit.AuditEntry",
        "team.Team",
        "team.User",
        "team.ApiToken",
        "sessions.Session",
        "contenttypes.ContentType",
        "auth.Permission",
        "auth.Group",
        "admin.LogEntry",
    }
)
TEXT_TYPES = (models.CharField, models.TextField, models.JSONField)


@dataclass(frozen=True)
class Mention:
    model: str
    pk: Any
    fields: dict[str, Any]


@cache
def team_path(label: str) -> str | None:
    """Return the lookup from ``label``'s rows to their team id (e.g. ``journey__team_id``).

    Paths through required foreign keys win over optional ones (an optional key may be empty).
    """
    for allow_optional in (False, True):
        path = _team_path(apps.get_model(label), allow_optional)
        if path is not None:
            return path
    return None


def _team_path(model, allow_optional: bool) -> str | None:
    frontier = [(model, "")]
    for _depth in range(4):
        following = []
        for current, prefix in frontier:
            for f in current._meta.concrete_fields:
                if not isinstance(f, models.ForeignKey) or (f.null and not allow_optional):
                    continue
                target = f.related_model
                if target._meta.label == "team.Team":
                    return f"{prefix}{f.name}_id"
                following.append((target, f"{prefix}{f.name}__"))
        frontier = following
    return None


@cache
def text_fields(label: str) -> tuple[str, ...]:
    model = apps.get_model(label)
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT_TYPES) and not f.choices and not f.primary_key
    )


def searchable_models() -> list[str]:
    """Return the labels of the models a person's mentions are searched in."""
    found = []
    for model in apps.get_models():
        label = model._meta.label
        if (
            label in EXCLUDED
            or model._meta.app_label == "team"
            or model._meta.proxy
            or not text_fields(label)
        ):
            continue
        if team_path(label) is None:
            continue
        found.append(label)
    return sorted(found)


def _needle_forms(needle: str) -> set[str]:
    """The needle as typed and as JSON stores it (SQLite keeps non-ASCII as \\u escapes)."""
    forms = {needle}
    escaped = json.dumps(needle)[1:-1]
    if escaped != needle:
        forms.add(escaped)
    return forms


def find_mentions(
    team_id: int, marks: PersonMarks, *, skip: dict[str, set] | None = None
) -> Iterator[Mention]:
    """Yield every row of the team whose text mentions the person (database-side search)."""
    needles = marks.needles()
    if not needles:
        return
    skip = skip or {}
    for label in searchable_models():
        model = apps.get_model(label)
        names = text_fields(label)
        condition = Q()
        for name in names:
            field = model._meta.get_field(name)
            for needle in needles:
                for form in (
                    _needle_forms(needle) if isinstance(field, models.JSONField) else {needle}
                ):
                    condition |= Q(**{f"{name}__icontains": form})
        rows = model._default_manager.filter(condition, **{team_path(label): team_id})
        if skip.get(label):
            rows = rows.exclude(pk__in=skip[label])
        for values in rows.values("pk", *names).iterator(chunk_size=500):
            pk = values.pop("pk")
            hit = {k: v for k, v in values.items() if scrub_value(v, marks)[1]}
            if hit:
                yield Mention(label, pk, hit)


def scrub_mentions(team_id: int, marks: PersonMarks) -> dict[str, int]:
    """Replace the person's name, e-mail and phone with ``[erased]`` everywhere in the team.

    Writes with ``update`` (no signals, no change stamps). Returns rows changed per model.
    """
    changed: dict[str, int] = {}
    for mention in list(find_mentions(team_id, marks)):
        model = apps.get_model(mention.model)
        updates = {name: scrub_value(value, marks)[0] for name, value in mention.fields.items()}
        model._default_manager.filter(pk=mention.pk).update(**updates)
        changed[mention.model] = changed.get(mention.model, 0) + 1
    return changed
