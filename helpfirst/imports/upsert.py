"""Insert-or-update records by their keys, so that importing the same file twice changes nothing.

Records are matched by ``(source, external_id)`` first, then by natural keys (an account's
domain, a contact's e-mail ...). Only fields whose value differs are written, and ``updated_at``
moves only when something really changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import Model
from django.db.models.functions import Lower
from django.utils import timezone

from helpfirst.accounts.models import Account
from helpfirst.imports.runner import ImportReport, Row
from helpfirst.team import permissions

Key = tuple[Any, ...]
LOOKUP_CHUNK = 500


def chunked(values: Sequence[Any], size: int = LOOKUP_CHUNK) -> Iterable[Sequence[Any]]:
    """Yield slices of ``values`` small enough for SQLite's bound-parameter limit."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


class RecordIndex:
    """Known records of one model (stored or about to be) by each of their keys."""

    def __init__(self, keys: Callable[[Any], list[Key]]) -> None:
        self.keys = keys
        self.by_key: dict[Key, Any] = {}

    def add(self, obj: Any) -> None:
        for key in self.keys(obj):
            self.by_key.setdefault(key, obj)

    def find(self, keys: Iterable[Key]) -> Any:
        for key in keys:
            found = self.by_key.get(key)
            if found is not None:
                return found
        return None


def account_keys(account: Account) -> list[Key]:
    """Return the keys an account can be found by: external id, domain, name."""
    keys: list[Key] = []
    if account.external_id:
        keys.append(("ext", account.source, account.external_id))
    if account.domain:
        keys.append(("domain", account.domain.lower()))
    keys.append(("name", account.name.lower()))
    return keys


class AccountLookup:
    """Find the accounts rows refer to (by external id, domain or name), set-based per chunk."""

    def __init__(self, user: Any, queryset: Any = None) -> None:
        self.accounts = queryset if queryset is not None else permissions.visible_accounts(user)
        self.index = RecordIndex(account_keys)
        self._asked: set[Key] = set()

    def prefetch(self, wanted: Iterable[Key]) -> None:
        """Load the accounts matching any of ``wanted`` keys not asked for before."""
        fresh = [k for k in set(wanted) if k not in self._asked]
        self._asked.update(fresh)
        by_kind: dict[str, list[Any]] = {"ext": [], "domain": [], "name": []}
        for key in fresh:
            by_kind[key[0]].append(key[2] if key[0] == "ext" else key[1])
        only = ("id", "team_id", "owner_id", "name", "domain", "source", "external_id")
        queries = [
            ("external_id__in", sorted(set(by_kind["ext"]))),
            ("domain__in", sorted(by_kind["domain"])),
        ]
        for lookup, values in queries:
            for part in chunked(values):
                for account in self.accounts.filter(**{lookup: part}).only(*only):
                    self.index.add(account)
        for part in chunked(sorted(by_kind["name"])):
            matches = self.accounts.annotate(lname=Lower("name")).filter(lname__in=part)
            for account in matches.only(*only):
                self.index.add(account)

    def resolve(self, keys: list[Key]) -> Account | None:
        return self.index.find(keys)


def account_reference(data: dict[str, Any], default_source: str) -> list[Key]:
    """Return the lookup keys of a row's account reference, most specific first."""
    keys: list[Key] = []
    if data.get("account_external_id"):
        source = data.get("account_source") or default_source
        keys.append(("ext", source, data["account_external_id"]))
    if data.get("account_domain"):
        keys.append(("domain", data["account_domain"]))
    if data.get("account_name"):
        keys.append(("name", data["account_name"].lower()))
    return keys


def apply_changes(obj: Model, fields: dict[str, Any]) -> bool:
    """Set the fields that differ on ``obj``; return whether anything changed."""
    changed = False
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def upsert_rows(
    rows: list[Row],
    report: ImportReport,
    *,
    model: type[Model],
    index: RecordIndex,
    row_keys: Callable[[Row], list[Key]],
    fields: Callable[[Row], dict[str, Any]],
    defaults: dict[str, Any],
) -> None:
    """Create or update one record per row (rows matching a record the user may not edit were
    already rejected in ``resolve``)."""
    now = timezone.now()
    creates: list[Model] = []
    updates: dict[int, Model] = {}
    update_fields: set[str] = set()
    for row in rows:
        found = index.find(row_keys(row))
        values = fields(row)
        if found is None:
            obj = model(**defaults, **values, created_at=now, updated_at=now)
            creates.append(obj)
            index.add(obj)
            report.created += 1
            continue
        if apply_changes(found, values):
            found.updated_at = now
            update_fields.update(values)
            if found.pk is None:
                report.unchanged += 1  # a later row of the same file refines a new record
            else:
                updates[id(found)] = found
                report.updated += 1
        else:
            report.unchanged += 1
    if creates:
        model.objects.bulk_create(creates, batch_size=500)  # type: ignore[attr-defined]
        for obj in creates:
            if obj.pk is None:  # backends without RETURNING: fetch ids by key
                raise RuntimeError("bulk_create did not return primary keys")
    if updates:
        model.objects.bulk_update(  # type: ignore[attr-defined]
            list(updates.values()), [*sorted(update_fields), "updated_at"], batch_size=500
        )
