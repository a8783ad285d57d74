"""Time the journey-feature batch against a hand-written DuckDB aggregate over the same events.

For each size, generated interactions (``helpfirst.demo.large.write_interactions_parquet``) are
written to Parquet in a scratch folder, then timed:

* ``run``: the whole scoring run (``run_feature_batch``: watermark, every feature, readiness
  and fatigue scores, Parquet output with its state file), DuckDB engine;
* ``floor``: one hand-written DuckDB aggregate per journey over the same Parquet (event count,
  last event, pricing views in 30 days and the decayed readiness sum);
* ``incremental``: a ``--since-watermark`` re-run after nothing changed (the watermark check).

The ratio is run / floor (best of ``--repeat`` wall times); the CPU seconds of those best runs
(every thread of this process) and the load average are printed too, as the machine may be
shared. The floor reads four of the five columns the run reads (not ``contact_id``). Spark's
time is taken at ``--spark-size`` only. Scratch files are deleted at the end unless ``--keep``.

    .venv/bin/python benchmarks/score_batch.py                      # 10M and 50M, plus Spark 1M
    .venv/bin/python benchmarks/score_batch.py --sizes 1000000 --format json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from helpfirst.core.features import InteractionSource, journey_feature_set, run_feature_batch
from helpfirst.core.features.duckdb_sql import sql_literal
from helpfirst.demo.large import write_interactions_parquet

REPO_ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2025, 1, 1, 9, tzinfo=UTC)
INTERACTIONS_PER_ACCOUNT = 100


def floor_sql(path: Path) -> str:
    """Return the hand-written single aggregate the batch is compared with."""
    now = NOW.timestamp()
    return f"""
        SELECT journey_id,
               count(*) AS events,
               max(occurred_at) AS last_event_at,
               count(CASE WHEN page_type = 'pricing'
                           AND epoch(occurred_at) >= {now - 30 * 86400} THEN 1 END)
                   AS pricing_views_30d,
               sum(CASE WHEN page_type = 'pricing' THEN 3.0 WHEN kind = 'meeting' THEN 4.0
                        ELSE 0.5 END
                   * exp(-ln(2) / (14 * 86400) * greatest({now} - epoch(occurred_at), 0)))
                   AS readiness_points
        FROM read_parquet({sql_literal(str(path))})
        WHERE journey_id IS NOT NULL
        GROUP BY journey_id
    """  # noqa: S608 (constants only)


def best_of(repeat: int, work) -> tuple[float, object, float]:  # type: ignore[no-untyped-def]
    """Run ``work`` ``repeat`` times; return the fastest wall time, its result and CPU time."""
    best, result, cpu = float("inf"), None, 0.0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        outcome = work()
        wall = time.perf_counter() - start
        if wall < best:
            best, result, cpu = wall, outcome, time.process_time() - start_cpu
    return best, result, cpu


def load_average() -> float:
    """Return the 1-minute load average (how busy the machine was)."""
    return round(os.getloadavg()[0], 2)


def measure(size: int, scratch: Path, repeat: int, engines: tuple[str, ...]) -> dict:
    """Generate ``size`` interactions and time the floor, the run and an incremental re-run."""
    accounts = max(size // INTERACTIONS_PER_ACCOUNT, 10)
    path = scratch / f"interactions-{size}.parquet"
    start = time.perf_counter()
    write_interactions_parquet(path, n_accounts=accounts, n_interactions=size, seed=0, now=NOW)
    generate_s = time.perf_counter() - start
    source = InteractionSource(parquet=path)
    features = journey_feature_set()
    figures: dict = {
        "interactions": size,
        "accounts": accounts,
        "parquet_mb": round(path.stat().st_size / 1e6, 1),
        "generate_s": round(generate_s, 2),
        "load_before": load_average(),
    }
    floor_s, floor, floor_cpu = best_of(
        repeat, lambda: duckdb.connect().sql(floor_sql(path)).to_arrow_table()
    )
    figures["floor_s"] = round(floor_s, 3)
    figures["floor_cpu_s"] = round(floor_cpu, 3)
    figures["journeys"] = floor.num_rows  # type: ignore[union-attr]
    output = scratch / f"features-{size}.parquet"
    for engine in engines:
        run_s, (table, result), run_cpu = best_of(  # type: ignore[misc]
            1 if engine == "spark" else repeat,
            lambda engine=engine: run_feature_batch(
                source, features, NOW, output=output, engine=engine, since_watermark=False
            ),
        )
        assert table.num_rows == figures["journeys"]
        figures[f"{engine}_run_s"] = round(run_s, 3)
        figures[f"{engine}_run_cpu_s"] = round(run_cpu, 3)
        figures[f"{engine}_steps_s"] = result.as_dict()["seconds"]
        figures[f"{engine}_ratio_to_floor"] = round(run_s / floor_s, 2)
        if engine == "duckdb":
            figures["duckdb_cpu_ratio_to_floor"] = round(run_cpu / floor_cpu, 2)
    if "duckdb" in engines:
        incremental_s, _, _ = best_of(
            1,
            lambda: run_feature_batch(source, features, NOW, output=output, since_watermark=True),
        )
        figures["duckdb_incremental_nothing_new_s"] = round(incremental_s, 3)
    figures["load_after"] = load_average()
    path.unlink()
    return figures


def main() -> None:
    """Parse arguments, run every size and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=REPO_ROOT.parent / "shared" / "data",
        help="unused: the interactions are generated (kept for the convention)",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000_000, 50_000_000])
    parser.add_argument(
        "--spark-size",
        type=int,
        default=1_000_000,
        help="size at which Spark is timed too (0: skip Spark)",
    )
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--work-dir", type=Path, default=None, help="scratch folder")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="helpfirst-batch-", dir=args.work_dir))
    results = []
    try:
        for size in args.sizes:
            results.append(measure(size, scratch, args.repeat, ("duckdb",)))
        if args.spark_size:
            results.append(measure(args.spark_size, scratch, 1, ("duckdb", "spark")))
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.format == "json":
        print(json.dumps({"now": NOW.isoformat(), "results": results}, indent=2))
        return
    for row in results:
        print(", ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
