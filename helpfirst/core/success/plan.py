"""Track a success plan: implementation milestones with owners and dates, and which ones slip."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from helpfirst.core.errors import DataValidationError

MilestoneState = Literal["done_on_time", "done_late", "overdue", "due_soon", "upcoming"]
SLIPPED_STATES: frozenset[str] = frozenset({"done_late", "overdue"})


@dataclass(frozen=True)
class Milestone:
    """One step the customer and we agreed on, with who owns it and when it is due."""

    name: str
    owner: str
    due: date
    done_on: date | None = None


@dataclass(frozen=True)
class MilestoneStatus:
    """Where a milestone stands on a given day; ``days_late`` is 0 unless it slipped."""

    milestone: Milestone
    state: MilestoneState
    days_late: int

    @property
    def slipped(self) -> bool:
        """Return True when the milestone was done late or is overdue."""
        return self.state in SLIPPED_STATES

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data (dates as ISO text)."""
        m = self.milestone
        return {
            "name": m.name,
            "owner": m.owner,
            "due": m.due.isoformat(),
            "done_on": m.done_on.isoformat() if m.done_on else None,
            "state": self.state,
            "days_late": self.days_late,
            "slipped": self.slipped,
        }


@dataclass(frozen=True)
class SuccessPlan:
    """The milestones that take a won customer from purchase to the value they expected."""

    customer: str
    milestones: tuple[Milestone, ...] = field(default_factory=tuple)
    due_soon_days: int = 14

    def __post_init__(self) -> None:
        object.__setattr__(self, "milestones", tuple(self.milestones))
        for index, item in enumerate(self.milestones):
            where = f"milestones[{index}]"
            if not isinstance(item, Milestone):
                raise DataValidationError("must be a Milestone", field=where)
            if not item.name.strip():
                raise DataValidationError("needs a name", field=f"{where}.name")
            if not item.owner.strip():
                raise DataValidationError(
                    "needs an owner: a milestone nobody owns slips", field=f"{where}.owner"
                )
            if not isinstance(item.due, date):
                raise DataValidationError("must be a date", field=f"{where}.due")
            if item.done_on is not None and not isinstance(item.done_on, date):
                raise DataValidationError("must be a date or empty", field=f"{where}.done_on")
        if self.due_soon_days < 0:
            raise DataValidationError("cannot be negative", field="due_soon_days")

    def status(self, today: date) -> list[MilestoneStatus]:
        """Return every milestone's state on ``today``, in due-date order."""
        return [
            milestone_status(item, today, due_soon_days=self.due_soon_days)
            for item in sorted(self.milestones, key=lambda m: (m.due, m.name))
        ]

    def slipped(self, today: date) -> list[MilestoneStatus]:
        """Return the milestones done late or overdue on ``today``, latest slip first."""
        slips = [item for item in self.status(today) if item.slipped]
        return sorted(slips, key=lambda item: (-item.days_late, item.milestone.name))

    def on_time_share(self, today: date) -> float | None:
        """Return the share of milestones due by ``today`` (or done) that were done on time.

        ``None`` when nothing is due yet: no evidence either way.
        """
        judged = [item for item in self.status(today) if item.state not in ("upcoming", "due_soon")]
        if not judged:
            return None
        return sum(item.state == "done_on_time" for item in judged) / len(judged)


def milestone_status(
    milestone: Milestone, today: date, *, due_soon_days: int = 14
) -> MilestoneStatus:
    """Return where ``milestone`` stands on ``today``; a later completion does not count yet."""
    if milestone.done_on is not None and milestone.done_on <= today:
        late = (milestone.done_on - milestone.due).days
        if late > 0:
            return MilestoneStatus(milestone, "done_late", late)
        return MilestoneStatus(milestone, "done_on_time", 0)
    late = (today - milestone.due).days
    if late > 0:
        return MilestoneStatus(milestone, "overdue", late)
    if -late <= due_soon_days:
        return MilestoneStatus(milestone, "due_soon", 0)
    return MilestoneStatus(milestone, "upcoming", 0)
