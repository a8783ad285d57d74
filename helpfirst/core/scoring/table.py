"""Hold a table of lead or journey attributes, and read one from a CSV file.

The scoring learners take a :class:`FeatureTable` (columns of raw values, as read) and a 0/1
target array. Keeping the raw values means every fitted step (type inference, imputation,
category handling) is learned from the training rows only, inside each cross-validation fold.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpfirst.core.errors import DataValidationError, ImportFileError

MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "none"})
"""Cell values (compared case-insensitively, stripped) read as a missing value."""

_DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class FeatureTable:
    """Store named columns of equal length; each column is a numpy object array of raw values."""

    columns: dict[str, np.ndarray]

    def __post_init__(self) -> None:
        lengths = {name: len(values) for name, values in self.columns.items()}
        if len(set(lengths.values())) > 1:
            raise DataValidationError(f"columns have different lengths: {lengths}")

    @classmethod
    def from_columns(cls, columns: Mapping[str, Sequence[object]]) -> FeatureTable:
        """Build a table from a mapping of column name to a sequence of values."""
        return cls({str(name): _as_object_array(values) for name, values in columns.items()})

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, object]]) -> FeatureTable:
        """Build a table from row dictionaries; a key missing from a row reads as missing."""
        names: list[str] = []
        for row in rows:
            for name in row:
                if name not in names:
                    names.append(name)
        return cls.from_columns({name: [row.get(name) for row in rows] for name in names})

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    @property
    def n_rows(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def take(self, indices: Sequence[int] | np.ndarray) -> FeatureTable:
        """Return the rows at ``indices`` (in that order) as a new table."""
        index = np.asarray(indices, dtype=np.intp)
        return FeatureTable({name: values[index] for name, values in self.columns.items()})

    def without(self, names: Iterable[str]) -> FeatureTable:
        """Return the table without the named columns (unknown names are an error)."""
        dropped = list(names)
        unknown = [name for name in dropped if name not in self.columns]
        if unknown:
            raise DataValidationError(
                f"cannot drop unknown column(s) {unknown}; columns are {self.names}",
                column=unknown[0],
            )
        return FeatureTable({n: v for n, v in self.columns.items() if n not in set(dropped)})

    def row(self, index: int) -> dict[str, object]:
        """Return one row as a dictionary of column name to raw value."""
        return {name: values[index] for name, values in self.columns.items()}


def _as_object_array(values: Sequence[object] | np.ndarray) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def is_missing(value: object) -> bool:
    """Tell whether a raw cell value stands for "no value"."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    if isinstance(value, str):
        return value.strip().lower() in MISSING_MARKERS
    return False


def _open_text(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix.lower() == ".gz" or raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise ImportFileError(f"not a readable gzip file: {exc}", file=str(path)) from exc
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("cannot decode the file as text", file=str(path))  # pragma: no cover


def sniff_delimiter(sample: str) -> str:
    """Guess the field delimiter (``,`` ``;`` tab or ``|``) from the start of a CSV text.

    Each candidate parses the sample's complete lines; the one giving the header's field count
    (more than one) on the most lines wins, ties going to the header's more frequent delimiter.
    """
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut off mid-row
    text = "".join(lines[:200])
    best, best_key = ",", (-1, -1, 0)
    for delimiter in _DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistent = sum(len(r) == width for r in rows)
        key = (consistent, text.split("\n", 1)[0].count(delimiter), -_DELIMITERS.index(delimiter))
        if key > best_key:
            best, best_key = delimiter, key
    return best


def read_table(path: str | Path) -> FeatureTable:
    """Read a CSV (or gzip-compressed ``.csv.gz``) file into a table of raw string cells.

    The delimiter is sniffed, quoted fields are honoured, and a row whose field count differs
    from the header raises :class:`ImportFileError` naming the line.
    """
    file = Path(path)
    if not file.is_file():
        raise ImportFileError("file not found; check the path", file=str(file))
    text = _open_text(file)
    delimiter = sniff_delimiter(text[:_SNIFF_BYTES])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("the file is empty; expected a header row", file=str(file)) from None
    header = [name.strip() for name in header]
    if len(set(header)) != len(header):
        dupes = sorted({n for n in header if header.count(n) > 1})
        raise ImportFileError(f"duplicate column names {dupes}", file=str(file), line=1)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                raise ImportFileError(
                    f"expected {len(header)} fields (as in the header) but found {len(row)}",
                    file=str(file),
                    line=reader.line_num,
                )
            rows.append(row)
    except csv.Error as exc:
        raise ImportFileError(
            f"malformed CSV: {exc}", file=str(file), line=reader.line_num
        ) from exc
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    return FeatureTable(
        {name: _as_object_array(col) for name, col in zip(header, columns, strict=False)}
    )


def split_target(
    table: FeatureTable, target: str, positive: str | None = None
) -> tuple[FeatureTable, np.ndarray]:
    """Separate the target column and encode it as 0/1 (1 = ``positive``).

    Without ``positive`` the positive value is guessed: ``1``, ``yes``, ``true``, ``y``,
    ``won`` or ``converted`` (case-insensitive) when present among exactly two values.
    Raises :class:`DataValidationError` for a missing column, a target with one class, more than
    two classes without ``positive``, or a ``positive`` value that never occurs.
    """
    if target not in table.columns:
        raise DataValidationError(
            f"target column {target!r} not found; columns are {table.names}", column=target
        )
    raw = table.columns[target]
    labels = np.array(["" if is_missing(v) else str(v).strip() for v in raw], dtype=object)
    if np.any(labels == ""):
        first = int(np.flatnonzero(labels == "")[0])
        raise DataValidationError(
            "the target has missing values; fill or remove those rows",
            column=target,
            row=first + 1,
        )
    values = sorted(set(labels.tolist()))
    if len(values) < 2:
        raise DataValidationError(
            f"the target has a single class ({values}); scoring needs positives and negatives",
            column=target,
        )
    if positive is None:
        positive = _guess_positive(values, target)
    positive = positive.strip()
    if positive not in values:
        shown = values[:10]
        raise DataValidationError(
            f"--positive value {positive!r} never occurs in the target; values are {shown}",
            column=target,
        )
    y = (labels == positive).astype(np.int64)
    return table.without([target]), y


def _guess_positive(values: list[str], target: str) -> str:
    if len(values) != 2:
        raise DataValidationError(
            f"the target has {len(values)} values; say which is positive with --positive",
            column=target,
        )
    for candidate in ("1", "1.0", "yes", "true", "y", "won", "converted"):
        for value in values:
            if value.lower() == candidate:
                return value
    raise DataValidationError(
        f"cannot tell which of {values} is the positive class; pass --positive", column=target
    )
