"""Reading interaction rows for the fast import lane: CSV and JSONL in one row shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from helpfirst.imports.columns import map_columns
from helpfirst.imports.reading import TableReader
from helpfirst.imports.runner import FieldReader

FIELDS = (
    "source",
    "external_id",
    "kind",
    "occurred_at",
    "page_type",
    "url",
    "subject",
    "properties",
    "account_source",
    "account_external_id",
    "account_domain",
    "account_name",
    "contact_source",
    "contact_external_id",
    "contact_email",
    "journey_source",
    "journey_external_id",
    "journey_title",
)

Item = tuple[int, int, Any, tuple[str, ...], str]  # row, line, raw, fields, error


def csv_items(reader: TableReader) -> Iterator[Item]:
    """Rows of a CSV file as (row, line, raw values, the import fields in order, error)."""
    header = reader.table.header
    width = len(header)
    mapping = map_columns("interactions", header)
    positions = [
        header.index(mapping.columns[name]) if name in mapping.columns else -1 for name in FIELDS
    ]
    pick = itemgetter(*positions)
    for row, line, values in reader.rows():
        values.append("")  # what a missing column reads as; dropped again in reject files
        if len(values) > width + 1:
            error = (
                f"The row has {len(values) - 1} fields but the header has {width}; quote values "
                "that contain the delimiter."
            )
            yield row, line, values, (), error
            continue
        yield row, line, values, pick(values), ""


def jsonl_items(reader: TableReader, fields: FieldReader) -> Iterator[Item]:
    """Records of a JSONL file in the same shape as :func:`csv_items`."""
    for record in reader:
        if record.error:
            yield record.row, record.line, record, (), record.error
            continue
        values, _mapping = fields.fields(record)
        row: list[str] = []
        for name in FIELDS:
            value = values.get(name)
            if value is None:
                row.append("")
            elif isinstance(value, str):
                row.append(value)
            elif isinstance(value, dict | list):
                row.append(json.dumps(value, ensure_ascii=False))
            else:
                row.append(str(value))
        yield record.row, record.line, record, tuple(row), ""


def batches(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """Group items into lists of ``size``."""
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
