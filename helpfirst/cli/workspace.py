"""Set up, fill and serve a helpfirst workspace: ``init``, ``demo``, ``serve``, ``settings``."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from helpfirst.cli.django_setup import ensure_django

console = Console(stderr=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def migrate_database(quiet: bool = False) -> None:
    """Apply every pending migration, showing progress per migration."""
    ensure_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        if not quiet:
            console.print("Database is up to date.")
        return
    with _progress() as progress:
        task = progress.add_task("Migrating the database", total=len(plan))
        for migration, _backwards in plan:
            call_command(
                "migrate", migration.app_label, migration.name, verbosity=0, interactive=False
            )
            progress.advance(task)


def complete_demo(summary, report) -> None:
    """Add what the other domains derive from the demo data (each step is idempotent)."""
    from helpfirst.demo.call_analyses import analyse_demo_calls
    from helpfirst.team.models import Team

    team = Team.objects.get(name=summary.team)
    from helpfirst.demo.outcomes import seed_demo_outcomes

    report("calls analysed", 0, 1)
    analyse_demo_calls(team)
    report("calls analysed", 1, 1)
    report("debriefs, business cases, success plans", 0, 1)
    seed_demo_outcomes(team, seed=summary.seed)
    report("debriefs, business cases, success plans", 1, 1)
    from helpfirst.demo.fit import assess_demo_fits
    from helpfirst.demo.plans import seed_demo_plans

    report("fit assessments", 0, 1)
    assess_demo_fits(team, progress=lambda done, total, *_: report("fit assessments", done, total))

    report("mutual action plans", 0, 1)
    seed_demo_plans(team, seed=summary.seed)
    report("mutual action plans", 1, 1)
    from helpfirst.demo.capture import seed_demo_capture

    report("website tracking set-up", 0, 1)
    seed_demo_capture(team)
    report("website tracking set-up", 1, 1)


def refresh_query_statistics() -> None:
    """Run ANALYZE so the query planner knows the table sizes after a bulk load.

    Without statistics SQLite picks the (team, occurred_at) index for per-account look-ups and
    the accounts list takes seconds instead of milliseconds at --size large.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def serve_app(
    host: str,
    port: int,
    production: bool = False,
    workers: int | None = None,
    threads: int | None = None,
) -> None:
    """Serve the web app (Django's threaded server, or gunicorn with --production).

    Static files are collected once, here, before any worker starts; with --production they
    are hashed and pre-compressed so WhiteNoise serves them with far-future caching.
    """
    ensure_django()
    from django.core.management import call_command

    from helpfirst.site.config import setting

    call_command("collectstatic", interactive=False, verbosity=0)
    console.print(f"Serving helpfirst on [bold]http://{host}:{port}/[/bold]  (Ctrl+C to stop)")
    if production:
        os.execvp(  # noqa: S606 - replaces this process with gunicorn, arguments are ours
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:helpfirst.operations.gunicorn_conf",
                "helpfirst.site.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers or int(setting("HELPFIRST_WORKERS"))),
                "--threads",
                str(threads or int(setting("HELPFIRST_THREADS"))),
                "--timeout",
                setting("HELPFIRST_REQUEST_TIMEOUT"),
            ],
        )
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)


