"""What an import did, and where its rejected rows went.

Policy (the same for every entity): good rows are applied together in one database transaction;
bad rows are never half-applied: they are left out, reported with file, row and column, and
copied unchanged to a reject file (``<name>.rejects.csv`` or ``.rejects.jsonl``) with an extra
``error`` column, so they can be fixed and imported again. ``--dry-run`` does all the checks,
writes nothing to the database and no reject file.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from helpfirst.core.errors import ImportFileError
from helpfirst.imports.reading import RawRecord, TableFile

MAX_LISTED = 200  # problems kept in full; the rest are counted


def default_rejects_path(path: str | Path) -> Path:
    """Return ``<name>.rejects.csv`` (or ``.jsonl``) beside the imported file."""
    source = Path(path)
    suffix = ".jsonl" if source.suffix.lower() in (".jsonl", ".ndjson", ".json") else ".csv"
    return source.with_name(f"{source.stem}.rejects{suffix}")


@dataclass
class ImportReport:
    """Counts, problems and warnings of one import."""

    entity: str
    file: str
    dry_run: bool = False
    format: str = ""
    encoding: str = ""
    delimiter: str = ""
    origin: str = ""
    columns: dict[str, Any] = field(default_factory=dict)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[ImportFileError] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[ImportFileError] = field(default_factory=list)
    unmapped_stages: Counter[str] = field(default_factory=Counter)
    rejects_file: str = ""

    def describe_file(self, table: TableFile, origin: str, columns: dict[str, Any]) -> None:
        """Record what was detected about the file."""
        self.format = table.format
        self.encoding = table.encoding
        self.delimiter = table.delimiter_name if table.format == "csv" else ""
        self.origin = origin
        self.columns = columns

    def add_problem(self, error: ImportFileError) -> None:
        """Keep a row problem (the first MAX_LISTED in full, the rest counted)."""
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(error)

    def warn(self, message: str, *, column: str | None = None, row: int | None = None) -> None:
        """Keep a warning once per message (e.g. an owner nobody here is called)."""
        if len(self.warnings) >= MAX_LISTED:
            return
        if any(w.message == message and w.location.column == column for w in self.warnings):
            return
        self.warnings.append(ImportFileError(message, file=self.file, row=row, column=column))

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary (``--format json``)."""
        return {
            "entity": self.entity,
            "file": self.file,
            "dry_run": self.dry_run,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "origin": self.origin,
            "columns": self.columns,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "rejects_file": self.rejects_file,
            "unmapped_stages": dict(self.unmapped_stages),
            "problem_count": self.problem_count,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.warnings],
        }


class RejectWriter:
    """Copy rejected rows, unchanged, to a reject file with an ``error`` column; open lazily."""

    def __init__(self, path: Path | None, table: TableFile) -> None:
        self.path = path
        self.table = table
        self.count = 0
        self._handle: IO[str] | None = None
        self._csv: Any = None
        self._error_column = "error"

    def write(self, record: RawRecord, message: str) -> None:
        """Append one rejected record with its error message."""
        self.count += 1
        if self.path is None:
            return
        if self._handle is None:
            self._open()
        assert self._handle is not None
        if self.table.format == "csv":
            values = list(record.raw) if record.raw is not None else [
                str(record.values.get(h, "")) for h in self.table.header
            ]
            self._csv.writerow([*values, message])
        else:
            line = {**record.values, self._error_column: message, "source_line": record.line}
            self._handle.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")

    def _open(self) -> None:
        assert self.path is not None
        self._handle = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        if self.table.format == "csv":
            header = list(self.table.header)
            while self._error_column in header:
                self._error_column = "import_" + self._error_column
            self._csv = csv.writer(self._handle, delimiter=self.table.delimiter)
            self._csv.writerow([*header, self._error_column])

    def close(self) -> None:
        """Close the reject file, or remove a stale one when nothing was rejected."""
        if self._handle is not None:
            self._handle.close()
        elif self.path is not None and self.path.exists() and self.count == 0:
            self.path.unlink()
