"""``helpfirst score batch``: compute journey features and scores for every journey at once.

Reads interactions from a Parquet file or folder (``--input``) or, by default, from the
helpfirst database (read in chunks into Arrow; Django is started only then), computes the
features of :mod:`helpfirst.core.features` on DuckDB (default) or Apache Spark, and writes one
row per journey (or account, ``--by account``) to Parquet with a watermark file next to it.
``--since-watermark`` recomputes only the groups with interactions newer than the last run.

Exit codes: 0 done; 2 bad input; 3 the chosen engine is not installed (the message says how).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from helpfirst.core.errors import EngineUnavailableError, HelpfirstError
from helpfirst.core.features.sources import InteractionSource

app = typer.Typer(
    help="Compute journey features and readiness/fatigue scores for every journey in one batch.",
    no_args_is_help=True,
)

EXIT_BAD_INPUT = 2
EXIT_ENGINE_MISSING = 3
STEP_LABELS = {
    "read": "Reading interactions from the database",
    "watermark": "Checking the watermark",
    "compute": "Computing features",
    "write": "Writing features",
}


class Engine(StrEnum):
    """Which engine computes the features."""

    DUCKDB = "duckdb"
    SPARK = "spark"


class GroupBy(StrEnum):
    """What one output row describes."""

    JOURNEY = "journey"
    ACCOUNT = "account"


class OutputFormat(StrEnum):
    """How the run summary is printed."""

    JSON = "json"
    TEXT = "text"


def _default_output(group: GroupBy) -> Path:
    from helpfirst.site.config import home_dir

    return home_dir() / "features" / f"{group.value}_features.parquet"


def _database_source(console: Console) -> InteractionSource:
    from helpfirst.cli.django_setup import ensure_django

    ensure_django()
    from django.db import connection

    from helpfirst.core.features import read_database

    with connection.cursor() as cursor:
        table = read_database(cursor)
    console.log(f"read {table.num_rows:,} interactions from the {connection.vendor} database")
    return InteractionSource(table=table)


def _fail(error: HelpfirstError, output: OutputFormat, code: int) -> None:
    err = Console(stderr=True)
    if output is OutputFormat.JSON:
        err.print_json(json.dumps({"error": error.as_dict()}))
    else:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
    raise typer.Exit(code)


@app.callback()
def features() -> None:
    """Compute journey features and readiness/fatigue scores for every journey in one batch."""


@app.command("batch")
def batch(
    engine: Annotated[Engine, typer.Option(help="duckdb (one machine) or spark (a cluster).")] = (
        Engine.DUCKDB
    ),
    input_path: Annotated[
        Path | None,
        typer.Option("--input", help="Parquet file or folder of interactions (default: the DB)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(help="Parquet file to write (default: $HELPFIRST_HOME/features/...)."),
    ] = None,
    since_watermark: Annotated[
        bool,
        typer.Option(help="Recompute only groups with interactions past the last watermark."),
    ] = False,
    by: Annotated[GroupBy, typer.Option(help="One row per journey or per account.")] = (
        GroupBy.JOURNEY
    ),
    as_of: Annotated[
        datetime | None,
        typer.Option(
            help="Compute as of this UTC time (default: now).",
            formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"],
        ),
    ] = None,
    half_life_days: Annotated[float, typer.Option(help="Half-life of buying signals.")] = 14.0,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TEXT,
) -> None:
    """Compute features for every journey and write them to Parquet, with a watermark."""
    from helpfirst.core.features import journey_feature_set, run_feature_batch
    from helpfirst.core.features.spark import spark_available

    console = Console(stderr=True, quiet=output_format is OutputFormat.JSON)
    now = (as_of.replace(tzinfo=UTC) if as_of and as_of.tzinfo is None else as_of) or datetime.now(
        UTC
    )
    key = f"{by.value}_id"
    try:
        if engine is Engine.SPARK:
            reason = spark_available()
            if reason:
                raise EngineUnavailableError(reason)
        feature_set = journey_feature_set(key, half_life_days=half_life_days)
    except EngineUnavailableError as error:
        _fail(error, output_format, EXIT_ENGINE_MISSING)
    except ValueError as error:
        _fail(HelpfirstError(str(error)), output_format, EXIT_BAD_INPUT)
    target = output or _default_output(by)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("Starting", total=None)

        def on_step(name: str) -> None:
            progress.update(task, description=STEP_LABELS.get(name, name))

        try:
            if input_path is None:
                on_step("read")
                source = _database_source(console)
            else:
                source = InteractionSource(parquet=input_path)
            table, result = run_feature_batch(
                source,
                feature_set,
                now,
                output=target,
                engine=engine.value,
                since_watermark=since_watermark,
                on_step=on_step,
            )
        except EngineUnavailableError as error:
            _fail(error, output_format, EXIT_ENGINE_MISSING)
        except HelpfirstError as error:
            _fail(error, output_format, EXIT_BAD_INPUT)
    summary = result.as_dict()
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(summary))
        return
    out = Console()
    out.print(
        f"{result.groups_computed:,} of {result.groups_total:,} {by.value}s computed on "
        f"{result.engine} ({result.reason}) in {sum(result.seconds.values()):.2f} s "
        f"→ {result.output}"
    )
    if table.num_rows:
        top = table.sort_by([("readiness_score", "descending")]).slice(0, 5).to_pylist()
        for row in top:
            out.print(
                f"  {by.value} {row[key]}: readiness {row['readiness_score']:.0f}/100, "
                f"fatigue {row['fatigue_penalty']:.2f}{' (back off)' if row['back_off'] else ''}"
            )