def check_environment(production: bool) -> None:
    """Stop with a message naming each wrong setting (production mode is set here first)."""
    if production:
        os.environ["HELPFIRST_PRODUCTION"] = "1"
    from helpfirst.operations.startup import environment_problems

    problems = environment_problems()
    for problem in problems:
        colour = "red" if problem.fatal else "yellow"
        console.print(f"[{colour}]{problem.variable}[/{colour}]: {problem.message}")
    if any(p.fatal for p in problems):
        console.print("[red]helpfirst cannot start; fix the settings above.[/red]")
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add the workspace commands to the main CLI."""

    @app.command()
    def init(
        team_name: str = typer.Option("My team", help="Name of your selling team."),
        username: str = typer.Option("admin", help="Admin user to create."),
        email: str = typer.Option("", help="Admin e-mail."),
        password: str = typer.Option(
            "", envvar="HELPFIRST_ADMIN_PASSWORD", help="Admin password (default: generated)."
        ),
    ) -> None:
        """Migrate the database and create a team with an admin user (safe to re-run)."""
        migrate_database()
        from django.utils.text import slugify

        from helpfirst.team.models import Role, Team, User

        team, _ = Team.objects.get_or_create(
            slug=slugify(team_name) or "team", defaults={"name": team_name}
        )
        if User.objects.filter(username=username).exists():
            console.print(f"User [bold]{username}[/bold] already exists; nothing to change.")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            console.print(f"[red]Password refused: {' '.join(error.messages)}[/red]")
            raise typer.Exit(2) from error
        User.objects.create_superuser(
            username=username, email=email, password=password, team=team, role=Role.ADMIN
        )
        console.print(f"Created team [bold]{team.name}[/bold] and admin [bold]{username}[/bold].")
        if generated:
            console.print(f"Generated password (shown once): [bold]{password}[/bold]")

    @app.command()
    def demo(
        size: str = typer.Option("small", help="small (the quickstart) or large (benchmarks)."),
        serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the app afterwards."),
        host: str = typer.Option("127.0.0.1", help="Address to serve on."),
        port: int = typer.Option(8000, help="Port to serve on."),
        output_format: str = typer.Option("text", "--format", help="text or json"),
    ) -> None:
        """Load the demo company (idempotent) and serve the web app on 127.0.0.1."""
        if size not in ("small", "large"):
            console.print("[red]--size must be small or large.[/red]")
            raise typer.Exit(2)
        migrate_database(quiet=True)
        from helpfirst.demo.loader import load_demo

        with _progress() as progress:
            tasks: dict[str, int] = {}

            def report(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = progress.add_task(step, total=total)
                progress.update(tasks[step], completed=done, total=total)

            summary = load_demo(size=size, progress=report)
            complete_demo(summary, report)
        refresh_query_statistics()
        if output_format == "json":
            typer.echo(json.dumps(summary.as_dict()))
        else:
            _print_summary(summary)
        if serve:
            serve_app(host, port)

    @app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", help="Address to serve on."),
        port: int = typer.Option(8000, help="Port to serve on."),
        production: bool = typer.Option(
            False, help="Production mode: gunicorn workers, HTTPS-only cookies, hashed static."
        ),
        workers: int = typer.Option(
            0, help="gunicorn workers (default HELPFIRST_WORKERS) with --production."
        ),
        threads: int = typer.Option(
            0, help="Threads per worker (default HELPFIRST_THREADS) with --production."
        ),
    ) -> None:
        """Serve the web app (checking the settings and migrating first)."""
        check_environment(production)
        migrate_database(quiet=True)
        serve_app(host, port, production=production, workers=workers, threads=threads)

    @app.command("settings")
    def show_settings(
        output_format: str = typer.Option("text", "--format", help="text or json"),
    ) -> None:
        """List every setting helpfirst reads from the environment, with its current value."""
        from helpfirst.site.config import SETTINGS

        rows = [
            {"name": s.name, "value": s.read(), "default": s.default, "help": s.help}
            for s in SETTINGS
        ]
        for row in rows:
            if "SECRET" in row["name"] and row["value"]:
                row["value"] = "(set)"
        if output_format == "json":
            typer.echo(json.dumps(rows, indent=2))
            return
        table = Table("setting", "value", "help")
        for row in rows:
            table.add_row(row["name"], row["value"] or "[dim](default)[/dim]", row["help"])
        Console().print(table)


def _print_summary(summary) -> None:
    counts = Table("what", "how many", title="Demo data")
    for key, value in summary.counts.items():
        counts.add_row(key.replace("_", " "), f"{value:,}")
    console.print(counts)
    state = "already loaded, nothing changed" if summary.already_loaded else "loaded"
    console.print(f"Demo company [bold]{summary.team}[/bold] {state} in {summary.seconds:.1f} s.")
    logins = Table("username", "password", "role", "name", title="Demo logins")
    for login in summary.logins:
        logins.add_row(login["username"], login["password"], login["role"], login["name"])
    console.print(logins)
    console.print(f"Database: {Path(_database_name())}")


def _database_name() -> str:
    from django.db import connection

    return str(connection.settings_dict["NAME"])
