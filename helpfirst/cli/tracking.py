"""``helpfirst tracking``: Website tracking: site keys, page-type rules, tracked links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from helpfirst.cli.django_setup import ensure_django

app = typer.Typer(
    help="Website tracking: site keys, page-type rules, tracked links.", no_args_is_help=True
)
site_app = typer.Typer(
    help="Tracked sites: add, list, and their page-type rules.", no_args_is_help=True
)
app.add_typer(site_app, name="site")
console = Console()
err = Console(stderr=True)


def _team(slug: str | None):
    from helpfirst.team.models import Team

    teams = Team.objects.all()
    if slug:
        team = teams.filter(slug=slug).first()
        if team is None:
            err.print(f"[red]No team {slug!r}.[/red] Teams: {', '.join(t.slug for t in teams)}")
            raise typer.Exit(2)
        return team
    if teams.count() != 1:
        err.print("[red]Say which team with --team SLUG.[/red]")
        raise typer.Exit(2)
    return teams.get()


def _site(site_id: int):
    from helpfirst.tracking.models import TrackedSite

    site = TrackedSite.objects.filter(pk=site_id).first()
    if site is None:
        err.print(f"[red]No site {site_id}.[/red] `helpfirst tracking site list` shows them.")
        raise typer.Exit(2)
    return site


def _fail(exc) -> None:
    err.print(f"[red]{exc}[/red]")
    raise typer.Exit(2)


def _site_dict(site, base_url: str) -> dict:
    from helpfirst.tracking.sites import snippet_tag

    return {
        "id": site.pk,
        "team": site.team.slug,
        "name": site.name,
        "site_key": site.site_key,
        "allowed_origins": site.allowed_origins,
        "ip_policy": site.ip_policy,
        "consent_required": site.consent_required,
        "events_per_minute": site.events_per_minute,
        "enabled": site.enabled,
        "snippet": snippet_tag(site, base_url),
    }


@site_app.command("add")
def add_site(
    name: Annotated[str, typer.Argument(help="A name for the site, e.g. 'Main website'.")],
    origin: Annotated[list[str], typer.Option("--origin", help="Allowed origin (repeatable).")],
    team: str = typer.Option(None, help="Team slug (needed when there are several teams)."),
    rules: Annotated[
        Path | None, typer.Option(help="File of page-type rules, one 'PATTERN TYPE' a line.")
    ] = None,
    ip_policy: str = typer.Option("drop", help="drop or truncate visitors' IP addresses."),
    consent_required: bool = typer.Option(True, help="Record only visitors who consented."),
    output_format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Add a tracked site and print its snippet."""
    ensure_django()
    from helpfirst.core.website.errors import TrackingSetupError
    from helpfirst.tracking.links import public_base_url
    from helpfirst.tracking.sites import create_site

    owner = _team(team)
    try:
        text = rules.read_text(encoding="utf-8") if rules else ""
        site = create_site(
            owner.pk,
            name=name,
            allowed_origins=origin,
            page_rules=text,
            ip_policy=ip_policy,
            consent_required=consent_required,
        )
    except (TrackingSetupError, OSError) as exc:
        _fail(exc)
    data = _site_dict(site, public_base_url())
    if output_format == "json":
        typer.echo(json.dumps(data))
        return
    console.print(f"Site [bold]{site.name}[/bold] (id {site.pk}), key {site.site_key}.")
    console.print("Paste this into every page of the site:")
    typer.echo(data["snippet"])


@site_app.command("list")
def list_sites(
    team: str = typer.Option(None, help="Only this team's sites."),
    output_format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """List tracked sites with their keys and policies."""
    ensure_django()
    from helpfirst.tracking.links import public_base_url
    from helpfirst.tracking.models import TrackedSite

    sites = TrackedSite.objects.select_related("team").order_by("team__slug", "name")
    if team:
        sites = sites.filter(team__slug=team)
    rows = [_site_dict(s, public_base_url()) for s in sites]
    if output_format == "json":
        typer.echo(json.dumps(rows))
        return
    table = Table("id", "team", "name", "site key", "origins", "IP", "consent", "on")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["team"],
            r["name"],
            r["site_key"],
            " ".join(r["allowed_origins"]),
            r["ip_policy"],
            "required" if r["consent_required"] else "no",
            "yes" if r["enabled"] else "no",
        )
    console.print(table)


@site_app.command("rules")
def site_rules(
    site_id: int = typer.Argument(..., help="The site id (`helpfirst tracking site list`)."),
    set_file: Annotated[
        Path | None, typer.Option("--set", help="Replace the rules with this file's.")
    ] = None,
    test: Annotated[
        list[str] | None, typer.Option("--test", help="Show the page type of this URL.")
    ] = None,
    output_format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Show, replace or try out a site's page-type rules."""
    ensure_django()
    from helpfirst.core.website import page_rules
    from helpfirst.core.website.errors import TrackingSetupError
    from helpfirst.tracking.sites import update_site

    site = _site(site_id)
    if set_file is not None:
        try:
            update_site(site, page_rules=set_file.read_text(encoding="utf-8"))
        except TrackingSetupError as exc:
            _fail(f"{set_file}: {exc}")
        except OSError as exc:
            _fail(exc)
    rules = site.rules()
    tests = {url: page_rules.page_type_for(url, rules) for url in (test or [])}
    if output_format == "json":
        typer.echo(json.dumps({"rules": [r.as_line() for r in rules], "tests": tests}))
        return
    if rules:
        table = Table("#", "pattern", "page type")
        for number, rule in enumerate(rules, start=1):
            table.add_row(str(number), rule.pattern, rule.page_type)
        console.print(table)
    else:
        console.print("No rules of its own; the built-in defaults apply (/pricing, /docs …).")
    for url, page_type in tests.items():
        console.print(f"{url} → [bold]{page_type}[/bold]")


@app.command("link")
def make_link(
    url: str = typer.Argument(..., help="Where the link leads (http or https)."),
    team: str = typer.Option(None, help="Team slug (needed when there are several teams)."),
    contact: int = typer.Option(None, help="The contact id the link is sent to."),
    journey: int = typer.Option(None, help="The journey id it belongs to."),
    reference: str = typer.Option("", help="The e-mail or campaign it is sent in."),
) -> None:
    """Make a tracked link to put in an e-mail, and print it."""
    ensure_django()
    from helpfirst.core.website.errors import TrackingSetupError
    from helpfirst.tracking.links import tracked_url

    owner = _team(team)
    try:
        typer.echo(
            tracked_url(owner.pk, url, contact=contact, journey=journey, reference=reference)
        )
    except TrackingSetupError as exc:
        _fail(exc)
