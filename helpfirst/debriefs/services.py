"""Writes for debriefs, and the turn of debrief rows into the core's dataclasses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.debriefs.models import Debrief, DebriefKind, Outcome
from helpfirst.journeys.models import Journey
from helpfirst.playbook.models import Problem
from helpfirst.success.problem_signs import problem_signs

if TYPE_CHECKING:
    from helpfirst.core import debriefs as core

MAX_REASON_CODES = 12
EXIT_OUTCOMES = frozenset({"not_a_fit", "chose_alternative", "no_decision", "churned"})


def outcome_of_stage(stage: str) -> str:
    """Return the outcome a buying stage stands for ("won" after the sale), or "" if none yet."""
    if vocabulary.is_customer_stage(stage):
        return Outcome.WON
    return stage if stage in EXIT_OUTCOMES else ""


def normalise_reason_codes(codes: str | Iterable[str]) -> list[str]:
    """Return reason codes as lower-case snake_case, without repeats ("No budget" -> no_budget)."""
    items = re.split(r"[,;\n]", codes) if isinstance(codes, str) else list(codes)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise DataValidationError(f"a reason code must be text, got {item!r}",
                                      field="reason_codes")
        code = re.sub(r"[^a-z0-9]+", "_", item.strip().lower()).strip("_")[:60]
        if code and code not in out:
            out.append(code)
    if len(out) > MAX_REASON_CODES:
        raise DataValidationError(
            f"use at most {MAX_REASON_CODES} reason codes; keep the ones that matter",
            field="reason_codes",
        )
    return out


def guess_problem(journey: Journey) -> Problem | None:
    """Return the team's playbook problem the journey's stated needs echo most, if any."""
    problems = Problem.objects.filter(team_id=journey.team_id).only(
        "pk", "title", "example_phrasings"
    )
    text = f"{journey.title}\n{journey.stated_needs}"
    signs = problem_signs(text, problems)
    if not signs:
        return None
    return next(p for p in problems if p.pk == signs[0].problem_id)


@transaction.atomic
def record_debrief(
    journey: Journey,
    *,
    author,
    kind: str = DebriefKind.OUTCOME,
    outcome: str = "",
    what_happened: str = "",
    how: str = "",
    why: str = "",
    buyer_valued: str = "",
    do_differently: str = "",
    reason_codes: str | Iterable[str] = (),
    interaction=None,
    problem: Problem | None = None,
    created_at: datetime | None = None,
    source: str = "helpfirst",
) -> Debrief:
    """Store a debrief; an outcome debrief needs the outcome, and every debrief needs some words.

    The problem defaults to the playbook problem the journey's stated needs echo.
    """
    if kind not in DebriefKind.values:
        raise DataValidationError("must be after_call or outcome", field="kind")
    if outcome and outcome not in Outcome.values:
        raise DataValidationError(
            f"unknown outcome {outcome!r}; use one of {', '.join(Outcome.values)}",
            field="outcome",
        )
    if kind == DebriefKind.OUTCOME and not outcome:
        outcome = outcome_of_stage(journey.buying_stage)
        if not outcome:
            raise DataValidationError(
                "say how the journey ended (won, not a fit, chose an alternative …)",
                field="outcome",
            )
    texts = {"what_happened": what_happened, "how": how, "why": why,
             "buyer_valued": buyer_valued, "do_differently": do_differently}
    texts = {key: (value or "").strip() for key, value in texts.items()}
    if not texts["what_happened"] and not texts["why"]:
        raise DataValidationError("write a line on what happened or why", field="what_happened")
    if interaction is not None and interaction.journey_id != journey.pk:
        raise DataValidationError("that call belongs to another journey", field="interaction")
    if problem is not None and problem.team_id != journey.team_id:
        raise DataValidationError("that problem is not in your playbook", field="problem")
    return Debrief.objects.create(
        team_id=journey.team_id,
        journey=journey,
        author=author,
        kind=kind,
        outcome=outcome,
        interaction=interaction,
        problem=problem if problem is not None else guess_problem(journey),
        reason_codes=normalise_reason_codes(reason_codes),
        created_at=created_at or timezone.now(),
        source=source,
        **texts,
    )


def to_core_debrief(debrief: Debrief) -> core.Debrief:
    """Return the core view of one debrief (needs journey, account, owner and problem loaded).

    The rep is the journey's owner, whoever wrote the debrief.
    """
    from helpfirst.core import debriefs as core  # loads scikit-learn: only when needed

    owner = debrief.journey.owner
    return core.Debrief(
        debrief_id=debrief.pk,
        outcome=debrief.outcome or None,
        what_happened=debrief.what_happened,
        how=debrief.how,
        why=debrief.why,
        buyer_valued=debrief.buyer_valued,
        do_differently=debrief.do_differently,
        reason_codes=tuple(debrief.reason_codes or ()),
        problem=debrief.problem.title if debrief.problem else "",
        segment=debrief.journey.account.industry,
        rep=owner.display_name,
    )
