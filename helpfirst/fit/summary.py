"""Describe a journey's fit as plain JSON-ready data (the API and the CLI print the same)."""

from __future__ import annotations

from helpfirst.fit import services
from helpfirst.fit.models import FitRecord


def fit_as_json(journey, record: FitRecord | None) -> dict:
    """Return the journey's fit as the API (and ``helpfirst fit journey``) shows it."""
    if record is None:
        return {
            "journey_id": journey.pk,
            "assessed": False,
            "verdict": None,
            "score": None,
            "out_of_scope": None,
            "assessed_at": None,
            "assessment": None,
            "exit_proposal": None,
        }
    offer = services.offer_exit(journey, record)
    return {
        "journey_id": journey.pk,
        "assessed": True,
        "verdict": record.verdict,
        "score": record.score,
        "out_of_scope": record.out_of_scope,
        "backend": record.backend,
        "assessed_at": record.assessed_at.isoformat(),
        "assessment": record.payload,
        "exit_proposal": offer.as_dict() if offer else None,
    }
