"""Options shared by the CLI's command groups: output format and team choice."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class OutputFormat(StrEnum):
    """How a command prints its result: for people, or JSON for scripts."""

    TEXT = "text"
    JSON = "json"


TeamOption = Annotated[
    str | None, typer.Option("--team", help="Team slug (optional when there is one team).")
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for scripts.")
]
