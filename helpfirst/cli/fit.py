"""Check whether we can really help a buyer, from the command line (text in, assessment out)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from helpfirst.core.errors import HelpfirstError

DEMO_PLAYBOOK = Path(__file__).resolve().parent.parent / "demo" / "playbook.yaml"

app = typer.Typer(
    help="Judge fit first: which of our problems the buyer has, or whether to step aside.",
    no_args_is_help=True,
)


@app.callback()
def fit() -> None:
    """Judge fit first: which of our problems the buyer has, or whether to step aside."""


def _print_text(console: Console, assessment, exit_note: str | None) -> None:
    colour = {"strong": "green", "possible": "yellow", "poor": "red"}.get(assessment.verdict, "")
    verdict = f"[{colour}]{assessment.verdict}[/]" if colour else assessment.verdict
    console.print(f"Fit: {verdict}  score {assessment.score}/100  ({assessment.backend} backend)")
    if assessment.out_of_scope:
        console.print("[bold]Out of scope:[/] nothing they said is a problem we solve.")
    for match in assessment.matched_problems:
        console.print(f"• {match.title}  (confidence {match.confidence:.2f})")
        for quote in match.evidence:
            console.print(f"    “{quote.text}”  [dim]({quote.source})[/]", highlight=False)
    for hit in assessment.anti_fit_hits:
        referral = f" → refer to {hit.referral.name}" if hit.referral else ""
        console.print(f"[red]Anti-fit:[/] {hit.title}{referral}")
    if assessment.questions:
        console.print("Ask next:")
        for question in assessment.questions:
            console.print(f"  ? {question}", highlight=False)
    for warning in assessment.warnings:
        console.print(f"[yellow]Note:[/] {warning}", highlight=False)
    if exit_note:
        console.print("\nSuggested note if you step aside:\n" + exit_note, highlight=False)


@app.command()
def check(
    text: Annotated[str, typer.Option("--text", help="The buyer's own words.")],
    playbook: Annotated[
        Path, typer.Option("--playbook", help="Playbook YAML (default: the demo playbook).")
    ] = DEMO_PLAYBOOK,
    backend: Annotated[
        str, typer.Option("--backend", help="builtin, embedding, hybrid or auto.")
    ] = "builtin",
    industry: Annotated[str | None, typer.Option(help="The buyer's industry.")] = None,
    employees: Annotated[int | None, typer.Option(help="Number of employees.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Assess one buyer's words against the playbook.

    Exit codes: 0 assessed, 2 bad input (playbook, backend or option).
    """
    import datetime as dt

    console = Console()
    if output_format not in ("text", "json"):
        console.print("--format must be text or json.")
        raise typer.Exit(2)
    try:
        # Imported here: scikit-learn takes seconds to load and other commands don't need it.
        from helpfirst.core.fit import BuyerEvidence, assess_fit
        from helpfirst.core.playbook import load_playbook_yaml

        spec = load_playbook_yaml(playbook)
        evidence = BuyerEvidence(stated_needs=text, industry=industry, employees=employees)
        assessment = assess_fit(spec, evidence, backend=backend)
    except HelpfirstError as error:
        if output_format == "json":
            typer.echo(json.dumps({"error": error.as_dict()}))
        else:
            console.print(f"[red]Error:[/] {error}", highlight=False)
        raise typer.Exit(2) from error
    from helpfirst.core.fit import propose_exit

    proposal = propose_exit(assessment, spec, dt.datetime.now(tz=dt.UTC).date())
    if output_format == "json":
        data = assessment.as_dict()
        data["exit_proposal"] = proposal.as_dict() if proposal else None
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_text(console, assessment, proposal.note_to_buyer if proposal else None)
