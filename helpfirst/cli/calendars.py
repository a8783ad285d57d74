"""``helpfirst calendars``: Calendar capture: .ics import and CalDAV sync."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from helpfirst.cli.options import FormatOption, OutputFormat, TeamOption

app = typer.Typer(help="Calendar capture: .ics import and CalDAV sync.", no_args_is_help=True)
console = Console(stderr=True)
out = Console()


TranscriptsOption = Annotated[
    Path | None,
    typer.Option(
        "--transcripts",
        help="Folder of meeting transcripts (.vtt, .srt, …) matched by event UID or start time "
        "(UTC, e.g. GMT20260301-093000…vtt); each becomes an analysed call on the meeting.",
        file_okay=False,
        exists=True,
    ),
]
SinceOption = Annotated[
    datetime | None,
    typer.Option("--since", help="Expand repeating meetings from this day (default: 2 years ago)."),
]
UntilOption = Annotated[
    datetime | None,
    typer.Option("--until", help="Expand repeating meetings up to this day (default: 1 year on)."),
]


def _team_id(slug: str | None) -> int:
    from helpfirst.team.models import Team

    if slug:
        team = Team.objects.filter(slug=slug).first()
        if team is None:
            raise ValueError(f"No team with slug {slug!r}.")
        return team.pk
    teams = list(Team.objects.order_by("pk").values_list("pk", flat=True)[:2])
    if len(teams) != 1:
        raise ValueError(
            "There is no team yet; run `helpfirst init` first."
            if not teams
            else "There are several teams; say which with --team SLUG."
        )
    return teams[0]


def _window(since: datetime | None, until: datetime | None) -> tuple[datetime, datetime]:
    from helpfirst.core.calendar import default_window

    low, high = default_window()
    if since is not None:
        low = since if since.tzinfo else since.replace(tzinfo=UTC)
    if until is not None:
        high = until if until.tzinfo else until.replace(tzinfo=UTC)
    return low, high


def _fail(message: str, fmt: OutputFormat, code: str = "usage") -> typer.Exit:
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": False, "error": {"code": code, "message": message}}))
    else:
        console.print(f"[red]Error:[/red] {message}")
    return typer.Exit(2)


def _print_report(title: str, report: Any) -> None:
    out.print(f"[bold]{title}[/bold]: {report.summary()}")
    for problem in report.problems[:50]:
        where = problem["file"] + (f", line {problem['line']}" if problem["line"] else "")
        uid = problem["uid"]
        event = f" event {uid!r}" if uid and uid not in problem["message"] else ""
        out.print(f"  [yellow]{where}[/yellow]{event}: {problem['message']}")
    if len(report.problems) > 50:
        out.print(f"  … and {len(report.problems) - 50} more (use --format json for all).")


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    )


@app.command("import")
def import_files(
    files: Annotated[list[Path], typer.Argument(help=".ics files to import.", exists=True)],
    team: TeamOption = None,
    transcripts: TranscriptsOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Import meetings from .ics files; re-importing a file changes nothing."""
    from helpfirst.cli.django_setup import ensure_django

    ensure_django()
    from helpfirst.calendars.imports import import_ics_file
    from helpfirst.calendars.services import MeetingReport

    try:
        team_id = _team_id(team)
    except ValueError as exc:
        raise _fail(str(exc), output_format) from exc
    window = _window(since, until)
    total = MeetingReport()
    per_file = []
    with _progress() as progress:
        task = progress.add_task("Importing calendars", total=len(files))
        for path in files:
            report = import_ics_file(team_id, path, transcripts=transcripts, window=window)
            per_file.append({"file": str(path), **report.as_dict()})
            total.merge(report)
            progress.advance(task)
    if output_format == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": True, "total": total.as_dict(), "files": per_file}))
    else:
        _print_report(f"{len(files)} file(s)", total)
    if total.files_failed:
        raise typer.Exit(1)


@app.command("sync")
def sync(
    url: Annotated[str, typer.Argument(help="The CalDAV calendar's URL.")],
    user: Annotated[str, typer.Option("--user", help="CalDAV user name.")] = "",
    password_env: Annotated[
        str,
        typer.Option("--password-env", help="Name of the environment variable with the password."),
    ] = "HELPFIRST_CALDAV_PASSWORD",  # noqa: S107 - the variable's name, not a password
    team: TeamOption = None,
    transcripts: TranscriptsOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Sync a CalDAV calendar: only changes since the last sync; resumes after a stop."""
    from helpfirst.cli.django_setup import ensure_django

    ensure_django()
    from helpfirst.calendars.sync import sync_calendar
    from helpfirst.core.calendar.dav import CalDAVError

    password = os.environ.get(password_env, "")
    if user and not password:
        raise _fail(
            f"Set the CalDAV password in the environment variable ${password_env}.", output_format
        )
    try:
        team_id = _team_id(team)
    except ValueError as exc:
        raise _fail(str(exc), output_format) from exc
    with _progress() as progress:
        task = progress.add_task("Syncing calendar", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            report = sync_calendar(
                team_id,
                url,
                user=user,
                password=password,
                transcripts=transcripts,
                window=_window(since, until),
                progress=advance,
            )
        except CalDAVError as exc:
            raise _fail(exc.message, output_format, code=exc.code) from exc
    if output_format == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": True, **report.as_dict()}))
    else:
        _print_report("Calendar synced", report)
