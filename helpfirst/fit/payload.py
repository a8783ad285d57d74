"""Rebuild a core ``FitAssessment`` from the JSON a ``FitRecord`` stores."""

from __future__ import annotations

from typing import Any

from helpfirst.core.fit import AntiFitHit, EvidenceQuote, FitAssessment, ProblemMatch
from helpfirst.core.playbook import Referral


def _quotes(rows: Any) -> tuple[EvidenceQuote, ...]:
    return tuple(
        EvidenceQuote(
            text=str(q.get("text", "")),
            source=str(q.get("source", "")),
            confidence=float(q.get("confidence", 0.0)),
            matched_phrasing=str(q.get("matched_phrasing", "")),
        )
        for q in rows or ()
        if isinstance(q, dict)
    )


def _referral(data: Any) -> Referral | None:
    if not isinstance(data, dict) or not data.get("name"):
        return None
    return Referral(str(data["name"]), str(data.get("url", "")), str(data.get("why", "")))


def assessment_from_dict(data: dict[str, Any]) -> FitAssessment:
    """Return the ``FitAssessment`` that ``as_dict()`` turned into ``data``."""
    matches = tuple(
        ProblemMatch(
            slug=str(m.get("slug", "")),
            title=str(m.get("title", "")),
            confidence=float(m.get("confidence", 0.0)),
            evidence=_quotes(m.get("evidence")),
            profile_fit=m.get("profile_fit"),
            profile_notes=tuple(m.get("profile_notes") or ()),
        )
        for m in data.get("matched_problems") or ()
    )
    hits = tuple(
        AntiFitHit(
            slug=str(h.get("slug", "")),
            title=str(h.get("title", "")),
            kind=h.get("kind", "said"),
            confidence=float(h.get("confidence", 0.0)),
            reason=str(h.get("reason", "")),
            evidence=_quotes(h.get("evidence")),
            referral=_referral(h.get("referral")),
        )
        for h in data.get("anti_fit_hits") or ()
    )
    return FitAssessment(
        score=int(data.get("score", 0)),
        verdict=data.get("verdict", "unknown"),
        out_of_scope=bool(data.get("out_of_scope", False)),
        matched_problems=matches,
        anti_fit_hits=hits,
        questions=tuple(data.get("questions") or ()),
        reasons=tuple(data.get("reasons") or ()),
        warnings=tuple(data.get("warnings") or ()),
        backend=str(data.get("backend", "builtin")),
        sentences_assessed=int(data.get("sentences_assessed", 0)),
    )
