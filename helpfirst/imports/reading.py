"""Read CSV and JSONL files robustly: detect the encoding and delimiter, keep row locations.

Every problem with the file as a whole raises :class:`~helpfirst.core.errors.ImportFileError`
naming the file and line. Problems with one record (a line that is not JSON, a row with too many
fields) do not stop the file: they come back as :class:`RawRecord` objects carrying an error, so
the importer can quarantine that row and go on.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from helpfirst.core.errors import ImportFileError

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SCAN_CHUNK = 1 << 20
FIELD_SIZE_LIMIT = 16 * 1024 * 1024


@dataclass
class RawRecord:
    """One record of the file: its data row number, the line it starts on, and its values.

    ``row`` counts data records from 1 (the header is not a row); ``line`` is the physical line
    where the record starts, which differs from ``row + 1`` once a quoted value spans lines.
    """

    row: int
    line: int
    values: dict[str, Any]
    error: str = ""
    raw: list[str] | None = None


@dataclass
class TableFile:
    """What was learnt about a file before reading its records."""

    path: str
    format: str  # "csv" or "jsonl"
    encoding: str
    delimiter: str = ","
    header: list[str] = field(default_factory=list)

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def detect_format(path: str | Path) -> str:
    """Return "jsonl" for ``.jsonl``/``.ndjson``/``.json`` files, else "csv"."""
    suffix = Path(path).suffix.lower()
    return "jsonl" if suffix in (".jsonl", ".ndjson", ".json") else "csv"


def detect_encoding(stream: IO[bytes], name: str) -> str:
    """Scan the whole byte stream and return "utf-8-sig", "utf-8" or "cp1252".

    UTF-8 is tried first (a BOM makes it "utf-8-sig"); a file that is not valid UTF-8 is read as
    Windows-1252, the encoding Excel and older CRM exports use. A file that is neither raises.
    """
    stream.seek(0)
    start = stream.read(3)
    candidates = ["utf-8-sig"] if start == codecs.BOM_UTF8 else ["utf-8", "cp1252"]
    for encoding in candidates:
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        line = 1
        try:
            while chunk := stream.read(SCAN_CHUNK):
                decoder.decode(chunk)
                line += chunk.count(b"\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            if encoding == candidates[-1]:
                raise ImportFileError(
                    "The file is neither UTF-8 nor Windows-1252 (byte "
                    f"0x{exc.object[exc.start]:02x} cannot be read). Save it as UTF-8 and import "
                    "it again.",
                    file=name,
                    line=line + exc.object[: exc.start].count(b"\n"),
                ) from None
            continue
        stream.seek(0)
        return encoding
    raise AssertionError("unreachable")  # pragma: no cover


def sniff_delimiter(first_line: str) -> str:
    """Return the delimiter among , ; tab | that splits the header line into the most fields."""
    best, best_count = ",", 0
    for delimiter in DELIMITERS:
        try:
            fields = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(fields) > best_count:
            best, best_count = delimiter, len(fields)
    return best


class TableReader:
    """Open a CSV or JSONL file and iterate over its records with their locations.

    Use as a context manager; ``table`` describes the file (encoding, delimiter, header).
    """

    def __init__(
        self, source: str | Path | bytes, *, name: str | None = None, fmt: str = ""
    ) -> None:
        if isinstance(source, bytes):
            self.name = name or "<bytes>"
            self._binary: IO[bytes] = io.BytesIO(source)
        else:
            self.name = name or str(source)
            try:
                self._binary = open(source, "rb")  # noqa: SIM115 - closed in close()
            except OSError as exc:
                raise ImportFileError(
                    f"Cannot open the file: {exc.strerror}.", file=self.name
                ) from None
        self.format = fmt or detect_format(self.name)
        encoding = detect_encoding(self._binary, self.name)
        self._text = io.TextIOWrapper(self._binary, encoding=encoding, newline="")
        self.table = TableFile(path=self.name, format=self.format, encoding=encoding)
        if self.format == "csv":
            self._open_csv()

    def __enter__(self) -> TableReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying file."""
        self._text.close()

    def size_bytes(self) -> int:
        """Return the size of the file in bytes (for progress bars)."""
        position = self._binary.tell()
        self._binary.seek(0, io.SEEK_END)
        size = self._binary.tell()
        self._binary.seek(position)
        return size

    def _open_csv(self) -> None:
        first = self._text.readline()
        while first and not first.strip():
            first = self._text.readline()
        if not first.strip():
            raise ImportFileError(
                "The file is empty: it needs a header row.", file=self.name, line=1
            )
        delimiter = sniff_delimiter(first.rstrip("\r\n"))
        self._text.seek(0)
        csv.field_size_limit(FIELD_SIZE_LIMIT)
        self._csv = csv.reader(self._text, delimiter=delimiter)
        try:
            header = next(self._csv)
            while not any(h.strip() for h in header):
                header = next(self._csv)
        except (csv.Error, StopIteration) as exc:
            raise ImportFileError(
                f"The header row cannot be read: {exc}.", file=self.name, line=self._csv.line_num
            ) from None
        header = [h.strip() for h in header]
        seen: set[str] = set()
        for position, title in enumerate(header, start=1):
            if not title:
                raise ImportFileError(
                    f"Column {position} of the header has no name; name it or delete it.",
                    file=self.name,
                    line=self._csv.line_num,
                )
            if title in seen:
                raise ImportFileError(
                    "The header names this column twice; rename one of them.",
                    file=self.name,
                    line=self._csv.line_num,
                    column=title,
                )
            seen.add(title)
        self.table.delimiter = delimiter
        self.table.header = header

    def __iter__(self) -> Iterator[RawRecord]:
        return self._csv_records() if self.format == "csv" else self._jsonl_records()

    def rows(self) -> Iterator[tuple[int, int, list[str]]]:
        """Yield ``(row, line, values)`` of a CSV file: the fast lane for big imports."""
        width = len(self.table.header)
        row = 0
        reader = self._csv
        line = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportFileError(
                    f"The file cannot be read as CSV here: {exc}.", file=self.name, line=line
                ) from None
            if not values or (len(values) == 1 and not values[0].strip()):
                line = reader.line_num + 1
                continue
            row += 1
            if len(values) < width:
                values = values + [""] * (width - len(values))
            yield row, line, values
            line = reader.line_num + 1

    def _csv_records(self) -> Iterator[RawRecord]:
        header = self.table.header
        width = len(header)
        for row, line, values in self.rows():
            if len(values) > width:
                yield RawRecord(
                    row,
                    line,
                    dict(zip(header, values, strict=False)),
                    error=f"The row has {len(values)} fields but the header has {width}; "
                    "quote values that contain the delimiter.",
                    raw=values,
                )
                continue
            yield RawRecord(row, line, dict(zip(header, values, strict=True)), raw=values)

    def _jsonl_records(self) -> Iterator[RawRecord]:
        header: list[str] = []
        known: set[str] = set()
        row = 0
        for line_number, text in enumerate(self._text, start=1):
            if not text.strip():
                continue
            row += 1
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as exc:
                yield RawRecord(row, line_number, {}, error=f"The line is not valid JSON: {exc}.")
                continue
            if not isinstance(value, dict):
                yield RawRecord(row, line_number, {}, error="Each line must be one JSON object.")
                continue
            for key in value:
                if key not in known:
                    known.add(key)
                    header.append(key)
            self.table.header = header
            yield RawRecord(row, line_number, value)
