"""Learn which buyer profiles become successful customers, from what happened after the sale.

Labels come from won journeys only: 1 when the customer is still with us and has realised
measured value, 0 when they churned. Whether a deal closed is never the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.fit.models import FitRecord
from helpfirst.success.models import FitAtDecision, SuccessPlan, ValueCheckpoint
from helpfirst.team import permissions

MIN_OUTCOMES = 30
MIN_PER_CLASS = 5
MAX_INDUSTRIES = 8


@dataclass
class LearnedFit:
    """What the outcome model learned, or why it could not learn yet (with the counts)."""

    enough: bool
    message: str
    outcomes: int
    needed: int
    retained: int
    churned: int
    drivers: list[tuple[str, float]] = field(default_factory=list)


def _outcome_rows(user) -> list[dict]:
    """Return one row per won journey with a known post-sale outcome (two to four queries)."""
    journeys = permissions.visible_journeys(user).filter(success_plan__isnull=False)
    plans = list(
        SuccessPlan.objects.filter(journey__in=journeys.values("pk")).select_related(
            "journey", "journey__account"
        )
    )
    valued = set(
        ValueCheckpoint.objects.filter(plan__in=[p.pk for p in plans], realised_benefit__gt=0)
        .values_list("plan_id", flat=True)
        .distinct()
    )
    ids = [p.journey_id for p in plans]
    at_decision = dict(
        FitAtDecision.objects.filter(journey_id__in=ids, fit_score__isnull=False).values_list(
            "journey_id", "fit_score"
        )
    )
    records = {
        r.journey_id: r for r in FitRecord.objects.filter(journey_id__in=ids, is_latest=True)
    }
    rows = []
    for plan in plans:
        journey = plan.journey
        if journey.buying_stage == vocabulary.BuyingStage.CHURNED:
            label = 0
        elif journey.buying_stage in vocabulary.CUSTOMER_STAGES and plan.pk in valued:
            label = 1
        else:
            continue  # still a customer, value not yet measured: no outcome yet
        record = records.get(journey.pk)
        payload = record.payload if record else {}
        score = at_decision.get(journey.pk, record.score if record else None)
        rows.append(
            {
                "label": label,
                "employees": journey.account.employees,
                "industry": journey.account.industry or "unknown",
                "fit_score": score,
                "problems": {
                    m["slug"]: float(m["confidence"]) for m in payload.get("matched_problems", [])
                },
                "anti_fits": len(payload.get("anti_fit_hits", [])),
            }
        )
    return rows


def _features(rows: list[dict]) -> tuple[list[list[float]], list[str]]:
    industries = sorted(
        {r["industry"] for r in rows}, key=lambda i: -sum(r["industry"] == i for r in rows)
    )[:MAX_INDUSTRIES]
    problems = sorted({slug for r in rows for slug in r["problems"]})
    names = ["company size (log employees)", "fit score at decision", "anti-fit hits"]
    names += [f"industry: {i}" for i in industries] + [f"problem: {p}" for p in problems]
    known_scores = [r["fit_score"] for r in rows if r["fit_score"] is not None]
    mean_score = sum(known_scores) / len(known_scores) if known_scores else 50.0
    matrix = []
    for r in rows:
        line = [
            math.log1p(r["employees"] or 0),
            float(r["fit_score"] if r["fit_score"] is not None else mean_score),
            float(r["anti_fits"]),
        ]
        line += [1.0 if r["industry"] == i else 0.0 for i in industries]
        line += [r["problems"].get(p, 0.0) for p in problems]
        matrix.append(line)
    return matrix, names


def learn_fit_from_outcomes(user, *, min_outcomes: int = MIN_OUTCOMES) -> LearnedFit:
    """Train ``OutcomeFitModel`` on the user's visible post-sale outcomes and say what drives it."""
    import numpy as np

    from helpfirst.core.fit import OutcomeFitModel

    rows = _outcome_rows(user)
    labels = [r["label"] for r in rows]
    retained, churned = sum(labels), len(labels) - sum(labels)
    model = OutcomeFitModel(min_outcomes=min_outcomes, min_per_class=MIN_PER_CLASS)
    check = model.check_history(labels)
    if not check.enough:
        return LearnedFit(False, check.message, check.outcomes, check.needed, retained, churned)
    matrix, names = _features(rows)
    try:
        model.fit(np.asarray(matrix), np.asarray(labels), feature_names=names)
    except DataValidationError as error:
        return LearnedFit(False, error.message, len(rows), min_outcomes, retained, churned)
    drivers = [(n, c) for n, c in model.feature_importances() if abs(c) >= 0.01]
    return LearnedFit(True, check.message, len(rows), min_outcomes, retained, churned, drivers)
