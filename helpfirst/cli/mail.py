"""``helpfirst mail``: E-mail capture: IMAP sync, .eml/.mbox import, the BCC drop receiver.

Exit codes: 0 everything read; 1 some messages could not be read (the rest was stored);
2 the mailbox, file list or team could not be used.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from helpfirst.cli.django_setup import ensure_django
from helpfirst.cli.options import FormatOption, OutputFormat, TeamOption

app = typer.Typer(
    help="E-mail capture: IMAP sync, .eml/.mbox import, the BCC drop receiver.",
    no_args_is_help=True,
)
console = Console(stderr=True)
out = Console()


def _team(slug: str | None):
    ensure_django()
    from helpfirst.team.models import Team

    if slug:
        team = Team.objects.filter(slug=slug).first()
        if team is None:
            raise ValueError(f"No team with slug {slug!r}.")
        return team
    teams = list(Team.objects.order_by("pk")[:2])
    if len(teams) != 1:
        raise ValueError(
            "There is no team yet; run `helpfirst init` first."
            if not teams
            else "There are several teams; say which with --team SLUG."
        )
    return teams[0]


def _fail(message: str, fmt: OutputFormat, code: str = "usage") -> typer.Exit:
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": False, "error": {"code": code, "message": message}}))
    else:
        console.print(f"[red]Error:[/red] {message}")
    return typer.Exit(2)


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _print_problems(problems: list, limit: int = 20) -> None:
    for problem in problems[:limit]:
        out.print(f"  [red]unreadable[/red] {problem}")
    if len(problems) > limit:
        out.print(f"  … and {len(problems) - limit} more")


@app.command("sync")
def sync(
    host: Annotated[
        str | None,
        typer.Option("--host", help="IMAP server. Leave out to sync every mailbox synced before."),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Mailbox user name.")] = None,
    password_env: Annotated[
        str,
        typer.Option(
            "--password-env",
            help="Name of the environment variable holding the password (never stored).",
        ),
    ] = "HELPFIRST_IMAP_PASSWORD",  # noqa: S107 - a variable name, not a password
    port: Annotated[
        int | None, typer.Option("--port", help="Default 993 with SSL, 143 without.")
    ] = None,
    folder: Annotated[str, typer.Option("--folder", help="Folder to sync.")] = "INBOX",
    use_ssl: Annotated[
        bool, typer.Option("--ssl/--no-ssl", help="Connect with SSL/TLS (default).")
    ] = True,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=1000, help="Messages per committed batch.")
    ] = 100,
    team: TeamOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Store new mail of an IMAP folder as interactions, resuming where the last sync stopped."""
    try:
        team_obj = _team(team)
    except ValueError as exc:
        raise _fail(str(exc), fmt) from exc
    from helpfirst.mail.imap import Mailbox, known_mailboxes

    if host is None:
        mailboxes = known_mailboxes(team_obj.pk)
        if not mailboxes:
            raise _fail("No mailbox synced before; give --host and --user.", fmt)
    elif not user:
        raise _fail("Say which mailbox user with --user.", fmt)
    else:
        port = port or (993 if use_ssl else 143)
        mailboxes = [Mailbox(host, port, user, folder, use_ssl, password_env)]
    results = [_sync_one(team_obj.pk, mailbox, batch_size, fmt) for mailbox in mailboxes]
    failed = any(not ok for ok, _ in results)
    problems = any(ok and report.outcome.problems for ok, report in results)
    if fmt == OutputFormat.JSON:
        payloads = [
            {"ok": not report.outcome.problems, **report.as_dict()}
            if ok
            else {"ok": False, "mailbox": name, "error": report}
            for (ok, report), name in zip(results, [m.name for m in mailboxes], strict=True)
        ]
        if host is not None:
            out.print_json(json.dumps(payloads[0], default=str))
        else:
            body = {"ok": not (failed or problems), "mailboxes": payloads}
            out.print_json(json.dumps(body, default=str))
    raise typer.Exit(2 if failed else 1 if problems else 0)


