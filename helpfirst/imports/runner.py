"""Run one import: read, map columns, clean rows, resolve references, apply in one transaction.

Each entity provides a :class:`RowImporter` with three steps: ``clean`` (one row, no database),
``resolve`` (a chunk of rows, set-based look-ups) and ``apply`` (write the chunk). Rows that fail
any step are quarantined (see :mod:`helpfirst.imports.report` for the policy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from helpfirst.core.errors import ImportFileError
from helpfirst.imports import values as cells
from helpfirst.imports.columns import ColumnMapping, map_columns
from helpfirst.imports.reading import RawRecord, TableReader
from helpfirst.imports.report import ImportReport, RejectWriter, default_rejects_path
from helpfirst.imports.values import CellError

CHUNK = 2000
ProgressCallback = Callable[[int, int], None]  # (bytes or rows done, total)


@dataclass
class Row:
    """A cleaned row on its way into the database, with where it came from."""

    record: RawRecord
    data: dict[str, Any]
    mapping: ColumnMapping
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, message)

    def reject(self, field_name: str, message: str) -> None:
        self.errors.append((field_name, message))


@dataclass
class ImportContext:
    """Who imports into which team, and how."""

    team: Any
    user: Any
    origin: str = ""  # forces the source name of rows without a source column
    stage_map: dict[str, str] = field(default_factory=dict)


class RowImporter:
    """Base of the per-entity importers."""

    entity = ""

    def __init__(self, context: ImportContext, report: ImportReport) -> None:
        self.context = context
        self.report = report

    def source_for(self, values: dict[str, Any], mapping: ColumnMapping) -> str:
        """Return the row's source system: its column, else ``--source``, else the origin."""
        given = cell(values, "source", cells.text, 40) if "source" in values else ""
        return given or self.context.origin or mapping.origin

    def clean(self, values: dict[str, Any], mapping: ColumnMapping) -> dict[str, Any]:
        """Return typed field values; raise FieldProblemError for the first bad cell."""
        raise NotImplementedError

    def resolve(self, rows: list[Row]) -> None:
        """Look up references and existing records for a chunk; reject rows that fail."""

    def apply(self, rows: list[Row]) -> None:
        """Write a chunk of good rows, updating the report's counts."""
        raise NotImplementedError


class FieldProblemError(Exception):
    """A cell that cannot be used; carries the field and the message."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def cell(values: dict[str, Any], name: str, parse: Callable[..., Any], *args: Any) -> Any:
    """Parse one field with ``parse``, turning CellError into FieldProblemError for that field."""
    try:
        return parse(values.get(name), *args)
    except CellError as exc:
        raise FieldProblemError(name, str(exc)) from None


class FieldReader:
    """Turn records into ``{field: value}`` dicts using the (cached) column mapping."""

    def __init__(self, entity: str, origin: str) -> None:
        self.entity = entity
        self.origin = origin
        self._cache: dict[tuple[str, ...], ColumnMapping] = {}
        self.first: ColumnMapping | None = None

    def mapping_for(self, keys: Iterable[str]) -> ColumnMapping:
        key = tuple(keys)
        mapping = self._cache.get(key)
        if mapping is None:
            if len(self._cache) > 64:
                self._cache.clear()
            mapping = map_columns(self.entity, key, "")
            self._cache[key] = mapping
            if self.first is None:
                self.first = mapping
        return mapping

    def fields(self, record: RawRecord) -> tuple[dict[str, Any], ColumnMapping]:
        mapping = self.mapping_for(record.values.keys())
        values = {f: record.values.get(title) for f, title in mapping.columns.items()}
        for inverted in mapping.inverted:
            try:
                flag = cells.boolean(values[inverted])
            except CellError:
                continue  # clean() reports it
            values[inverted] = None if flag is None else (not flag)
        return values, mapping


def _chunks(records: Iterator[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    chunk: list[RawRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_import(
    importer_class: type[RowImporter],
    path: str | Path,
    context: ImportContext,
    *,
    dry_run: bool = False,
    rejects: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import ``path`` with ``importer_class``; return the report. Raises ImportFileError only
    for a file that cannot be read at all (nothing is written then)."""
    report = ImportReport(entity=importer_class.entity, file=str(path), dry_run=dry_run)
    importer = importer_class(context, report)
    with TableReader(path) as reader:
        total = reader.size_bytes()
        reject_path = None if dry_run else Path(rejects) if rejects else default_rejects_path(path)
        reject_writer = RejectWriter(reject_path, reader.table)
        fields = FieldReader(importer.entity, context.origin)
        try:
            with transaction.atomic():
                for chunk in _chunks(iter(reader), CHUNK):
                    _import_chunk(importer, fields, chunk, report, reject_writer)
                    if progress:
                        progress(reader._binary.tell(), total)
                if dry_run:
                    transaction.set_rollback(True)
        finally:
            reject_writer.close()
        mapping = fields.first or map_columns(importer.entity, reader.table.header)
        report.describe_file(reader.table, context.origin or mapping.origin, mapping.as_dict())
    report.rejected = reject_writer.count
    if reject_writer.count and reject_path is not None:
        report.rejects_file = str(reject_path)
    return report


def _import_chunk(
    importer: RowImporter,
    fields: FieldReader,
    chunk: list[RawRecord],
    report: ImportReport,
    reject_writer: RejectWriter,
) -> None:
    rows: list[Row] = []
    for record in chunk:
        report.rows += 1
        if record.error:
            _reject(report, reject_writer, record, None, [("", record.error)])
            continue
        values, mapping = fields.fields(record)
        try:
            data = importer.clean(values, mapping)
        except FieldProblemError as problem:
            _reject(report, reject_writer, record, mapping, [(problem.field, problem.message)])
            continue
        rows.append(Row(record, data, mapping))
    importer.resolve(rows)
    good = []
    for row in rows:
        if row.errors:
            _reject(report, reject_writer, row.record, row.mapping, row.errors)
        else:
            good.append(row)
    importer.apply(good)


def _reject(
    report: ImportReport,
    reject_writer: RejectWriter,
    record: RawRecord,
    mapping: ColumnMapping | None,
    errors: list[tuple[str, str]],
) -> None:
    messages = []
    for field_name, message in errors:
        column = mapping.columns.get(field_name, field_name) if mapping else None
        report.add_problem(
            ImportFileError(
                message,
                file=report.file,
                row=record.row,
                line=record.line,
                column=column or None,
                field=field_name or None,
            )
        )
        messages.append(f"{column}: {message}" if column else message)
    reject_writer.write(record, "; ".join(messages))
