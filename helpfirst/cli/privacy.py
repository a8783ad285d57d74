"""``helpfirst privacy``: Privacy: export or erase a contact, apply retention rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from helpfirst.cli.options import FormatOption, OutputFormat, TeamOption

app = typer.Typer(
    help="Privacy: export or erase a contact, apply retention rules.", no_args_is_help=True
)
console = Console(stderr=True)
out = Console()


AsOption = Annotated[
    str | None, typer.Option("--as", help="Act as this manager or admin (default: an admin).")
]


def _actor(team: str | None, as_user: str | None):
    from helpfirst.cli.transfer import resolve_actor

    try:
        return resolve_actor(team, as_user)
    except ValueError as exc:
        console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from None


def _contact(user, contact_id: int):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from helpfirst.privacy import access

    try:
        return access.contact_for(user, contact_id)
    except Http404:
        console.print(f"[red]Error:[/red] no contact {contact_id} in {user.username}'s team.")
        raise typer.Exit(2) from None
    except PermissionDenied as exc:
        console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command("export")
def export(
    contact_id: Annotated[int, typer.Argument(help="The contact's id.", min=1)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
    team: TeamOption = None,
    as_user: AsOption = None,
) -> None:
    """Export everything held about one contact as JSON."""
    from helpfirst.cli.django_setup import ensure_django

    ensure_django()
    from helpfirst.audit.context import acting_as
    from helpfirst.audit.services import record_export
    from helpfirst.privacy.export import contact_export

    _team, user = _actor(team, as_user)
    contact = _contact(user, contact_id)
    with acting_as(user):
        data = contact_export(contact)
        record_export(user, "contact", object_id=contact.pk, fmt="json")
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        console.print(f"Wrote everything held about contact {contact_id} to {output}")
    else:
        typer.echo(text)


@app.command("erase")
def erase(
    contact_id: Annotated[int, typer.Argument(help="The contact's id.", min=1)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    team: TeamOption = None,
    as_user: AsOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Erase a contact everywhere (interactions, transcript lines, seats, mentions)."""
    from helpfirst.cli.django_setup import ensure_django

    ensure_django()
    from helpfirst.audit.context import acting_as
    from helpfirst.privacy.erasure import erase_contact

    _team, user = _actor(team, as_user)
    contact = _contact(user, contact_id)
    if not yes and not typer.confirm(
        f"Erase contact {contact_id} everywhere? This cannot be undone"
    ):
        raise typer.Exit(1)
    with acting_as(user):
        report = erase_contact(contact, by=user)
    if fmt == OutputFormat.JSON:
        typer.echo(json.dumps({"ok": True, **report.as_dict()}))
        return
    out.print(f"Erased contact {report.contact_id}:")
    for key, value in report.counts.items():
        out.print(f"  {key.replace('_', ' ')}: {value}")
    out.print(f"  journeys recomputed: {report.journeys_recomputed}")


@app.command("retention")
def retention(
    apply: Annotated[
        bool, typer.Option("--apply", help="Remove the data (default: only say what would go).")
    ] = False,
    team: Annotated[str | None, typer.Option("--team", help="Only this team.")] = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Apply the teams' retention policies (a dry run unless --apply)."""
    from helpfirst.cli.django_setup import ensure_django

    ensure_django()
    from helpfirst.audit.context import acting_as
    from helpfirst.privacy.retention import apply_retention
    from helpfirst.team.models import Team

    team_id = None
    if team:
        team_id = Team.objects.filter(slug=team).values_list("pk", flat=True).first()
        if team_id is None:
            console.print(f"[red]Error:[/red] no team with slug {team!r}.")
            raise typer.Exit(2)
    with acting_as(None, via="cli"):
        run = apply_retention(team_id=team_id, apply=apply)
    if fmt == OutputFormat.JSON:
        typer.echo(json.dumps({"applied": apply, **run.as_dict()}))
        return
    if not run.outcomes and not run.unknown_targets:
        out.print("No retention policies are set (see /privacy/settings/).")
        return
    table = Table("Team", "Data", "Keep for", "Older than", "Removed" if apply else "Would go")
    for o in run.outcomes:
        table.add_row(
            str(o.team_id), o.target, f"{o.keep_for} {o.unit}", f"{o.cutoff:%Y-%m-%d}", str(o.items)
        )
    out.print(table)
    for key in run.unknown_targets:
        console.print(f"[yellow]warning[/yellow] policy for unknown data {key!r} skipped")
    if not apply:
        out.print("Dry run: nothing was removed. Run with --apply to remove it.")


@app.command("policy")
def policy(
    target: Annotated[str, typer.Argument(help="What to keep: call_transcripts, email_bodies …")],
    keep_for: Annotated[
        int, typer.Option("--keep", min=0, max=1200, help="How long; 0 removes the policy.")
    ],
    unit: Annotated[str, typer.Option("--unit", help="days or months")] = "months",
    team: TeamOption = None,
) -> None:
    """Set how long one kind of data is kept for a team."""
    from helpfirst.cli.django_setup import ensure_django

    ensure_django()
    from helpfirst.privacy.models import RetentionPolicy, RetentionUnit
    from helpfirst.privacy.retention import targets

    team_obj, _user = _actor(team, None)
    known = targets()
    if target not in known:
        console.print(f"[red]Error:[/red] unknown data {target!r}; use one of {', '.join(known)}.")
        raise typer.Exit(2)
    if unit not in RetentionUnit.values:
        console.print("[red]Error:[/red] --unit must be days or months.")
        raise typer.Exit(2)
    if keep_for == 0:
        RetentionPolicy.objects.filter(team=team_obj, target=target).delete()
        out.print(f"{known[target].label} are kept for ever.")
        return
    RetentionPolicy.objects.update_or_create(
        team=team_obj, target=target, defaults={"keep_for": keep_for, "unit": unit}
    )
    out.print(f"{known[target].label}: kept for {keep_for} {unit}.")
