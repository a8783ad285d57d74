"""Run the feature batch end to end: compute, merge incrementally, write Parquet and a watermark.

A full run computes every group. An incremental run reads the state file kept next to the
output (``<output>.state.json``: the watermark, the feature-set fingerprint, the engine) and
recomputes only the groups (journeys or accounts) that gained an interaction past the
watermark; the other rows are kept as they were, with their own ``as_of``. When the feature
definitions changed since the last run (the fingerprint differs) the run is a full one.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from helpfirst.core.errors import DataValidationError
from helpfirst.core.features.definitions import FeatureSet
from helpfirst.core.features.engines import compute_features, source_watermark
from helpfirst.core.features.sources import InteractionSource

STATE_SUFFIX = ".state.json"
StepCallback = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Describe one batch run: what was computed, how long each step took, where it went."""

    engine: str
    key: str
    incremental: bool
    groups_computed: int
    groups_total: int
    watermark_before: float | None
    watermark_after: float | None
    as_of: datetime
    output: Path | None
    seconds: dict[str, float] = field(default_factory=dict)
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        return {
            "engine": self.engine,
            "key": self.key,
            "incremental": self.incremental,
            "groups_computed": self.groups_computed,
            "groups_total": self.groups_total,
            "watermark_before": self.watermark_before,
            "watermark_after": self.watermark_after,
            "as_of": self.as_of.isoformat(),
            "output": None if self.output is None else str(self.output),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "reason": self.reason,
        }


def fingerprint(feature_set: FeatureSet) -> str:
    """Return a short hash of the feature definitions (changes when any definition changes)."""
    return hashlib.sha256(repr(feature_set).encode()).hexdigest()[:16]


def state_path(output: Path) -> Path:
    """Return where the watermark of ``output`` is kept."""
    return output.with_name(output.name + STATE_SUFFIX)


def read_state(output: Path) -> dict[str, Any] | None:
    """Return the last run's state for ``output``, or None when there is none."""
    path = state_path(output)
    if not path.exists() or not output.exists():
        return None
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise DataValidationError(
            f"the state file is unreadable ({error}); delete it to run in full.", file=str(path)
        ) from error
    return state if isinstance(state, dict) else None


def merge_features(previous: pa.Table, fresh: pa.Table, key: str) -> pa.Table:
    """Replace the rows of ``previous`` whose ``key`` is in ``fresh`` and keep the rest, sorted."""
    kept = previous.filter(pc.invert(pc.is_in(previous.column(key), value_set=fresh.column(key))))
    merged = pa.concat_tables([kept.select(fresh.column_names).cast(fresh.schema), fresh])
    return merged.sort_by(key)


def write_atomically(table: pa.Table, output: Path) -> None:
    """Write ``table`` to ``output`` as Parquet without ever leaving a half-written file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    # Dictionary pages pay off for few distinct values; most feature columns have many, and
    # skipping them writes a smaller file in about half the time.
    pq.write_table(table, temporary, compression="zstd", use_dictionary=False)
    temporary.replace(output)


def _duckdb_connection() -> Any:
    """Open one DuckDB connection for the watermark and the features (opening one is slow)."""
    import duckdb

    return duckdb.connect()


def run_feature_batch(
    source: InteractionSource,
    feature_set: FeatureSet,
    now: datetime,
    *,
    output: Path | None,
    engine: str = "duckdb",
    since_watermark: bool = False,
    spark: Any | None = None,
    on_step: StepCallback | None = None,
) -> tuple[pa.Table, BatchResult]:
    """Compute features over ``source`` as of ``now`` and write them to ``output`` (Parquet).

    With ``since_watermark`` only groups with interactions past the stored watermark are
    recomputed and merged into the previous output. Returns the full feature table and a
    summary of the run.
    """
    step = on_step or (lambda _name: None)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        current = time.perf_counter()
        seconds[name] = current - clock
        clock = current

    step("watermark")
    marker = fingerprint(feature_set)
    state = read_state(output) if (since_watermark and output is not None) else None
    before: float | None = None
    reason = "full run"
    if since_watermark and output is None:
        raise DataValidationError("--since-watermark needs an --output to keep the watermark in.")
    if since_watermark and state is None:
        reason = "full run: no previous output or watermark"
    elif state is not None and state.get("fingerprint") != marker:
        reason = "full run: the feature definitions changed since the last run"
    elif state is not None and state.get("key") != feature_set.key:
        reason = "full run: the last run grouped by another key"
    elif state is not None:
        before = state.get("watermark")
        reason = f"incremental: groups with interactions past {before:g}"
    connection = _duckdb_connection() if engine == "duckdb" else None
    try:
        after = source_watermark(source, connection)
        lap("watermark")
        incremental = before is not None
        step("compute")
        if incremental and after is not None and before is not None and after <= before:
            fresh = None
        else:
            fresh = compute_features(
                source,
                feature_set,
                now,
                engine=engine,
                spark=spark,
                after_watermark=before if incremental else None,
                connection=connection,
            )
    finally:
        if connection is not None:
            connection.close()
    lap("compute")
    step("write")
    if incremental and output is not None:
        previous = pq.read_table(output)
        table = previous if fresh is None else merge_features(previous, fresh, feature_set.key)
    else:
        assert fresh is not None
        table = fresh
    if output is not None:
        write_atomically(table, output)
        state_path(output).write_text(
            json.dumps(
                {
                    "watermark": after,
                    "watermark_column": source.watermark_column(),
                    "fingerprint": marker,
                    "key": feature_set.key,
                    "engine": engine,
                    "as_of": now.isoformat(),
                    "rows": table.num_rows,
                },
                indent=2,
            )
        )
    lap("write")
    result = BatchResult(
        engine=engine,
        key=feature_set.key,
        incremental=incremental,
        groups_computed=0 if fresh is None else fresh.num_rows,
        groups_total=table.num_rows,
        watermark_before=before,
        watermark_after=after,
        as_of=now,
        output=output,
        seconds=seconds,
        reason=reason,
    )
    return table, result