def _sync_one(team_id: int, mailbox, batch_size: int, fmt: OutputFormat):
    """Sync one mailbox; return (True, report) or (False, error dict), printing for people."""
    from helpfirst.core.errors import HelpfirstError
    from helpfirst.mail.imap import sync_mailbox

    password = os.environ.get(mailbox.password_env)
    if password is None:
        message = f"Set the password of {mailbox.name} in the environment variable "
        message += f"{mailbox.password_env}."
        if fmt == OutputFormat.TEXT:
            console.print(f"[red]Error:[/red] {message}")
        return False, {"code": "usage", "message": message}
    with _progress() as progress:
        task = progress.add_task(f"Syncing {mailbox.name}", total=None)
        try:
            report = sync_mailbox(
                team_id,
                mailbox,
                password,
                batch_size=batch_size,
                on_start=lambda total: progress.update(task, total=total),
                on_batch=lambda done, _outcome: progress.update(task, completed=done),
            )
        except HelpfirstError as exc:
            if fmt == OutputFormat.TEXT:
                console.print(f"[red]Error:[/red] {exc}")
            return False, exc.as_dict() | {"text": str(exc)}
    if fmt == OutputFormat.TEXT:
        resync = " (UIDVALIDITY changed: read the folder again)" if report.resynced else ""
        out.print(
            f"Synced {mailbox.name}{resync}: {report.new_messages} new message(s), "
            f"{report.outcome.summary()}; next sync starts after UID {report.last_uid}."
        )
        _print_problems(report.outcome.problems)
    return True, report


@app.command("import")
def import_mail(
    files: Annotated[list[Path], typer.Argument(help=".eml or .mbox files.")],
    team: TeamOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Import .eml/.mbox files; bad messages are reported by file and number, the rest stored."""
    try:
        team_obj = _team(team)
    except ValueError as exc:
        raise _fail(str(exc), fmt) from exc
    from helpfirst.mail.importing import import_files

    with _progress() as progress:
        state: dict[str, Any] = {}

        def on_file(name: str, count: int) -> None:
            if "task" in state:
                progress.remove_task(state["task"])
            state["task"] = progress.add_task(f"Importing {Path(name).name}", total=count)

        reports = import_files(
            team_obj.pk,
            files,
            on_file=on_file,
            on_message=lambda: progress.advance(state["task"]),
        )
    bad = any(r.error or r.outcome.problems for r in reports)
    if fmt == OutputFormat.JSON:
        out.print_json(json.dumps({"ok": not bad, "files": [r.as_dict() for r in reports]}))
    else:
        for report in reports:
            if report.error is not None:
                out.print(f"[red]Not imported[/red] {report.error}")
                continue
            out.print(
                f"{report.file} ({report.format}, {report.messages} message(s)): "
                f"{report.outcome.summary()}"
            )
            _print_problems(report.outcome.problems)
        if len(reports) > 1:
            from helpfirst.mail.services import MailOutcome

            total = MailOutcome()
            for report in reports:
                total.add(report.outcome)
            unusable = sum(1 for r in reports if r.error is not None)
            skipped = f", {unusable} file(s) not imported" if unusable else ""
            out.print(f"[bold]{len(reports)} files:[/bold] {total.summary()}{skipped}")
    raise typer.Exit(1 if bad else 0)


@app.command("receive")
def receive(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="SMTP port to listen on.")] = 2525,
    max_size: Annotated[
        int, typer.Option("--max-size", min=1024, help="Largest message accepted, in bytes.")
    ] = 10 * 1024 * 1024,
    domain: Annotated[
        str | None, typer.Option("--domain", help="Accept drop addresses on this domain only.")
    ] = None,
) -> None:
    """Run the BCC drop SMTP receiver until stopped (Ctrl-C or SIGTERM)."""
    ensure_django()
    from helpfirst.mail.receiver import DropReceiver

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        receiver = DropReceiver(host, port, max_bytes=max_size, domain=domain).start()
    except (OSError, RuntimeError) as exc:
        raise _fail(f"cannot listen on {host}:{port} ({exc})", OutputFormat.TEXT) from exc
    console.print(f"Receiving BCC drop mail on {host}:{port} (Ctrl-C to stop)")
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        receiver.stop()
