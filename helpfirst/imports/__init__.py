"""File formats in and out of helpfirst: CSV and JSONL imports and exports.

Imports read UTF-8 (with or without BOM) and Windows-1252, any of ``,`` ``;`` tab ``|`` as the
delimiter, quoted newlines, and the column names of helpfirst, HubSpot and Salesforce exports.
Good rows are applied in one transaction; bad rows go to a reject file (see
:mod:`helpfirst.imports.report`). Re-importing a file changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpfirst.audit.hooks import audited_import
from helpfirst.imports.columns import ENTITIES
from helpfirst.imports.report import ImportReport
from helpfirst.imports.runner import ImportContext, ProgressCallback

__all__ = ["ENTITIES", "ImportContext", "ImportReport", "import_file"]


@audited_import
def import_file(
    entity: str,
    path: str | Path,
    *,
    team: Any,
    user: Any,
    dry_run: bool = False,
    rejects: str | Path | None = None,
    origin: str = "",
    stage_map: dict[str, str] | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import ``path`` as ``entity`` (accounts, contacts, journeys or interactions) for ``user``.

    Raises :class:`~helpfirst.core.errors.ImportFileError` only when the file cannot be read at
    all; row problems are in the returned report.
    """
    from helpfirst.imports.accounts import AccountImporter
    from helpfirst.imports.contacts import ContactImporter
    from helpfirst.imports.interactions import import_interactions
    from helpfirst.imports.journeys import JourneyImporter
    from helpfirst.imports.runner import run_import

    context = ImportContext(team=team, user=user, origin=origin, stage_map=stage_map or {})
    if entity == "interactions":
        return import_interactions(
            path, context, dry_run=dry_run, rejects=rejects, progress=progress
        )
    importers = {
        "accounts": AccountImporter, "contacts": ContactImporter, "journeys": JourneyImporter,
    }
    if entity not in importers:
        raise ValueError(f"Unknown entity {entity!r}; use one of {', '.join(ENTITIES)}.")
    return run_import(
        importers[entity], path, context, dry_run=dry_run, rejects=rejects, progress=progress
    )
