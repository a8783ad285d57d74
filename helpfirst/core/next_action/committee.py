"""Warn when the buying committee is covered badly: engage every stakeholder, not just one.

Warnings, each with a reason: nobody from the buyer's side on record, no economic buyer (or one
who never engaged), single-threaded (one person carries the journey), a blocker nobody has
listened to, and a stakeholder who has gone silent for weeks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from helpfirst.core.errors import DataValidationError
from helpfirst.core.next_action.snapshot import CommitteeWarning, Stakeholder
from helpfirst.core.vocabulary import (
    STAKEHOLDER_ROLE_LABELS,
    BuyingStage,
    StakeholderRole,
    is_customer_stage,
)

DEFAULT_SILENT_AFTER_DAYS = 21
DEFAULT_ENGAGED_WITHIN_DAYS = 30
LATE_STAGES = frozenset({BuyingStage.EVALUATING, BuyingStage.DECIDING})
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def committee_warnings(
    stakeholders: Iterable[Stakeholder],
    now: datetime,
    *,
    buying_stage: str | None = None,
    silent_after_days: int = DEFAULT_SILENT_AFTER_DAYS,
    engaged_within_days: int = DEFAULT_ENGAGED_WITHIN_DAYS,
) -> list[CommitteeWarning]:
    """Return the committee's coverage gaps, most serious first (stable order)."""
    if now.tzinfo is None:
        raise DataValidationError("now must be timezone-aware.", field="now")
    people = sorted(stakeholders, key=lambda s: s.contact_key)
    late = buying_stage in LATE_STAGES
    warnings: list[CommitteeWarning] = []
    if not people:
        return [
            CommitteeWarning(
                "no_stakeholders",
                "high" if late else "medium",
                "Nobody from the buyer's side is on record: add the people involved.",
            )
        ]
    engaged_since = now - timedelta(days=engaged_within_days)
    silent_since = now - timedelta(days=silent_after_days)
    engaged = [p for p in people if p.last_engaged_at and p.last_engaged_at >= engaged_since]
    economic_buyers = [p for p in people if p.stakeholder_role == StakeholderRole.ECONOMIC_BUYER]

    if not economic_buyers and not is_customer_stage(buying_stage):
        warnings.append(
            CommitteeWarning(
                "no_economic_buyer",
                "high" if late else "medium",
                "No economic buyer identified: ask your champion who signs off and what they "
                "need to see.",
            )
        )
    for person in economic_buyers:
        if person.last_engaged_at is None or person.last_engaged_at < engaged_since:
            when = (
                "has never engaged"
                if person.last_engaged_at is None
                else f"has not engaged for {(now - person.last_engaged_at).days} days"
            )
            warnings.append(
                CommitteeWarning(
                    "economic_buyer_not_engaged",
                    "high" if late else "medium",
                    f"{person.name} (economic buyer) {when}: offer something for their "
                    "concerns, through the champion if need be.",
                    (person.contact_key,),
                )
            )
    if len(engaged) <= 1 and (len(people) == 1 or engaged):
        carrier = engaged[0] if engaged else people[0]
        warnings.append(
            CommitteeWarning(
                "single_threaded",
                "high" if late else "medium",
                f"Single-threaded: only {carrier.name} carries this journey. Ask who else is "
                "affected and meet a second stakeholder.",
                (carrier.contact_key,),
            )
        )
    for person in people:
        opposed = person.stakeholder_role == StakeholderRole.BLOCKER or person.stance == "opposed"
        if opposed and person.last_listened_at is None:
            role = STAKEHOLDER_ROLE_LABELS.get(person.stakeholder_role, "stakeholder").lower()
            if person.stakeholder_role != StakeholderRole.BLOCKER:
                role = f"opposed {role}"
            warnings.append(
                CommitteeWarning(
                    "blocker_not_heard",
                    "high",
                    f"Nobody has listened to {person.name} ({role}) yet: ask what worries "
                    "them before anything else.",
                    (person.contact_key,),
                )
            )
    for person in people:
        if person.stakeholder_role == StakeholderRole.ECONOMIC_BUYER:
            continue  # covered by economic_buyer_not_engaged
        if person.last_engaged_at is not None and person.last_engaged_at < silent_since:
            weeks = (now - person.last_engaged_at).days // 7
            warnings.append(
                CommitteeWarning(
                    "stakeholder_silent",
                    "low" if person.influence == "low" else "medium",
                    f"{person.name} has been silent for {weeks} weeks: check in with something "
                    "useful to them.",
                    (person.contact_key,),
                    {"days_silent": (now - person.last_engaged_at).days},
                )
            )
    warnings.sort(key=lambda w: (_SEVERITY_ORDER[w.severity], w.code, w.contact_keys))
    return warnings
