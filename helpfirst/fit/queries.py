"""Reads of the fit app: current verdicts, the nurture list, and what changed since an exit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from helpfirst.core import vocabulary
from helpfirst.fit.models import FitExit, FitRecord
from helpfirst.interactions.models import Interaction
from helpfirst.team import permissions


def latest_fit_by_journey(journey_ids) -> dict[int, FitRecord]:
    """Return the current fit record of each journey that has one, in one query."""
    ids = list(journey_ids)
    if not ids:
        return {}
    rows = FitRecord.objects.filter(journey_id__in=ids, is_latest=True)
    return {row.journey_id: row for row in rows}


def latest_fit(journey) -> FitRecord | None:
    """Return the journey's current fit record, or None when it was never assessed."""
    return FitRecord.objects.filter(journey=journey, is_latest=True).first()


@dataclass
class NurtureRow:
    """One buyer we stepped aside from: when to look again and what changed since."""

    exit: FitExit
    due: bool
    days_until: int
    new_interactions: int
    new_buyer_interactions: int
    needs_changed: bool
    changes: list[str] = field(default_factory=list)


def _latest_exits(user):
    """Return the latest exit of each visible journey still at "not a fit", soonest first."""
    journeys = permissions.visible_journeys(user).filter(buying_stage="not_a_fit")
    exits = (
        FitExit.objects.filter(journey__in=journeys.values("pk"), rechecked_at__isnull=True)
        .select_related("journey", "journey__account", "journey__owner")
        .order_by("recheck_on", "-exited_at", "id")
    )
    seen, out = set(), []
    for row in exits:
        if row.journey_id not in seen:
            seen.add(row.journey_id)
            out.append(row)
    return out


def nurture_list(user, today: dt.date) -> list[NurtureRow]:
    """Return everyone on the user's nurture list, with what changed since we stepped aside."""
    exits = _latest_exits(user)
    if not exits:
        return []
    exited_at = {row.journey_id: row.exited_at for row in exits}
    rows = (
        Interaction.objects.filter(
            journey_id__in=list(exited_at), occurred_at__gt=min(exited_at.values())
        )
        .exclude(source="fit_exit")
        .values_list("journey_id", "kind", "occurred_at")
        .order_by()
    )
    by_journey: dict[int, dict[str, int]] = {}
    for journey_id, kind, occurred_at in rows.iterator(chunk_size=2000):
        if occurred_at <= exited_at[journey_id]:
            continue
        count = by_journey.setdefault(journey_id, {"total": 0, "buyer": 0})
        count["total"] += 1
        count["buyer"] += kind not in vocabulary.OUTBOUND_KINDS
    out = []
    for row in exits:
        count = by_journey.get(row.journey_id, {"total": 0, "buyer": 0})
        needs_changed = (row.journey.stated_needs or "").strip() != row.needs_at_exit.strip()
        changes = []
        if count["total"]:
            changes.append(
                f"{count['total']} new interaction(s) since we stepped aside, "
                f"{count['buyer']} by the buyer."
            )
        if needs_changed:
            changes.append("Their stated needs changed since we stepped aside.")
        out.append(
            NurtureRow(
                exit=row,
                due=row.recheck_on <= today,
                days_until=(row.recheck_on - today).days,
                new_interactions=count["total"],
                new_buyer_interactions=count["buyer"],
                needs_changed=needs_changed,
                changes=changes,
            )
        )
    return out


def nurture_due(user, today: dt.date) -> list[NurtureRow]:
    """Return the nurture rows whose re-check date has come (or whose buyer came back)."""
    return [row for row in nurture_list(user, today) if row.due or row.new_buyer_interactions]
