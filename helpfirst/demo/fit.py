"""Assess the fit of every demo journey, so verdicts show across the demo from the start."""

from __future__ import annotations

from collections import Counter

from helpfirst.fit.services import assess_open_journeys
from helpfirst.journeys.models import Journey


def assess_demo_fits(team, progress=None) -> dict[str, int]:
    """Assess every journey of the demo team (open or not) and return counts per verdict.

    Idempotent: a second run finds the inputs unchanged and writes nothing.
    ``progress(done, total, journey, record)`` is called per journey when given.
    """
    journeys = Journey.objects.filter(team=team)
    records = assess_open_journeys(team, progress, journeys=journeys)
    return dict(Counter(record.verdict for record in records))
