"""Say where interactions come from: a Parquet file or folder, an Arrow table, or a database.

The database path reads ``interactions_interaction`` through any DB-API cursor (the CLI passes
Django's, so SQLite and PostgreSQL both work) in chunks into Arrow. DuckDB's ``sqlite`` and
``postgres`` extensions are not used: they are downloaded on first use, and helpfirst never
fetches anything at run time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from helpfirst.core.errors import DataValidationError

INTERACTIONS_TABLE = "interactions_interaction"
WATERMARK_COLUMNS = ("interaction_id", "occurred_at")
DB_SCHEMA = pa.schema(
    [
        ("interaction_id", pa.int64()),
        ("account_id", pa.int64()),
        ("contact_id", pa.int64()),
        ("journey_id", pa.int64()),
        ("kind", pa.string()),
        ("page_type", pa.string()),
        ("occurred_at", pa.timestamp("us", tz="UTC")),
        ("properties", pa.string()),
    ]
)


@dataclass(frozen=True, slots=True)
class InteractionSource:
    """Hold interactions as a Parquet path (file or folder of files) or an Arrow table."""

    parquet: Path | None = None
    table: pa.Table | None = None

    def __post_init__(self) -> None:
        if (self.parquet is None) == (self.table is None):
            raise DataValidationError("give exactly one of a Parquet path or an Arrow table.")
        if self.parquet is not None and not self.parquet.exists():
            raise DataValidationError(
                f"no such Parquet file or folder: {self.parquet}", file=str(self.parquet)
            )

    @property
    def parquet_glob(self) -> str:
        """Return the path DuckDB and Spark read (every ``*.parquet`` below a folder)."""
        assert self.parquet is not None
        if self.parquet.is_dir():
            return str(self.parquet / "**" / "*.parquet")
        return str(self.parquet)

    def columns(self) -> frozenset[str]:
        """Return the column names of the interactions."""
        if self.table is not None:
            return frozenset(self.table.column_names)
        import pyarrow.dataset as ds

        assert self.parquet is not None
        return frozenset(ds.dataset(self.parquet, format="parquet").schema.names)

    def watermark_column(self) -> str:
        """Return the column whose growth marks new interactions (ids when there are any)."""
        names = self.columns()
        for name in WATERMARK_COLUMNS:
            if name in names:
                return name
        raise DataValidationError("the interactions have neither interaction_id nor occurred_at.")


def _timestamp(value: Any, row: int) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise DataValidationError(
            f"occurred_at {value!r} is not an ISO date-time.",
            row=row,
            column="occurred_at",
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # Django stores UTC


def _properties(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def database_batches(
    cursor: Any,
    *,
    key: str | None = None,
    after_id: int | None = None,
    chunk_rows: int = 50_000,
    placeholder: str = "%s",
) -> Iterator[pa.RecordBatch]:
    """Yield the interactions table as Arrow record batches of ``chunk_rows`` rows.

    With ``after_id`` only the groups (``key``: journey_id or account_id) that gained an
    interaction with a larger id are read, every interaction of those groups included.
    ``cursor`` is any DB-API cursor; ``placeholder`` is its parameter marker (``%s`` for
    Django's and psycopg's cursors, ``?`` for the standard library's ``sqlite3``).
    """
    # Fixed table and column names; values go in as parameters.
    selected = "id, account_id, contact_id, journey_id, kind, page_type, occurred_at, properties"
    sql = f"SELECT {selected} FROM {INTERACTIONS_TABLE}"  # noqa: S608
    args: list[Any] = []
    if after_id is not None:
        if key not in ("journey_id", "account_id"):
            raise DataValidationError("an incremental read needs key journey_id or account_id.")
        table = INTERACTIONS_TABLE
        if placeholder not in ("%s", "?"):
            raise DataValidationError("placeholder must be '%s' or '?'.", field="placeholder")
        sql += f" WHERE {key} IN (SELECT {key} FROM {table} WHERE id > {placeholder})"  # noqa: S608
        args.append(after_id)
    cursor.execute(sql, args)
    row_number = 0
    while True:
        rows = cursor.fetchmany(chunk_rows)
        if not rows:
            break
        columns: list[list[Any]] = [[] for _ in range(8)]
        for row in rows:
            row_number += 1
            for index, value in enumerate(row):
                columns[index].append(value)
        first = row_number - len(rows) + 1
        columns[6] = [_timestamp(v, first + i) for i, v in enumerate(columns[6])]
        columns[7] = [_properties(v) for v in columns[7]]
        yield pa.RecordBatch.from_arrays(
            [pa.array(values, type=f.type) for values, f in zip(columns, DB_SCHEMA, strict=True)],
            schema=DB_SCHEMA,
        )


def read_database(cursor: Any, **options: Any) -> pa.Table:
    """Read the interactions table (see :func:`database_batches`) into one Arrow table."""
    return pa.Table.from_batches(list(database_batches(cursor, **options)), schema=DB_SCHEMA)
