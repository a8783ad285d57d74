"""Files in and out: ``import``, ``export`` and ``playbook load|dump``.

Exit codes: 0 everything imported; 1 some rows were rejected (the rest was applied, see the
reject file); 2 the file, team or user could not be used (nothing was written).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from helpfirst.cli.django_setup import ensure_django
from helpfirst.cli.options import FormatOption, OutputFormat, TeamOption
from helpfirst.core.errors import HelpfirstError

console = Console(stderr=True)
out = Console()

import_app = typer.Typer(
    help="Import accounts, contacts, journeys or interactions (CSV/JSONL).", no_args_is_help=True
)
export_app = typer.Typer(
    help="Export accounts, contacts, journeys or interactions (CSV/JSONL).", no_args_is_help=True
)
playbook_app = typer.Typer(help="Load or dump the team's playbook as YAML.", no_args_is_help=True)


AsOption = Annotated[
    str | None,
    typer.Option("--as", help="Act as this user (default: the team's first admin)."),
]


def _fail(message: str, fmt: OutputFormat, code: str = "usage") -> typer.Exit:
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": False, "error": {"code": code, "message": message}}))
    else:
        console.print(f"[red]Error:[/red] {message}")
    return typer.Exit(2)


def resolve_actor(team_slug: str | None, username: str | None) -> tuple[Any, Any]:
    """Return (team, user) the command acts as; raise ValueError with advice when unclear."""
    ensure_django()
    from helpfirst.team.models import Role, Team, User

    if team_slug:
        team = Team.objects.filter(slug=team_slug).first()
        if team is None:
            raise ValueError(f"No team with slug {team_slug!r}.")
    else:
        teams = list(Team.objects.order_by("pk")[:2])
        if len(teams) != 1:
            raise ValueError(
                "There is no team yet; run `helpfirst init` first."
                if not teams
                else "There are several teams; say which with --team SLUG."
            )
        team = teams[0]
    members = User.objects.filter(team=team, is_active=True)
    if username:
        user = members.filter(username=username).first()
        if user is None:
            raise ValueError(f"No active user {username!r} in team {team.slug!r}.")
    else:
        user = members.filter(role=Role.ADMIN).order_by("pk").first()
        if user is None:
            raise ValueError(f"Team {team.slug!r} has no admin; name a user with --as.")
    return team, user


def _byte_progress(description: str) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _print_report(report: Any, fmt: OutputFormat) -> None:
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": report.rejected == 0, **report.as_dict()}, default=str))
        return
    verb = "Would import" if report.dry_run else "Imported"
    delimiter = f", {report.delimiter}-separated" if report.delimiter else ""
    out.print(
        f"{verb} {report.entity} from {report.file} "
        f"({report.format}, {report.encoding}{delimiter}, {report.origin} columns)"
    )
    out.print(
        f"  rows {report.rows}: created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, rejected {report.rejected}"
    )
    ignored = report.columns.get("ignored") or []
    if ignored:
        more = " …" if len(ignored) > 12 else ""
        out.print(f"  columns not used: {', '.join(ignored[:12])}{more}")
    for stage, count in report.unmapped_stages.items():
        out.print(f"  [yellow]unmapped stage[/yellow] {stage!r} ({count} rows): use --stage-map")
    for warning in report.warnings:
        out.print(f"  [yellow]warning[/yellow] {warning}")
    for problem in report.problems[:20]:
        out.print(f"  [red]rejected[/red] {problem}")
    if report.problem_count > 20:
        out.print(f"  … and {report.problem_count - 20} more problems")
    if report.rejects_file:
        out.print(f"  rejected rows written to {report.rejects_file}")


def _import(
    entity: str,
    file: Path,
    team: str | None,
    as_user: str | None,
    dry_run: bool,
    fmt: OutputFormat,
    rejects: Path | None,
    source: str,
    stage_map: list[str] | None,
) -> None:
    try:
        team_obj, user = resolve_actor(team, as_user)
    except ValueError as exc:
        raise _fail(str(exc), fmt) from None
    from helpfirst.imports import import_file
    from helpfirst.imports.stages import parse_stage_map

    try:
        extra = parse_stage_map(stage_map or [])
    except ValueError as exc:
        raise _fail(str(exc), fmt) from None
    with _byte_progress(f"Importing {entity}") as progress:
        size = file.stat().st_size if file.is_file() else None
        task = progress.add_task(f"Importing {entity}", total=size)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        from helpfirst.operations.db_errors import DATABASE_ERRORS

        try:
            report = import_file(
                entity,
                file,
                team=team_obj,
                user=user,
                dry_run=dry_run,
                rejects=rejects,
                origin=source,
                stage_map=extra,
                progress=advance,
            )
        except (HelpfirstError, *DATABASE_ERRORS) as caught:
            from helpfirst.operations.db_errors import import_problem

            exc = caught
            if not isinstance(caught, HelpfirstError):
                exc = import_problem(caught, str(file))
            if fmt == OutputFormat.JSON:
                out.print_json(json.dumps({"ok": False, "error": exc.as_dict()}))
            else:
                console.print(f"[red]Cannot import:[/red] {exc}")
            raise typer.Exit(2) from None
    _print_report(report, fmt)
    raise typer.Exit(1 if report.rejected else 0)


def _make_import_command(entity: str) -> None:
    def command(
        file: Annotated[Path, typer.Argument(help="CSV or JSONL file (JSONL by .jsonl suffix).")],
        team: TeamOption = None,
        as_user: AsOption = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Check and report; write nothing.")
        ] = False,
        fmt: FormatOption = OutputFormat.TEXT,
        rejects: Annotated[
            Path | None,
            typer.Option("--rejects", help="Where rejected rows go (default NAME.rejects.csv)."),
        ] = None,
        source: Annotated[
            str,
            typer.Option("--source", help="Source system name for rows without a source column."),
        ] = "",
        stage_map: Annotated[
            list[str] | None,
            typer.Option("--stage-map", help="Extra CRM stage mapping, e.g. 'Pilot=evaluating'."),
        ] = None,
    ) -> None:
        _import(entity, file, team, as_user, dry_run, fmt, rejects, source, stage_map)

    command.__doc__ = f"Import {entity} from FILE; re-importing the same file changes nothing."
    import_app.command(entity)(command)


def _make_export_command(entity: str) -> None:
    def command(
        file: Annotated[Path, typer.Argument(help="Output file: .csv or .jsonl.")],
        team: TeamOption = None,
        as_user: AsOption = None,
        fmt: FormatOption = OutputFormat.TEXT,
    ) -> None:
        try:
            _team, user = resolve_actor(team, as_user)
        except ValueError as exc:
            raise _fail(str(exc), fmt) from None
        from helpfirst.imports.exports import export_file

        count = export_file(entity, file, user)
        if fmt == OutputFormat.JSON:
            out.print_json(
                json.dumps({"ok": True, "entity": entity, "file": str(file), "records": count})
            )
        else:
            out.print(f"Exported {count} {entity} to {file}")

    command.__doc__ = f"Export the {entity} you may see to FILE (CSV or JSONL by extension)."
    export_app.command(entity)(command)


for _entity in ("accounts", "contacts", "journeys", "interactions"):
    _make_import_command(_entity)
    _make_export_command(_entity)


@playbook_app.command("load")
def playbook_load(
    file: Annotated[Path, typer.Argument(help="Playbook YAML file.")],
    team: TeamOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Load a playbook YAML into the team (upsert by slug; loading twice changes nothing)."""
    try:
        team_obj, _user = resolve_actor(team, None)
    except ValueError as exc:
        raise _fail(str(exc), fmt) from None
    from helpfirst.core.playbook import load_playbook_yaml
    from helpfirst.playbook.services import apply_playbook

    try:
        spec = load_playbook_yaml(Path(file))
        summary = apply_playbook(team_obj, spec)
    except HelpfirstError as exc:
        if fmt == OutputFormat.JSON:
            out.print_json(json.dumps({"ok": False, "error": exc.as_dict()}))
        else:
            console.print(f"[red]Cannot load the playbook:[/red] {exc}")
        raise typer.Exit(2) from None
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": True, **summary.as_dict()}))
    else:
        out.print(f"Loaded {file}: {summary.describe()}")


@playbook_app.command("dump")
def playbook_dump(
    file: Annotated[Path, typer.Argument(help="Where to write the playbook YAML.")],
    team: TeamOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Write the team's playbook to a YAML file that `playbook load` reads back unchanged."""
    try:
        team_obj, _user = resolve_actor(team, None)
    except ValueError as exc:
        raise _fail(str(exc), fmt) from None
    from helpfirst.core.playbook import dump_playbook_yaml
    from helpfirst.playbook.services import playbook_spec_for

    spec = playbook_spec_for(team_obj)
    file.write_text(dump_playbook_yaml(spec), encoding="utf-8")
    counts = {
        "problems": len(spec.problems),
        "anti_fits": len(spec.anti_fits),
        "content": len(spec.content),
    }
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": True, "file": str(file), **counts}))
    else:
        out.print(f"Wrote {file}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
