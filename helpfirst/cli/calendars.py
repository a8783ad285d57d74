"""``helpfirst calendars``: Calendar capture: .ics import and CalDAV sync."""

from __future__ import annotations

import typer

app = typer.Typer(help="Calendar capture: .ics import and CalDAV sync.", no_args_is_help=True)
