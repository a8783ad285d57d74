"""``helpfirst mail``: E-mail capture: IMAP sync, .eml/.mbox import, the BCC drop receiver."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="E-mail capture: IMAP sync, .eml/.mbox import, the BCC drop receiver.",
    no_args_is_help=True,
)
