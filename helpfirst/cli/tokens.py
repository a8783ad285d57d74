"""API tokens from the command line."""

from __future__ import annotations

import json
from datetime import timedelta

import typer
from rich.console import Console
from rich.table import Table

from helpfirst.cli.django_setup import ensure_django

app = typer.Typer(no_args_is_help=True)
console = Console()


@app.command("create")
def create_token(
    username: str = typer.Argument(..., help="Whose token it is."),
    name: str = typer.Option("cli", help="A name to recognise the token by."),
    days: int = typer.Option(0, help="Expire after this many days (0: never)."),
    scope: list[str] = typer.Option(  # noqa: B008 - typer's way of declaring a repeated option
        None,
        "--scope",
        help="read or write (repeatable). Default: read and write. write implies read.",
    ),
    output_format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Create an API token; the raw key is printed once and only its hash is stored."""
    ensure_django()
    from django.utils import timezone

    from helpfirst.team.models import ApiToken, User

    user = User.objects.filter(username=username).first()
    if user is None:
        console.print(f"[red]No user {username!r}.[/red]")
        raise typer.Exit(2)
    scopes = sorted({s.strip().lower() for s in scope or ["read", "write"]})
    unknown = [s for s in scopes if s not in ("read", "write")]
    if unknown:
        console.print(f"[red]Unknown scope {unknown[0]!r}: use read or write.[/red]")
        raise typer.Exit(2)
    if "write" in scopes:
        scopes = ["read", "write"]
    expires = timezone.now() + timedelta(days=days) if days > 0 else None
    token, raw = ApiToken.issue(user, name, expires_at=expires, scopes=scopes)
    if output_format == "json":
        typer.echo(
            json.dumps(
                {"id": token.pk, "token": raw, "expires_at": str(expires or ""), "scopes": scopes}
            )
        )
    else:
        console.print(
            f"Token for [bold]{username}[/bold] ({' + '.join(scopes)}; shown once, keep it safe):"
        )
        typer.echo(raw)


@app.command("list")
def list_tokens(output_format: str = typer.Option("text", "--format", help="text or json")):
    """List tokens (never their keys)."""
    ensure_django()
    from helpfirst.team.models import ApiToken

    rows = [
        {
            "id": t.pk,
            "user": t.user.username,
            "name": t.name,
            "prefix": t.prefix,
            "active": t.is_active,
            "scopes": list(t.scopes or []),
            "expires_at": t.expires_at.isoformat() if t.expires_at else None,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        }
        for t in ApiToken.objects.select_related("user")
    ]
    if output_format == "json":
        typer.echo(json.dumps(rows))
        return
    table = Table("id", "user", "name", "prefix", "scopes", "active", "expires", "last used")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["user"],
            r["name"],
            r["prefix"] + "…",
            ",".join(r["scopes"]),
            "yes" if r["active"] else "no",
            r["expires_at"] or "never",
            r["last_used_at"] or "never",
        )
    console.print(table)


@app.command("revoke")
def revoke_token(token_id: int = typer.Argument(..., help="The id shown by `token list`.")):
    """Revoke a token: it stops working at once."""
    ensure_django()
    from django.utils import timezone

    from helpfirst.audit.services import record_token_revoked
    from helpfirst.team.models import ApiToken

    updated = ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        console.print(f"[red]No active token {token_id}.[/red]")
        raise typer.Exit(2)
    record_token_revoked(token_id)
    console.print(f"Token {token_id} revoked.")
