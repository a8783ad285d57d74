"""Operations commands: ``helpfirst backup`` and ``helpfirst restore``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the top-level operations commands to the CLI."""
