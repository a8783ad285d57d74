"""Export accounts, contacts, journeys and interactions as CSV or JSONL, ready to import again.

Columns are helpfirst's own import headers; references between records use external ids,
domains, e-mails and names (never database ids), so export → import into an empty database →
export gives identical files. Only what the exporting user may see is written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from helpfirst.audit.hooks import audited_export
from helpfirst.imports.reading import detect_format
from helpfirst.imports.values import canonical_json
from helpfirst.team import permissions

ACCOUNT_REF = ("account_source", "account_external_id", "account_domain", "account_name")
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts": (
        "source", "external_id", "name", "domain", "industry", "employees", "region",
        "strategies", "priorities", "owner",
    ),
    "contacts": (
        "source", "external_id", "first_name", "last_name", "title", "email", "phone",
        "stakeholder_role", "what_matters", "may_contact", "recording_consent", *ACCOUNT_REF,
    ),
    "journeys": (
        "source", "external_id", "title", "owner", "buying_stage", "stated_needs",
        "exit_reason", "referred_to", "recheck_on", "expected_value", "currency",
        "buyer_timeline", *ACCOUNT_REF,
    ),
    "interactions": (
        "source", "external_id", "kind", "occurred_at", "page_type", "url", "subject",
        "properties", *ACCOUNT_REF, "contact_source", "contact_external_id", "contact_email",
        "journey_source", "journey_external_id", "journey_title",
    ),
}
BATCH = 5000


def _account_ref(prefix: str = "account__") -> tuple[str, ...]:
    return (f"{prefix}source", f"{prefix}external_id", f"{prefix}domain", f"{prefix}name")


def _query(entity: str, user: Any) -> tuple[Any, tuple[str, ...]]:
    """Return the queryset and the value paths in EXPORT_COLUMNS order."""
    if entity == "accounts":
        queryset = permissions.visible_accounts(user).order_by("pk")
        paths = (
            "source", "external_id", "name", "domain", "industry", "employees", "region",
            "strategies", "priorities", "owner__username",
        )
    elif entity == "contacts":
        queryset = permissions.visible_contacts(user).order_by("pk")
        paths = (
            "source", "external_id", "first_name", "last_name", "title", "email", "phone",
            "stakeholder_role", "what_matters", "may_contact", "recording_consent",
            *_account_ref(),
        )
    elif entity == "journeys":
        queryset = permissions.visible_journeys(user).order_by("pk")
        paths = (
            "source", "external_id", "title", "owner__username", "buying_stage", "stated_needs",
            "exit_reason", "referred_to", "recheck_on", "expected_value", "currency",
            "buyer_timeline", *_account_ref(),
        )
    elif entity == "interactions":
        queryset = permissions.visible_interactions(user).order_by(
            "occurred_at", "source", "external_id"
        )
        paths = (
            "source", "external_id", "kind", "occurred_at", "page_type", "url", "subject",
            "properties", *_account_ref(), "contact__source", "contact__external_id",
            "contact__email", "journey__source", "journey__external_id", "journey__title",
        )
    else:
        raise ValueError(f"Unknown entity {entity!r}.")
    return queryset, paths


def export_rows(entity: str, user: Any) -> Iterator[dict[str, Any]]:
    """Yield each visible record of ``entity`` as a dict keyed by the export columns."""
    queryset, paths = _query(entity, user)
    columns = EXPORT_COLUMNS[entity]
    last_pk = None
    ordered_by_pk = entity != "interactions"
    if ordered_by_pk:
        while True:
            page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
            batch = list(page.values_list("pk", *paths)[:BATCH])
            if not batch:
                return
            for values in batch:
                yield _tidy(entity, dict(zip(columns, values[1:], strict=True)))
            last_pk = batch[-1][0]
    else:
        for values in queryset.values_list(*paths).iterator(chunk_size=BATCH):
            yield _tidy(entity, dict(zip(columns, values, strict=True)))


def _tidy(entity: str, row: dict[str, Any]) -> dict[str, Any]:
    for key in ("account_domain", "contact_email"):
        if row.get(key):
            row[key] = row[key].lower()
    return row


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return canonical_json(value)  # type: ignore[arg-type]
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | Decimal):
        return str(value)
    return value


@audited_export
def export_file(
    entity: str,
    path: str | Path,
    user: Any,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write what ``user`` may see of ``entity`` to ``path`` (CSV or JSONL by extension).

    Returns the number of records written.
    """
    columns = EXPORT_COLUMNS[entity]
    fmt = detect_format(path)
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in export_rows(entity, user):
                writer.writerow([_csv_cell(row[c]) for c in columns])
                count += 1
                if progress and count % BATCH == 0:
                    progress(count)
        else:
            for row in export_rows(entity, user):
                line = {c: _json_value(row[c]) for c in columns}
                handle.write(json.dumps(line, ensure_ascii=False, sort_keys=False) + "\n")
                count += 1
                if progress and count % BATCH == 0:
                    progress(count)
    if progress:
        progress(count)
    return count
