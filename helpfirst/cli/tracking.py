"""``helpfirst tracking``: Website tracking: site keys, page-type rules, tracked links."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Website tracking: site keys, page-type rules, tracked links.", no_args_is_help=True
)
