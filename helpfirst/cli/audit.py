"""``helpfirst audit``: Audit log: who changed or exported what, when."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from helpfirst.cli.options import OutputFormat

app = typer.Typer(help="Audit log: who changed or exported what, when.", no_args_is_help=True)
console = Console(stderr=True)
out = Console()


@app.callback()
def main() -> None:
    """Audit log: who changed or exported what, when."""


@app.command("list")
def list_entries(
    team: Annotated[str | None, typer.Option("--team", help="Team slug.")] = None,
    who: Annotated[str, typer.Option("--who", help="Only this username.")] = "",
    action: Annotated[str, typer.Option("--action", help="create, update, export, erase …")] = "",
    object_type: Annotated[str, typer.Option("--object-type", help="account, contact …")] = "",
    since: Annotated[str, typer.Option("--since", help="From this date (YYYY-MM-DD).")] = "",
    until: Annotated[str, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")] = "",
    limit: Annotated[int, typer.Option("--limit", min=1, max=100_000)] = 50,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TEXT,
) -> None:
    """List the team's audit log, newest first."""
    from helpfirst.cli.django_setup import ensure_django
    from helpfirst.cli.transfer import resolve_actor

    ensure_django()
    from helpfirst.audit import queries
    from helpfirst.audit.models import AuditAction

    try:
        _team, admin = resolve_actor(team, None)
    except ValueError as exc:
        console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from None
    if action and action not in AuditAction.values:
        console.print(
            f"[red]Error:[/red] unknown action {action!r}; use one of "
            f"{', '.join(AuditAction.values)}."
        )
        raise typer.Exit(2)
    for name, value in (("--since", since), ("--until", until)):
        if value and queries._parse_date(value) is None:
            console.print(f"[red]Error:[/red] {name} must be a date like 2026-11-23.")
            raise typer.Exit(2)
    wanted = queries.filter_from(
        {"who": who, "action": action, "object_type": object_type, "since": since, "until": until}
    )
    rows = list(queries.entries(admin, wanted)[:limit])
    if fmt == OutputFormat.JSON:
        data = [
            {
                "id": e.pk,
                "at": e.at.isoformat(),
                "user_id": e.user_id,
                "username": e.username,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "label": e.label,
                "fields": e.fields,
                "detail": e.detail,
                "via": e.via,
            }
            for e in rows
        ]
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    if not rows:
        out.print("No audit entries match.")
        return
    table = Table("When", "Who", "Action", "Object", "What", "Fields")
    for e in rows:
        obj = f"{e.object_type} #{e.object_id}" if e.object_id else e.object_type
        table.add_row(
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.username or "system",
            e.action,
            obj,
            e.label,
            ", ".join(e.fields),
        )
    out.print(table)
