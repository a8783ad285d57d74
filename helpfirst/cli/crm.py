"""``helpfirst crm``: Other CRMs: one-shot migration from HubSpot/Salesforce exports.

Exit codes: 0 everything migrated; 1 some rows or files could not be mapped (the rest was
applied; see the report file); 2 the team, user or options could not be used (nothing written).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from helpfirst.cli.django_setup import ensure_django
from helpfirst.cli.options import OutputFormat

app = typer.Typer(
    help="Other CRMs: one-shot migration from HubSpot/Salesforce exports.", no_args_is_help=True
)
console = Console(stderr=True)
out = Console()


@app.callback()
def crm() -> None:
    """Other CRMs: one-shot migration from HubSpot/Salesforce exports."""


class CrmSystem(StrEnum):
    SALESFORCE = "salesforce"
    HUBSPOT = "hubspot"


def _fail(message: str, fmt: OutputFormat) -> typer.Exit:
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": False, "error": {"code": "usage", "message": message}}))
    else:
        console.print(f"[red]Error:[/red] {message}")
    return typer.Exit(2)


def _parse_owner_map(pairs: list[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for pair in pairs:
        crm_owner, sep, user = pair.partition("=")
        if not sep or not crm_owner.strip() or not user.strip():
            raise ValueError(f"--owner-map {pair!r}: write 'CRM owner id or name=username'.")
        table[crm_owner.strip()] = user.strip()
    return table


@app.command("migrate")
def migrate(
    paths: Annotated[
        list[Path], typer.Argument(help="Export files (CSV) or folders holding them.")
    ],
    from_: Annotated[CrmSystem, typer.Option("--from", help="Which CRM wrote the exports.")],
    team: Annotated[
        str | None, typer.Option("--team", help="Team slug (optional when there is one team).")
    ] = None,
    as_user: Annotated[
        str | None, typer.Option("--as", help="Act as this user (default: the team's first admin).")
    ] = None,
    default_owner: Annotated[
        str | None,
        typer.Option(
            "--default-owner",
            help="Username that owns objects whose CRM owner is "
            "unknown (default: accounts stay unowned, journeys go to --as).",
        ),
    ] = None,
    owner_map: Annotated[
        list[str] | None,
        typer.Option("--owner-map", help="'CRM owner id, e-mail or name=username' (repeatable)."),
    ] = None,
    stage_map: Annotated[
        list[str] | None,
        typer.Option("--stage-map", help="'CRM stage=buying_stage' (repeatable)."),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Where to write what could not be mapped (.json or .csv; "
            "default crm-migration-<crm>.json here).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything; write nothing to the database.")
    ] = False,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for scripts.")
    ] = OutputFormat.TEXT,
) -> None:
    """Migrate accounts/companies, contacts, leads, opportunities/deals and activities."""
    from helpfirst.cli.transfer import resolve_actor
    from helpfirst.core.crm.stages import parse_stage_map

    try:
        team_obj, user = resolve_actor(team, as_user)
        stages = parse_stage_map(stage_map or [])
        owners = _parse_owner_map(owner_map or [])
    except ValueError as exc:
        raise _fail(str(exc), fmt) from None
    ensure_django()
    from helpfirst.crm.migration import migrate_exports
    from helpfirst.team.models import User

    owner = None
    if default_owner:
        owner = User.objects.filter(team=team_obj, username=default_owner, is_active=True).first()
        if owner is None:
            raise _fail(f"No active user {default_owner!r} in team {team_obj.slug!r}.", fmt)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise _fail(f"Not found: {', '.join(missing)}.", fmt)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=fmt == OutputFormat.JSON,
    ) as bars:
        tasks: dict[str, int] = {}

        def progress(file: str, done: int, total: int) -> None:
            if file not in tasks:
                tasks[file] = bars.add_task(Path(file).name, total=total)
            bars.update(tasks[file], completed=done, total=total)

        result = migrate_exports(
            from_.value,
            paths,
            team=team_obj,
            actor=user,
            default_owner=owner,
            owner_map=owners,
            stage_map=stages,
            dry_run=dry_run,
            progress=progress,
        )
    target = report or Path(f"crm-migration-{from_.value}.json")
    try:
        result.write(target)
    except OSError as exc:
        console.print(f"[yellow]Could not write the report to {target}: {exc.strerror}[/yellow]")
    _print(result, fmt)
    raise typer.Exit(0 if result.ok else 1)


def _print(result, fmt: OutputFormat) -> None:
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps(result.as_dict(), default=str))
        return
    verb = "Would migrate" if result.dry_run else "Migrated"
    totals = result.totals()
    out.print(
        f"{verb} from {result.system}: {totals['rows']} rows: created {totals['created']}, "
        f"updated {totals['updated']}, unchanged {totals['unchanged']}, "
        f"not migrated {totals['not_migrated']}"
    )
    for f in result.files:
        if f.skipped:
            out.print(f"  [yellow]skipped[/yellow] {f.file}: {f.skipped}")
        elif f.object != "users":
            out.print(
                f"  {f.object:8} {f.file}: {f.rows} rows, created {f.created}, updated "
                f"{f.updated}, unchanged {f.unchanged}, not migrated {f.not_migrated}"
            )
    for stage, count in result.unmapped_stages.items():
        out.print(f"  [yellow]unmapped stage[/yellow] {stage!r} ({count} rows): use --stage-map")
    for owner, count in result.unknown_owners.items():
        out.print(f"  [yellow]unknown owner[/yellow] {owner!r} ({count} rows): use --owner-map")
    shown = [n for n in result.not_mapped if not n.kept][:20]
    for n in shown:
        where = f"{Path(n.file).name} row {n.row}" if n.row else Path(n.file).name
        column = f", column {n.column!r}" if n.column else ""
        value = f" = {n.value!r}" if n.value else ""
        out.print(f"  [red]not mapped[/red] {where}{column}{value}: {n.why}")
    if result.not_mapped_count > len(shown):
        out.print(f"  … {result.not_mapped_count - len(shown)} more in the report")
    if result.report_file:
        out.print(f"  report written to {result.report_file}")
