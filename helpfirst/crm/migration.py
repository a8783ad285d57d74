"""One-shot migration from Salesforce or HubSpot CSV exports into one team.

Policy (the same as :mod:`helpfirst.imports`): the rows that map are applied together in one
transaction; a row that cannot be mapped is left out whole and reported with file, row, column,
value and why; ``dry_run`` checks everything and writes nothing to the database. Records keep
the CRM's ids as ``(source, external_id)``, so running the same migration again changes nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction

from helpfirst.capture import health
from helpfirst.core.crm.exports import ORDER, ExportKind, detect_object
from helpfirst.core.crm.fields import column_plan, map_fields, parse_flag
from helpfirst.core.errors import HelpfirstError, ImportFileError
from helpfirst.crm.outcome import Outcome
from helpfirst.crm.owners import OwnerDirectory
from helpfirst.crm.writer import LABELS, CrmWriter
from helpfirst.imports.reading import RawRecord, TableReader

MAX_LISTED = 1000
Progress = Callable[[str, int, int], None]  # (file, bytes done, bytes in all)


@dataclass
class NotMapped:
    """One thing the migration could not map."""

    file: str
    object: str
    row: int | None
    column: str
    value: str
    why: str
    kept: bool = False  # the row migrated anyway; only this value was left out


@dataclass
class FileSummary:
    file: str
    object: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_migrated: int = 0
    skipped: str = ""


@dataclass
class MigrationReport:
    """What a migration did and, above all, what it could not map."""

    system: str
    dry_run: bool = False
    files: list[FileSummary] = field(default_factory=list)
    not_mapped: list[NotMapped] = field(default_factory=list)
    not_mapped_count: int = 0
    unknown_owners: dict[str, int] = field(default_factory=dict)
    unmapped_stages: dict[str, int] = field(default_factory=dict)
    report_file: str = ""

    def add(self, item: NotMapped) -> None:
        self.not_mapped_count += 1
        if len(self.not_mapped) < MAX_LISTED:
            self.not_mapped.append(item)

    @property
    def ok(self) -> bool:
        return not any(f.not_migrated or f.skipped for f in self.files)

    def totals(self) -> dict[str, int]:
        keys = ("rows", "created", "updated", "unchanged", "not_migrated")
        return {k: sum(getattr(f, k) for f in self.files) for k in keys}

    def as_dict(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "totals": self.totals(),
            "files": [asdict(f) for f in self.files],
            "unknown_owners": self.unknown_owners,
            "unmapped_stages": self.unmapped_stages,
            "not_mapped_count": self.not_mapped_count,
            "not_mapped": [asdict(n) for n in self.not_mapped],
            "report_file": self.report_file,
        }

    def write(self, path: str | Path) -> None:
        """Write the report as JSON, or as CSV (one line per thing not mapped) for ``.csv``."""
        target = Path(path)
        self.report_file = str(target)
        if target.suffix.lower() == ".csv":
            with target.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["file", "object", "row", "column", "value", "why", "kept"])
                for n in self.not_mapped:
                    writer.writerow(
                        [
                            n.file,
                            n.object,
                            n.row or "",
                            n.column,
                            n.value,
                            n.why,
                            "yes" if n.kept else "no",
                        ]
                    )
                for owner, count in self.unknown_owners.items():
                    writer.writerow(
                        [
                            "",
                            "owner",
                            "",
                            "owner",
                            owner,
                            f"no team user matches this owner ({count} rows)",
                            "yes",
                        ]
                    )
            return
        target.write_text(json.dumps(self.as_dict(), indent=2, default=str), encoding="utf-8")


def export_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their CSV files; keep files as given."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv"))
        else:
            found.append(path)
    return found


def migrate_exports(
    system: str,
    paths: Iterable[str | Path],
    *,
    team: Any,
    actor: Any,
    default_owner: Any = None,
    owner_map: dict[str, str] | None = None,
    stage_map: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> MigrationReport:
    """Migrate ``paths`` (files or folders of CSV exports) from ``system`` into ``team``."""
    report = MigrationReport(system=system, dry_run=dry_run)
    planned: list[tuple[Path, ExportKind, TableReader]] = []
    try:
        for path in export_files(paths):
            summary = FileSummary(file=str(path))
            try:
                reader = TableReader(path)
            except ImportFileError as exc:
                summary.skipped = exc.message
                report.files.append(summary)
                report.add(NotMapped(str(path), "", exc.location.line, "", "", exc.message))
                continue
            kind = detect_object(path.name, reader.table.header)
            if not kind.kind:
                reader.close()
                summary.skipped = kind.why
                report.files.append(summary)
                report.add(NotMapped(str(path), "", None, "", "", kind.why))
                continue
            planned.append((path, kind, reader))
        planned.sort(key=lambda item: ORDER[item[1].kind])
        aliases = _owner_aliases([(p, r) for p, k, r in planned if k.kind == "users"])
        writer = CrmWriter(
            team,
            system,
            owners=OwnerDirectory(team, explicit=owner_map, aliases=aliases),
            stage_map=stage_map,
            actor=actor,
            default_owner=default_owner,
        )
        writer.remember_all()
        with transaction.atomic():
            for path, kind, reader in planned:
                if kind.kind == "users":
                    report.files.append(FileSummary(str(path), "users", skipped=""))
                    continue
                _migrate_file(writer, path, kind, reader, report, progress)
            if dry_run:
                transaction.set_rollback(True)
    finally:
        for _path, _kind, reader in planned:
            reader.close()
    report.unknown_owners = dict(writer.owners.unknown) if planned else {}
    report.unmapped_stages = dict(writer.unmapped_stages) if planned else {}
    if not dry_run:
        _record_health(team, system, report)
    return report


def _owner_aliases(users: list[tuple[Path, TableReader]]) -> dict[str, str]:
    """Read a Users export: CRM user id → e-mail (or name)."""
    aliases: dict[str, str] = {}
    for _path, reader in users:
        for record in reader:
            values = {k.lower(): str(v or "") for k, v in record.values.items()}
            key = values.get("id") or values.get("userid") or values.get("record id", "")
            target = values.get("email") or values.get("username") or values.get("name", "")
            if key and target:
                aliases[key] = target
    return aliases


def _migrate_file(
    writer: CrmWriter,
    path: Path,
    kind: ExportKind,
    reader: TableReader,
    report: MigrationReport,
    progress: Progress | None,
) -> None:
    object_kind = "contact" if kind.kind == "lead" else kind.kind
    summary = FileSummary(file=str(path), object=kind.kind)
    report.files.append(summary)
    plan = column_plan(object_kind, reader.table.header)
    seen: dict[str, int] = {}
    total = reader.size_bytes()
    for number, record in enumerate(reader, start=1):
        summary.rows += 1
        outcome = _migrate_row(writer, kind, object_kind, plan, record, seen)
        if outcome.ok:
            setattr(summary, outcome.status, getattr(summary, outcome.status) + 1)
        else:
            summary.not_migrated += 1
        column = plan.get(outcome.field, outcome.field)
        if not outcome.ok:
            report.add(
                NotMapped(str(path), kind.kind, record.row, column, outcome.value, outcome.message)
            )
        for name, value, why in outcome.notes:
            report.add(
                NotMapped(
                    str(path), kind.kind, record.row, plan.get(name, name), value, why, kept=True
                )
            )
        if progress and number % 50 == 0:
            progress(str(path), reader._binary.tell(), total)
    if progress:
        progress(str(path), total, total)


def _migrate_row(
    writer: CrmWriter,
    kind: ExportKind,
    object_kind: str,
    plan: dict[str, str],
    record: RawRecord,
    seen: dict[str, int],
) -> Outcome:
    if record.error:
        return Outcome("failed", record.error)
    values = map_fields(object_kind, record.values, plan).values
    ext = str(values.get("external_id") or "")
    if parse_flag(values.get("deleted")):
        return Outcome("failed", "Deleted in the CRM (IsDeleted); not migrated.", "deleted", "true")
    if ext:
        if ext in seen:
            return Outcome(
                "failed",
                f"The id appears again (first at row {seen[ext]}); the first row was kept.",
                "external_id",
                ext,
            )
        seen[ext] = record.row
    if kind.kind == "lead" and values.get("converted_contact"):
        return Outcome(
            "failed",
            "The lead was converted; its contact is migrated instead.",
            "converted_contact",
            str(values["converted_contact"]),
        )
    try:
        with transaction.atomic():
            outcome = _write(writer, kind, values, ext)
            if not outcome.ok:
                transaction.set_rollback(True)
    except (HelpfirstError, DatabaseError) as exc:
        writer.forget()
        return Outcome("failed", f"Could not be stored: {exc}")
    if not outcome.ok and outcome.obj is not None:
        writer.forget()  # the row's changes to a remembered record were rolled back
    if outcome.status == "waiting":
        outcome.status = "failed"
    return outcome


def _write(writer: CrmWriter, kind: ExportKind, values: dict[str, Any], ext: str) -> Outcome:
    if kind.kind == "company":
        return writer.company(ext, values)
    if kind.kind in ("contact", "lead"):
        return writer.person(ext, values, lead=kind.kind == "lead")
    if kind.kind == "deal":
        return writer.deal(ext, values)
    return writer.activity(ext, values, activity_type=kind.activity_type)


def _record_health(team: Any, system: str, report: MigrationReport) -> None:
    totals = report.totals()
    source = health.source_for(team.pk, "crm_migration", f"{LABELS.get(system, system)} export")
    health.record_success(
        source,
        stored=totals["created"],
        duplicates=totals["unchanged"],
        rejected=totals["not_migrated"],
        message=f"{totals['rows']} rows, {report.not_mapped_count} things not mapped",
    )
