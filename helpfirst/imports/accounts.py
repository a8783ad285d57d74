"""Import accounts (companies): helpfirst, HubSpot company and Salesforce Account files."""

from __future__ import annotations

from typing import Any

from helpfirst.accounts.models import Account
from helpfirst.imports import values as cells
from helpfirst.imports.columns import ColumnMapping
from helpfirst.imports.runner import FieldProblemError, Row, RowImporter, cell
from helpfirst.imports.upsert import AccountLookup, Key, upsert_rows
from helpfirst.team import permissions
from helpfirst.team.models import User

TEXT_LIMITS = {"name": 250, "industry": 120, "region": 120, "external_id": 120}


class OwnerLookup:
    """Find team members by user name or e-mail (case-insensitive), once per name."""

    def __init__(self, team: Any) -> None:
        self.team = team
        self._cache: dict[str, User | None] = {}

    def find(self, name: str) -> User | None:
        key = name.lower()
        if key not in self._cache:
            members = User.objects.filter(team=self.team)
            user = members.filter(username__iexact=name).first() if name else None
            if user is None and "@" in name:
                user = members.filter(email__iexact=name).first()
            self._cache[key] = user
        return self._cache[key]


def row_account_keys(row: Row) -> list[Key]:
    """Return the keys an account row matches stored accounts by."""
    data = row.data
    keys: list[Key] = []
    if data.get("external_id"):
        keys.append(("ext", data["source"], data["external_id"]))
    if data.get("domain"):
        keys.append(("domain", data["domain"]))
    if not keys:
        keys.append(("name", data["name"].lower()))
    return keys


class AccountImporter(RowImporter):
    """Upsert accounts by (source, external id), else domain, else name."""

    entity = "accounts"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_accounts = Account.objects.filter(team=self.context.team)
        self.lookup = AccountLookup(self.context.user, queryset=team_accounts)
        self.owners = OwnerLookup(self.context.team)

    def clean(self, values: dict[str, Any], mapping: ColumnMapping) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source_for(values, mapping)}
        for name in ("external_id", "name", "industry", "region", "strategies", "priorities"):
            if name in values:
                data[name] = cell(values, name, cells.text, TEXT_LIMITS.get(name))
        if "domain" in values:
            data["domain"] = cell(values, "domain", cells.domain)
        if not data.get("name"):
            if not data.get("domain"):
                raise FieldProblemError("name", "An account needs a name (or at least a domain).")
            data["name"] = data["domain"]
        if "employees" in values:
            data["employees"] = cell(values, "employees", cells.whole_number)
        if "owner" in values:
            owner_name = cell(values, "owner", cells.text)
            owner = self.owners.find(owner_name) if owner_name else None
            if owner_name and owner is None:
                self.report.warn(
                    f"Nobody in the team is called {owner_name!r}; accounts are left unowned.",
                    column=mapping.columns.get("owner"),
                )
            data["owner_id"] = owner.pk if owner else None
        return data

    def resolve(self, rows: list[Row]) -> None:
        self.lookup.prefetch(k for row in rows for k in row_account_keys(row))
        user = self.context.user
        for row in rows:
            found = self.lookup.resolve(row_account_keys(row))
            if found is not None and found.pk and not permissions.can_edit_account(user, found):
                row.reject("name", f"The account {found.name!r} is a colleague's; ask a manager.")

    def apply(self, rows: list[Row]) -> None:
        def fields(row: Row) -> dict[str, Any]:
            return {k: v for k, v in row.data.items()}

        upsert_rows(
            rows,
            self.report,
            model=Account,
            index=self.lookup.index,
            row_keys=row_account_keys,
            fields=fields,
            defaults={"team": self.context.team},
        )
