"""``helpfirst score``: measure the conversion scorer against CRM-style baselines on any CSV.

``helpfirst score evaluate CSV --target COL`` prints exactly one JSON object on stdout (with
``--format json``, the default) that other tools rely on::

    {"rows": int, "positives": int, "folds": int,
     "models": {"helpfirst":   {"roc_auc", "pr_auc", "brier", "lift_at_10pct", "fit_seconds"},
                "naive_bayes": {...}, "points": {...}}}

Metrics are means over the stratified folds; ``fit_seconds`` is the mean fit time per fold.
Bad input (missing file or column, a one-class target, an unknown ``--positive``) prints a
message on stderr and exits with code 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from helpfirst.core.errors import HelpfirstError

app = typer.Typer(
    help="Learn and measure conversion / readiness scores from a table of past outcomes.",
    no_args_is_help=True,
)

EXIT_BAD_INPUT = 2


class OutputFormat(StrEnum):
    """How ``evaluate`` prints its result."""

    JSON = "json"
    TEXT = "text"


@app.callback()
def score() -> None:
    """Learn and measure conversion / readiness scores from a table of past outcomes."""


def _fail(error: HelpfirstError, output: OutputFormat) -> None:
    err = Console(stderr=True)
    if output is OutputFormat.JSON:
        err.print_json(json.dumps({"error": error.as_dict()}))
    else:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def _text_table(report) -> Table:
    from helpfirst.core.scoring.evaluate import METRICS

    share = report.positives / report.rows
    table = Table(
        title=f"{report.rows:,} rows, {report.positives:,} positive ({share:.1%}), "
        f"{report.folds} stratified folds (means; ROC AUC ± sd over folds)"
    )
    table.add_column("model", no_wrap=True)
    for metric in METRICS:
        table.add_column(metric, justify="right", no_wrap=True)
    for name, model in report.models.items():
        mean, spread = model.summary(), model.spread()
        cells = [f"{mean[m]:.4f}" for m in METRICS]
        cells[0] += f" ± {spread['roc_auc']:.3f}"
        table.add_row(name, *cells)
    return table


@app.command("evaluate")
def evaluate_command(
    csv_path: Annotated[
        Path, typer.Argument(metavar="CSV", help="A .csv or .csv.gz file; delimiter is sniffed.")
    ],
    target: Annotated[str, typer.Option("--target", help="Column holding the outcome.")],
    positive: Annotated[
        str | None,
        typer.Option(
            "--positive", help="Target value that counts as a success (default: 1/yes/true)."
        ),
    ] = None,
    drop: Annotated[
        list[str] | None,
        typer.Option("--drop", help="Column to leave out (repeatable), e.g. one known too late."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Stratified folds.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed fixing folds and models.")] = 0,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="json: one object on stdout; text: a table.")
    ] = OutputFormat.JSON,
) -> None:
    """Cross-validate the helpfirst scorer, a naive-Bayes (Odoo-style) and a points baseline."""
    # Imported here: scikit-learn takes seconds to load and other commands don't need it.
    from helpfirst.core.scoring.evaluate import default_scorers, evaluate
    from helpfirst.core.scoring.table import read_table, split_target

    try:
        table, y = split_target(read_table(csv_path), target, positive)
        if drop:
            table = table.without(drop)
        scorers = default_scorers(seed)
        if output is OutputFormat.TEXT:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} folds"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            ) as progress:
                tasks = {name: progress.add_task(name, total=folds) for name in scorers}
                report = evaluate(
                    table,
                    y,
                    n_folds=folds,
                    seed=seed,
                    scorers=scorers,
                    on_fold_done=lambda name, _: progress.advance(tasks[name]),
                )
        else:
            report = evaluate(table, y, n_folds=folds, seed=seed, scorers=scorers)
    except HelpfirstError as error:
        _fail(error, output)
        return
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(report.as_contract()))
    else:
        Console().print(_text_table(report))


if __name__ == "__main__":
    app()
