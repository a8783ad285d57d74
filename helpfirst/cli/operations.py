"""Operations commands: ``helpfirst backup`` and ``helpfirst restore``.

Exit codes: 0 done; 1 the user declined the restore; 2 the backup or restore could not be done
(the message says why; a failed restore changes nothing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from helpfirst.cli.django_setup import ensure_django

console = Console(stderr=True)

FormatOption = Annotated[str, typer.Option("--format", help="text for people, json for scripts.")]


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _reporter(progress: Progress):
    tasks: dict[str, int] = {}

    def report(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = progress.add_task(step, total=total)
        progress.update(tasks[step], completed=done, total=total)

    return report


def _fail(exc, fmt: str) -> typer.Exit:
    if fmt == "json":
        typer.echo(json.dumps({"ok": False, "error": exc.as_dict()}))
    else:
        console.print(f"[red]Error:[/red] {exc}")
    return typer.Exit(2)


def backup(
    file: Annotated[
        Path | None,
        typer.Argument(help="Archive to write (default: helpfirst-backup-<UTC time>.tar.gz)."),
    ] = None,
    fmt: FormatOption = "text",
) -> None:
    """Back up the whole database (consistent while the app runs) with a manifest."""
    ensure_django()
    from helpfirst.operations.backup import BackupError, backup_database, default_backup_name

    target = (file or Path(default_backup_name())).resolve()
    try:
        with _progress() as progress:
            report = backup_database(target, progress=_reporter(progress))
    except BackupError as exc:
        raise _fail(exc, fmt) from None
    if fmt == "json":
        typer.echo(json.dumps({"ok": True, **report.as_dict()}))
        return
    console.print(
        f"Backed up the {report.vendor} database to [bold]{report.file}[/bold]: "
        f"{report.tables} tables, {report.rows:,} rows, {report.bytes / 1e6:,.1f} MB "
        f"in {report.seconds:.1f} s."
    )


def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by `helpfirst backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the current database without asking.")
    ] = False,
    fmt: FormatOption = "text",
) -> None:
    """Replace the whole database with a backup, then check every table's row count."""
    ensure_django()
    from django.db import connection

    from helpfirst.operations.backup import BackupError, read_manifest, restore_database

    try:
        manifest = read_manifest(file)
    except BackupError as exc:
        raise _fail(exc, fmt) from None
    if not yes:
        where = connection.settings_dict.get("NAME")
        console.print(
            f"This replaces everything in the {connection.vendor} database {where} with the "
            f"backup made {manifest.created_at} ({sum(manifest.row_counts.values()):,} rows)."
        )
        if not typer.confirm("Restore now?", default=False):
            console.print("Nothing changed.")
            raise typer.Exit(1)
    try:
        with _progress() as progress:
            report = restore_database(file, progress=_reporter(progress))
    except BackupError as exc:
        raise _fail(exc, fmt) from None
    if fmt == "json":
        typer.echo(json.dumps({"ok": True, **report.as_dict()}))
        return
    console.print(
        f"Restored [bold]{report.file}[/bold] (made {report.created_at}): {report.tables} "
        f"tables, {report.rows:,} rows, every count checked, in {report.seconds:.1f} s."
    )
    if report.migrations_to_apply:
        console.print(
            f"The backup's schema is older than this helpfirst ({len(report.migrations_to_apply)}"
            " migrations to apply): run `helpfirst migrate` before serving."
        )


def migrate(
    check: Annotated[
        bool, typer.Option("--check", help="Only tell whether migrations are pending (exit 1).")
    ] = False,
    fmt: FormatOption = "text",
) -> None:
    """Apply pending database migrations (the upgrade step), timing them."""
    import time

    ensure_django()
    from helpfirst.cli.workspace import migrate_database
    from helpfirst.operations.backup import pending_migrations

    pending = pending_migrations()
    if check:
        if fmt == "json":
            typer.echo(json.dumps({"ok": not pending, "pending": pending}))
        else:
            console.print(f"{len(pending)} migration(s) pending" + (": " if pending else "."))
            for name in pending:
                console.print(f"  {name}")
        raise typer.Exit(1 if pending else 0)
    started = time.perf_counter()
    migrate_database(quiet=fmt == "json")
    seconds = time.perf_counter() - started
    if fmt == "json":
        typer.echo(json.dumps({"ok": True, "applied": pending, "seconds": round(seconds, 2)}))
    else:
        console.print(f"Applied {len(pending)} migration(s) in {seconds:.1f} s.")


def register(app: typer.Typer) -> None:
    """Attach the top-level operations commands to the CLI."""
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("migrate")(migrate)
