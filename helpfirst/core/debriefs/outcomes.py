"""Count why journeys ended the way they did, by problem, segment or rep.

Outcomes group into three: ``win`` (won), ``no_fit`` (we agreed it was not a fit: a good
outcome of helping first) and ``loss`` (chose an alternative, no decision, churned).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from helpfirst.core.errors import DataValidationError

Outcome = Literal["won", "not_a_fit", "chose_alternative", "no_decision", "churned"]
OutcomeClass = Literal["win", "loss", "no_fit"]
BreakdownKey = Literal["problem", "segment", "rep"]

OUTCOME_CLASS: dict[str, OutcomeClass] = {
    "won": "win",
    "not_a_fit": "no_fit",
    "chose_alternative": "loss",
    "no_decision": "loss",
    "churned": "loss",
}
UNSPECIFIED = "(not set)"


@dataclass(frozen=True)
class Debrief:
    """A structured debrief after a call or an outcome (what, how, why, valued, differently).

    ``outcome`` is empty for a debrief after a call that did not end the journey.
    """

    debrief_id: Hashable
    outcome: Outcome | None = None
    what_happened: str = ""
    how: str = ""
    why: str = ""
    buyer_valued: str = ""
    do_differently: str = ""
    reason_codes: tuple[str, ...] = field(default_factory=tuple)
    problem: str = ""
    segment: str = ""
    rep: str = ""

    @property
    def outcome_class(self) -> OutcomeClass | None:
        """Return win, loss or no_fit (``None`` for a call debrief)."""
        return OUTCOME_CLASS.get(self.outcome) if self.outcome else None

    @property
    def text(self) -> str:
        """Return all free-text answers joined, for theme extraction."""
        parts = (self.what_happened, self.how, self.why, self.buyer_valued, self.do_differently)
        return "\n".join(part.strip() for part in parts if part.strip())


@dataclass(frozen=True)
class OutcomeGroup:
    """Outcomes and reason codes for one problem, segment or rep."""

    key: str
    total: int
    outcomes: dict[str, int]
    reasons: dict[str, dict[str, int]]

    @property
    def win_rate(self) -> float | None:
        """Return wins / (wins + losses); no-fits are left out (walking away is not losing)."""
        decided = self.outcomes.get("win", 0) + self.outcomes.get("loss", 0)
        return self.outcomes.get("win", 0) / decided if decided else None

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "key": self.key,
            "total": self.total,
            "outcomes": dict(self.outcomes),
            "reasons": {k: dict(v) for k, v in self.reasons.items()},
            "win_rate": self.win_rate,
        }


def outcome_breakdown(
    debriefs: Sequence[Debrief], by: BreakdownKey = "problem"
) -> list[OutcomeGroup]:
    """Return, per ``by`` value, win/loss/no-fit counts and reason-code counts per class.

    Groups are ordered by size (largest first), then name; an empty value is ``(not set)``.
    Call debriefs (no outcome) are not counted.
    """
    if by not in ("problem", "segment", "rep"):
        raise DataValidationError("must be problem, segment or rep", field="by")
    outcomes: dict[str, Counter[str]] = {}
    reasons: dict[str, dict[str, Counter[str]]] = {}
    for index, debrief in enumerate(debriefs):
        if not isinstance(debrief, Debrief):
            raise DataValidationError("must be a Debrief", field=f"debriefs[{index}]")
        if debrief.outcome is None:
            continue
        if debrief.outcome not in OUTCOME_CLASS:
            raise DataValidationError(
                f"unknown outcome {debrief.outcome!r}; use one of {', '.join(OUTCOME_CLASS)}",
                field=f"debriefs[{index}].outcome",
            )
        key = (getattr(debrief, by) or "").strip() or UNSPECIFIED
        kind = OUTCOME_CLASS[debrief.outcome]
        outcomes.setdefault(key, Counter())[kind] += 1
        per_class = reasons.setdefault(key, {})
        for code in debrief.reason_codes:
            per_class.setdefault(kind, Counter())[code.strip()] += 1
    groups = [
        OutcomeGroup(
            key=key,
            total=sum(counts.values()),
            outcomes={kind: counts.get(kind, 0) for kind in ("win", "loss", "no_fit")},
            reasons={
                kind: dict(sorted(codes.items(), key=lambda item: (-item[1], item[0])))
                for kind, codes in sorted(reasons.get(key, {}).items())
            },
        )
        for key, counts in outcomes.items()
    ]
    groups.sort(key=lambda group: (-group.total, group.key))
    return groups
