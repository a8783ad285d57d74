"""Import contacts: helpfirst, HubSpot contact and Salesforce Contact files.

A contact needs an account: named by the row (external id, domain or name), or else found from
the domain of the contact's e-mail address.
"""

from __future__ import annotations

from typing import Any

from helpfirst.accounts.models import Contact
from helpfirst.imports import values as cells
from helpfirst.imports.columns import ColumnMapping
from helpfirst.imports.runner import FieldProblemError, Row, RowImporter, cell
from helpfirst.imports.stages import map_stakeholder_role
from helpfirst.imports.upsert import (
    AccountLookup,
    Key,
    RecordIndex,
    account_reference,
    chunked,
    upsert_rows,
)
from helpfirst.team import permissions

TEXT_LIMITS = {
    "first_name": 120, "last_name": 120, "title": 200, "phone": 60, "external_id": 120,
    "account_external_id": 120, "account_name": 250, "account_source": 40,
}


def contact_keys(contact: Contact) -> list[Key]:
    """Return the keys a stored contact is found by: external id, e-mail, name at account."""
    keys: list[Key] = []
    if contact.external_id:
        keys.append(("ext", contact.source, contact.external_id))
    if contact.email:
        keys.append(("email", contact.email.lower()))
    keys.append(("name", contact.account_id, contact.first_name.lower(), contact.last_name.lower()))
    return keys


def row_contact_keys(row: Row) -> list[Key]:
    """Return the keys a contact row matches stored contacts by."""
    data = row.data
    keys: list[Key] = []
    if data.get("external_id"):
        keys.append(("ext", data["source"], data["external_id"]))
    if data.get("email"):
        keys.append(("email", data["email"]))
    if not keys:
        first, last = data.get("first_name", ""), data.get("last_name", "")
        keys.append(("name", data["account_id"], first.lower(), last.lower()))
    return keys


class ContactImporter(RowImporter):
    """Upsert contacts by (source, external id), else e-mail, else name at the account."""

    entity = "contacts"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = AccountLookup(self.context.user)
        self.index = RecordIndex(contact_keys)
        self.contacts = Contact.objects.filter(team=self.context.team)

    def clean(self, values: dict[str, Any], mapping: ColumnMapping) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source_for(values, mapping)}
        for name, limit in TEXT_LIMITS.items():
            if name in values:
                data[name] = cell(values, name, cells.text, limit)
        for name in ("what_matters",):
            if name in values:
                data[name] = cell(values, name, cells.text)
        if "email" in values:
            data["email"] = cell(values, "email", cells.email)
        if "account_domain" in values:
            data["account_domain"] = cell(values, "account_domain", cells.domain)
        if not (data.get("email") or data.get("first_name") or data.get("last_name")):
            raise FieldProblemError("email", "A contact needs an e-mail address or a name.")
        if "stakeholder_role" in values:
            raw = cell(values, "stakeholder_role", cells.text)
            role = map_stakeholder_role(raw)
            if role is None:
                raise FieldProblemError(
                    "stakeholder_role",
                    f"Unknown stakeholder role {raw!r}; use economic_buyer, champion, influencer, "
                    "technical_evaluator, end_user, blocker or unknown.",
                )
            data["stakeholder_role"] = role
        for name in ("may_contact", "recording_consent"):
            if name in values:
                flag = cell(values, name, cells.boolean)
                data[name] = (name == "may_contact") if flag is None else flag
        return data

    def _account_keys(self, row: Row) -> list[Key]:
        keys = account_reference(row.data, row.data["source"])
        if row.data.get("email"):
            keys.append(("domain", row.data["email"].rpartition("@")[2]))
        return keys

    def resolve(self, rows: list[Row]) -> None:
        self.accounts.prefetch(k for row in rows for k in self._account_keys(row))
        for row in rows:
            account = self.accounts.resolve(self._account_keys(row))
            if account is None:
                column = "account_external_id" if row.data.get("account_external_id") else (
                    "account_domain" if row.data.get("account_domain") else "account_name"
                )
                row.reject(
                    column,
                    "No account you may see matches this contact; import the account first, or "
                    "give account_domain / account_name.",
                )
                continue
            row.data["account_id"] = account.pk
        wanted_ext = sorted({r.data["external_id"] for r in rows if r.data.get("external_id")})
        wanted_email = sorted({r.data["email"] for r in rows if r.data.get("email")})
        wanted_account = sorted({r.data["account_id"] for r in rows if "account_id" in r.data})
        for lookup, wanted in (
            ("external_id__in", wanted_ext),
            ("email__in", wanted_email),
            ("account_id__in", wanted_account),
        ):
            for part in chunked(wanted):
                for contact in self.contacts.filter(**{lookup: part}):
                    self.index.add(contact)
        visible: set[int] | None = None
        if not self.context.user.sees_whole_team:
            mine = permissions.visible_accounts(self.context.user)
            visible = set(mine.values_list("pk", flat=True))
        for row in rows:
            if row.errors:
                continue
            found = self.index.find(row_contact_keys(row))
            if found is not None and visible is not None and found.account_id not in visible:
                row.reject("email", "This contact is at a colleague's account; ask a manager.")

    def apply(self, rows: list[Row]) -> None:
        stored = {
            "source", "external_id", "first_name", "last_name", "title", "email", "phone",
            "stakeholder_role", "what_matters", "may_contact", "recording_consent", "account_id",
        }

        def fields(row: Row) -> dict[str, Any]:
            return {k: v for k, v in row.data.items() if k in stored}

        upsert_rows(
            rows,
            self.report,
            model=Contact,
            index=self.index,
            row_keys=row_contact_keys,
            fields=fields,
            defaults={"team": self.context.team},
        )
