"""Assess journeys from the command line: ``helpfirst fit journey ID`` and ``helpfirst fit review``.

The lead attaches :func:`fit_journey` and :func:`fit_review` to the ``helpfirst fit`` group::

    fit_app.command("journey")(fit_journey)
    fit_app.command("review")(fit_review)

``app`` here registers the same two commands, for tests and for running this module alone.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from helpfirst.cli.django_setup import ensure_django

app = typer.Typer(help="Assess the fit of journeys stored in helpfirst.", no_args_is_help=True)

FormatOption = Annotated[str, typer.Option("--format", help="text or json.")]
BackendOption = Annotated[
    str | None, typer.Option("--backend", help="builtin, embedding, hybrid or auto.")
]


def _check_format(console: Console, output_format: str) -> None:
    if output_format not in ("text", "json"):
        console.print("--format must be text or json.")
        raise typer.Exit(2)


def _print_fit(console: Console, journey, data: dict) -> None:
    console.print(f"[bold]{journey.account.name}[/] · {journey.title}", highlight=False)
    fit = data["assessment"]
    colour = {"strong": "green", "possible": "yellow", "poor": "red"}.get(data["verdict"], "")
    verdict = f"[{colour}]{data['verdict']}[/]" if colour else data["verdict"]
    console.print(f"Fit: {verdict}  score {data['score']}/100  ({data['backend']} backend)")
    if data["out_of_scope"]:
        console.print("[bold]Out of scope:[/] nothing they said is a problem we solve.")
    for match in fit["matched_problems"]:
        console.print(f"• {match['title']}  (confidence {match['confidence']:.2f})")
        for quote in match["evidence"]:
            console.print(f"    “{quote['text']}”  [dim]({quote['source']})[/]", highlight=False)
    for hit in fit["anti_fit_hits"]:
        referral = f" → refer to {hit['referral']['name']}" if hit.get("referral") else ""
        console.print(f"[red]Anti-fit:[/] {hit['title']}{referral}", highlight=False)
    if fit["questions"]:
        console.print("Ask next:")
        for question in fit["questions"]:
            console.print(f"  ? {question}", highlight=False)
    offer = data["exit_proposal"]
    if offer:
        console.print(f"\n[bold]Step aside:[/] {offer['reason']}", highlight=False)
        console.print(f"Re-check around {offer['recheck_on']}.")
        if offer["note_ok"]:
            console.print("Suggested note:\n" + offer["note_to_buyer"], highlight=False)


def fit_journey(
    journey: Annotated[int, typer.Argument(help="The journey's id.", min=1)],
    backend: BackendOption = None,
    output_format: FormatOption = "text",
) -> None:
    """Assess one stored journey's fit (and store it) from everything the buyer told us.

    Exit codes: 0 assessed, 1 no such journey, 2 bad option.
    """
    console = Console()
    _check_format(console, output_format)
    ensure_django()
    from helpfirst.core.errors import HelpfirstError
    from helpfirst.fit.services import assess_journey
    from helpfirst.fit.summary import fit_as_json
    from helpfirst.journeys.models import Journey

    row = Journey.objects.select_related("account", "team").filter(pk=journey).first()
    if row is None:
        message = f"No journey with id {journey}; list them with the web app or the API."
        if output_format == "json":
            typer.echo(json.dumps({"code": "not_found", "message": message}))
        else:
            console.print(message)
        raise typer.Exit(1)
    try:
        record = assess_journey(row, backend=backend)
    except HelpfirstError as error:
        if output_format == "json":
            typer.echo(json.dumps({"error": error.as_dict()}))
        else:
            console.print(f"[red]Error:[/] {error}", highlight=False)
        raise typer.Exit(2) from error
    data = fit_as_json(row, record)
    if output_format == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_fit(console, row, data)


def fit_review(
    team: Annotated[
        str | None, typer.Option("--team", help="The team's slug (default: every team).")
    ] = None,
    backend: BackendOption = None,
    output_format: FormatOption = "text",
) -> None:
    """Re-assess every open journey (with a progress bar) and list the poor fits.

    Exit codes: 0 reviewed, 1 no such team, 2 bad option.
    """
    console = Console(stderr=output_format == "json")
    _check_format(console, output_format)
    ensure_django()
    from helpfirst.fit.services import assess_open_journeys
    from helpfirst.team.models import Team

    teams = list(Team.objects.filter(slug=team) if team else Team.objects.order_by("pk"))
    if team and not teams:
        console.print(f"No team with slug {team!r}.")
        raise typer.Exit(1)
    records = []
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=output_format == "json") as progress:
        for each in teams:
            task = progress.add_task(f"Assessing {each.name}", total=None)

            def advance(done, total, journey, record, task=task):
                progress.update(task, completed=done, total=total)

            records += assess_open_journeys(each, advance, backend=backend)
    poor = [r for r in records if r.verdict == "poor"]
    counts = {
        v: sum(r.verdict == v for r in records) for v in ("strong", "possible", "poor", "unknown")
    }
    if output_format == "json":
        rows = [
            {
                "journey_id": r.journey_id,
                "title": r.journey.title,
                "account": r.journey.account.name,
                "score": r.score,
                "out_of_scope": r.out_of_scope,
                "reasons": r.payload.get("reasons", []),
            }
            for r in poor
        ]
        typer.echo(
            json.dumps(
                {"assessed": len(records), "verdicts": counts, "poor_fits": rows},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    summary = ", ".join(f"{n} {v}" for v, n in counts.items())
    console.print(f"Assessed {len(records)} open journeys: {summary}.")
    if not poor:
        console.print("No poor fits among the open journeys.")
    for r in poor:
        reason = (r.payload.get("reasons") or [""])[-1]
        scope = " (out of scope)" if r.out_of_scope else ""
        console.print(
            f"[red]poor[/] #{r.journey_id} {r.journey.account.name} · {r.journey.title}"
            f" · {r.score}/100{scope}\n    {reason}",
            highlight=False,
        )


app.command("journey")(fit_journey)
app.command("review")(fit_review)
