"""``helpfirst queue``: Help queue upkeep: rebuild the per-journey activity summaries."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from helpfirst.cli.django_setup import ensure_django

app = typer.Typer(
    help="Help queue upkeep: rebuild the per-journey activity summaries.", no_args_is_help=True
)
console = Console()


@app.callback()
def _group() -> None:
    """Help queue upkeep."""


@app.command("rebuild-summaries")
def rebuild_summaries(
    output: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Recompute every journey's activity summary from its interactions and mark them ready.

    Run it once after upgrading a database that already held interactions, or after changing
    interactions outside helpfirst (raw SQL). Safe to re-run; the queue keeps working meanwhile.
    """
    ensure_django()
    from helpfirst.queue.activity import rebuild_activity_summaries

    started = time.perf_counter()
    if output == "json":
        written = rebuild_activity_summaries()
    else:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("journeys", total=None)

            def report(step: str, done: int, total: int) -> None:
                bar.update(task, description=step, completed=done, total=total)

            written = rebuild_activity_summaries(report)
    seconds = round(time.perf_counter() - started, 2)
    if output == "json":
        typer.echo(json.dumps({"summaries": written, "seconds": seconds}))
    else:
        console.print(f"Rebuilt {written} journey activity summaries in {seconds} s.")
