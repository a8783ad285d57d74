"""Import journeys: helpfirst files, HubSpot deals and Salesforce opportunities.

CRM stages are translated into buying stages (:mod:`helpfirst.imports.stages`); stages that
cannot be translated reject the row and are listed in the report. Every new journey and every
stage a re-import moves starts an entry in the stage history, attributed to the importing user.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.imports import values as cells
from helpfirst.imports.accounts import OwnerLookup
from helpfirst.imports.columns import ColumnMapping
from helpfirst.imports.runner import FieldProblemError, Row, RowImporter, cell
from helpfirst.imports.stages import map_stage
from helpfirst.imports.upsert import (
    AccountLookup,
    Key,
    RecordIndex,
    account_reference,
    apply_changes,
    chunked,
)
from helpfirst.journeys.models import Journey, StageChange
from helpfirst.team import permissions

TEXT_LIMITS = {
    "external_id": 120, "title": 250, "referred_to": 300, "account_external_id": 120,
    "account_name": 250, "account_source": 40,
}
STORED = (
    "source", "external_id", "title", "stated_needs", "buying_stage", "exit_reason",
    "referred_to", "recheck_on", "expected_value", "currency", "buyer_timeline", "owner_id",
    "account_id",
)


def journey_keys(journey: Journey) -> list[Key]:
    """Return the keys a stored journey is found by: external id, else title at its account."""
    keys: list[Key] = []
    if journey.external_id:
        keys.append(("ext", journey.source, journey.external_id))
    keys.append(("title", journey.account_id, journey.title.lower()))
    return keys


def row_journey_keys(row: Row) -> list[Key]:
    """Return the keys a journey row matches stored journeys by."""
    data = row.data
    if data.get("external_id"):
        return [("ext", data["source"], data["external_id"])]
    return [("title", data["account_id"], data["title"].lower())]


class JourneyImporter(RowImporter):
    """Upsert journeys by (source, external id), else title at the account."""

    entity = "journeys"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = AccountLookup(self.context.user)
        self.owners = OwnerLookup(self.context.team)
        self.index = RecordIndex(journey_keys)
        self.journeys = Journey.objects.filter(team=self.context.team)

    def clean(self, values: dict[str, Any], mapping: ColumnMapping) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source_for(values, mapping)}
        for name, limit in TEXT_LIMITS.items():
            if name in values:
                data[name] = cell(values, name, cells.text, limit)
        for name in ("stated_needs", "exit_reason"):
            if name in values:
                data[name] = cell(values, name, cells.text)
        if not data.get("title"):
            raise FieldProblemError("title", "A journey needs a title (the buyer's need, briefly).")
        if "account_domain" in values:
            data["account_domain"] = cell(values, "account_domain", cells.domain)
        for name in ("recheck_on", "buyer_timeline"):
            if name in values:
                data[name] = cell(values, name, cells.calendar_date)
        if "expected_value" in values:
            data["expected_value"] = cell(values, "expected_value", cells.money)
        if "currency" in values:
            currency = cell(values, "currency", cells.text).upper()
            if currency and (len(currency) != 3 or not currency.isalpha()):
                raise FieldProblemError("currency", f"{currency!r} is not a code like EUR.")
            if currency:
                data["currency"] = currency
        self._clean_stage(values, mapping, data)
        if "owner" in values:
            owner_name = cell(values, "owner", cells.text)
            owner = self.owners.find(owner_name) if owner_name else None
            if owner is None and owner_name:
                self.report.warn(
                    f"Nobody in the team is called {owner_name!r}; such journeys go to "
                    f"{self.context.user.username}.",
                    column=mapping.columns.get("owner"),
                )
            data["owner_id"] = owner.pk if owner else self.context.user.pk
        return data

    def _clean_stage(
        self, values: dict[str, Any], mapping: ColumnMapping, data: dict[str, Any]
    ) -> None:
        if "buying_stage" not in values:
            return
        label = cell(values, "buying_stage", cells.text)
        is_closed = cell(values, "is_closed", cells.boolean) if "is_closed" in values else None
        is_won = cell(values, "is_won", cells.boolean) if "is_won" in values else None
        stage = map_stage(
            label, extra=self.context.stage_map, is_closed=is_closed, is_won=is_won
        ) if label else vocabulary.BuyingStage.EXPLORING_PROBLEM
        if stage is None:
            self.report.unmapped_stages[label] += 1
            raise FieldProblemError(
                "buying_stage",
                f"Cannot tell which buying stage {label!r} is; add --stage-map "
                f"'{label}=<buying stage>'.",
            )
        data["buying_stage"] = str(stage)
        if vocabulary.is_exit(stage) and not data.get("exit_reason"):
            data["exit_reason"] = f"Imported as {label!r} from {mapping.origin}."

    def resolve(self, rows: list[Row]) -> None:
        self.accounts.prefetch(
            k for row in rows for k in account_reference(row.data, row.data["source"])
        )
        for row in rows:
            account = self.accounts.resolve(account_reference(row.data, row.data["source"]))
            if account is None:
                by_id = bool(row.data.get("account_external_id"))
                row.reject(
                    "account_external_id" if by_id else "account_name",
                    "No account you may see matches this journey; import the account first.",
                )
            else:
                row.data["account_id"] = account.pk
        wanted_ext = sorted({r.data["external_id"] for r in rows if r.data.get("external_id")})
        wanted_account = sorted({r.data["account_id"] for r in rows if "account_id" in r.data})
        for lookup, wanted in (("external_id__in", wanted_ext), ("account_id__in", wanted_account)):
            for part in chunked(wanted):
                for journey in self.journeys.filter(**{lookup: part}):
                    self.index.add(journey)
        user = self.context.user
        for row in rows:
            if row.errors:
                continue
            found = self.index.find(row_journey_keys(row))
            if found is not None and not permissions.can_edit_journey(user, found):
                row.reject("title", f"The journey {found.title!r} is a colleague's.")

    def apply(self, rows: list[Row]) -> None:
        now = timezone.now()
        user = self.context.user
        reason = f"Imported from {self.report.file}"
        for row in rows:
            fields = {k: v for k, v in row.data.items() if k in STORED}
            found = self.index.find(row_journey_keys(row))
            if found is None:
                fields.setdefault("owner_id", user.pk)
                journey = Journey.objects.create(
                    team=self.context.team, stage_changed_at=now, created_at=now,
                    updated_at=now, **fields,
                )
                StageChange.objects.create(
                    journey=journey, from_stage="", to_stage=journey.buying_stage,
                    changed_by=user, changed_at=now, reason=reason,
                )
                self.index.add(journey)
                self.report.created += 1
                continue
            from_stage = found.buying_stage
            if not apply_changes(found, fields):
                self.report.unchanged += 1
                continue
            found.updated_at = now
            if found.buying_stage != from_stage:
                found.stage_changed_at = now
                StageChange.objects.create(
                    journey=found, from_stage=from_stage, to_stage=found.buying_stage,
                    changed_by=user, changed_at=now, reason=reason,
                )
            found.save()
            self.report.updated += 1
