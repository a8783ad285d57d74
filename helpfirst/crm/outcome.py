"""The result of writing one CRM object, shared by the webhook receivers and the migration."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any


@dataclass
class Outcome:
    """What happened to one object; ``field``/``value`` say what could not be mapped."""

    status: str  # created, updated, unchanged, waiting, unmapped, failed
    message: str = ""
    field: str = ""
    value: str = ""
    obj: Any = None
    notes: list[tuple[str, str, str]] = dataclass_field(default_factory=list)  # (field, value, why)

    @property
    def ok(self) -> bool:
        return self.status in ("created", "updated", "unchanged")
