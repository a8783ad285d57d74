"""Read the call brief for a journey before a call: ``helpfirst brief JOURNEY``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from helpfirst.cli.django_setup import ensure_django

app = typer.Typer(
    help="Print the call brief for one journey: one screen to read before a call.",
    no_args_is_help=True,
)


def _print_text(console: Console, brief: dict) -> None:
    console.print(
        f"[bold]{brief['account']}[/] · {brief['journey_title']} · {brief['buying_stage']}",
        highlight=False,
    )
    console.print(f"\n[bold]Strategies:[/] {brief['strategies'] or 'not known yet'}")
    console.print(f"[bold]Priorities:[/] {brief['priorities'] or 'not known yet'}")
    console.print("\n[bold]Problems we matched[/]")
    if brief["fit"]:
        fit = brief["fit"]
        console.print(f"  fit {fit['score']}/100 ({fit['verdict']})")
        for problem in fit["problems"]:
            console.print(f"  • {problem['title']}", highlight=False)
            for quote in problem["evidence"]:
                console.print(f"      “{quote['text']}” ({quote['source']})", highlight=False)
    else:
        console.print(f"  {brief['fit_note']}", highlight=False)
    if brief["stated_needs"]:
        console.print(f"  Stated needs: “{brief['stated_needs']}”", highlight=False)
    sections = [
        (
            "Stakeholders",
            [
                f"{s['name']} ({s['role_label']}, influence {s['influence']}/5, {s['stance']})"
                + (f": “{s['what_matters']}”" if s["what_matters"] else "")
                for s in brief["stakeholders"]
            ],
        ),
        ("Committee warnings", [w["message"] for w in brief["committee_warnings"]]),
        (
            f"What happened {brief['since']}",
            [
                f"{e['at'][:10]} {e['what']}" + (f" · {e['who']}" if e["who"] else "")
                for e in brief["since_last_call"]
            ],
        ),
        (
            "Open plan steps",
            [
                f"{s['title']} · {s['owner']} · {s['due_on'] or 'no date'}"
                + (f" · slipped {s['days_late']} days" if s["days_late"] else "")
                for s in brief["open_plan_steps"]
            ],
        ),
        ("Questions worth asking", brief["questions"]),
        ("What not to do", brief["do_not"]),
        ("Next helpful actions", [f"{a['action']}: {a['reason']}" for a in brief["next_actions"]]),
    ]
    for title, lines in sections:
        console.print(f"\n[bold]{title}[/]")
        for line in lines or ["(none)"]:
            console.print(f"  • {line}", highlight=False)


@app.callback(invoke_without_command=True)
def brief(
    journey: Annotated[int, typer.Argument(help="The journey's id.", min=1)],
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Print the call brief for JOURNEY.

    Exit codes: 0 printed, 1 no such journey, 2 bad option.
    """
    console = Console()
    if output_format not in ("text", "json"):
        console.print("--format must be text or json.")
        raise typer.Exit(2)
    ensure_django()
    from django.utils import timezone

    from helpfirst.briefs.brief import call_brief
    from helpfirst.journeys.models import Journey

    row = Journey.objects.select_related("account", "team", "owner").filter(pk=journey).first()
    if row is None:
        message = f"No journey with id {journey}; list them with the web app or the API."
        if output_format == "json":
            typer.echo(json.dumps({"code": "not_found", "message": message}))
        else:
            console.print(message)
        raise typer.Exit(1)
    data = call_brief(row, timezone.now()).as_dict()
    if output_format == "json":
        typer.echo(json.dumps(data, indent=2, default=str))
    else:
        _print_text(console, data)
