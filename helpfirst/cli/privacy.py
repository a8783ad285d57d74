"""``helpfirst privacy``: Privacy: export or erase a contact, apply retention rules."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Privacy: export or erase a contact, apply retention rules.", no_args_is_help=True
)
