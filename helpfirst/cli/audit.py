"""``helpfirst audit``: Audit log: who changed or exported what, when."""

from __future__ import annotations

import typer

app = typer.Typer(help="Audit log: who changed or exported what, when.", no_args_is_help=True)
