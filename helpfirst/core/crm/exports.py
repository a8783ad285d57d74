"""Tell which CRM object an export file holds, from its name and its header.

Salesforce exports are named after the object (``Account.csv``, ``Opportunity.csv``, Data Loader's
``accountData.csv``); HubSpot's after the object list (``companies.csv``, ``deals.csv``,
``calls.csv``). When the name says nothing, the header decides (``StageName`` → deals,
``WhoId`` → activities …). Files are migrated in dependency order: users, companies, contacts,
leads, deals, activities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from helpfirst.core.crm.stages import normalise_label

ORDER = {"users": 0, "company": 1, "contact": 2, "lead": 3, "deal": 4, "activity": 5}

_NAME_RULES: tuple[tuple[str, str, str], ...] = (
    # (pattern in the file name, object kind, activity type)
    (r"opportunit|deal", "deal", ""),
    (r"lead", "lead", ""),
    (r"contact", "contact", ""),
    (r"account|compan", "company", ""),
    (r"call", "activity", "call"),
    (r"meeting|event", "activity", "meeting"),
    (r"e-?mail", "activity", "email"),
    (r"note", "activity", "note"),
    (r"task|engagement|activit", "activity", "task"),
    (r"^users?$|__users?$|owner", "users", ""),
)


@dataclass(frozen=True)
class ExportKind:
    """What one file holds; ``kind`` is empty when it cannot be told (``why`` says so)."""

    kind: str
    activity_type: str = ""
    why: str = ""


def detect_object(file_name: str, headers: Iterable[str]) -> ExportKind:
    """Return which object a file holds, or an empty kind with the reason."""
    names = {normalise_label(h) for h in headers}
    if "error" in names and names & {"id", "stagename", "name"}:
        return ExportKind(
            "",
            why="This is a Data Loader error log: its rows were never saved in Salesforce, so "
            "there is nothing to migrate.",
        )
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name.rsplit("/", 1)[-1]).lower()
    stem = stem.split("__", 1)[-1] if "__" in stem else stem
    for pattern, kind, activity in _NAME_RULES:
        if re.search(pattern, stem):
            return ExportKind(kind, activity)
    if names & {"stagename", "dealstage"}:
        return ExportKind("deal")
    if names & {"whoid", "whatid", "tasksubtype", "activitydate", "engagementtype"}:
        return ExportKind("activity", "task")
    if {"lastname", "company", "status"} <= names:
        return ExportKind("lead")
    if names & {"lastname", "firstname", "email"}:
        return ExportKind("contact")
    if names & {"name", "companyname", "accountname"}:
        return ExportKind("company")
    return ExportKind(
        "",
        why="Cannot tell which object this file holds; name it after the object "
        "(Account.csv, Contact.csv, Lead.csv, Opportunity.csv, Task.csv, companies.csv, "
        "deals.csv …).",
    )
