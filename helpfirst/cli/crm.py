"""``helpfirst crm``: Other CRMs: one-shot migration from HubSpot/Salesforce exports."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Other CRMs: one-shot migration from HubSpot/Salesforce exports.", no_args_is_help=True
)
