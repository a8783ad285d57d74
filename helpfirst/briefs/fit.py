"""Assess a journey's fit with the team's playbook, from everything the buyer said."""

from __future__ import annotations

from dataclasses import dataclass

from helpfirst.calls.models import Call
from helpfirst.core.errors import HelpfirstError
from helpfirst.core.fit import BuyerEvidence, FitAssessment, assess_fit
from helpfirst.playbook.services import playbook_spec_for
from helpfirst.site.config import setting

MAX_CALLS = 5


@dataclass
class JourneyFit:
    """The fit assessment, or why there is none (no playbook, nothing said yet)."""

    assessment: FitAssessment | None
    note: str = ""


def buyer_utterances(call: Call) -> list[str]:
    """Return what the buyer side said in a call (the seller's words say nothing of the buyer)."""
    sellers = {str(name) for name in call.seller_names or ()}
    sides = (call.analysis or {}).get("speakers") or []
    sellers |= {s.get("name") for s in sides if isinstance(s, dict) and s.get("side") == "seller"}
    out = []
    for row in call.utterances or ():
        if isinstance(row, list | tuple) and len(row) >= 4 and row[0] not in sellers:
            out.append(str(row[3]))
    return out


def recent_calls(journey, limit: int = MAX_CALLS) -> list[Call]:
    """Return the journey's latest calls, newest first."""
    return list(Call.objects.filter(journey=journey).order_by("-occurred_at", "-id")[:limit])


def journey_fit(journey, calls: list[Call] | None = None) -> JourneyFit:
    """Assess the buyer's fit; return a note instead when it cannot be judged."""
    calls = recent_calls(journey) if calls is None else calls
    spec = playbook_spec_for(journey.team)
    if not spec.problems:
        return JourneyFit(None, "Fit has not been assessed: the playbook has no problems yet.")
    account = journey.account
    titles = tuple(t for t in journey.stakeholders.values_list("title", flat=True) if t)
    evidence = BuyerEvidence(
        industry=account.industry or None,
        employees=account.employees,
        region=account.region or None,
        contact_titles=titles,
        stated_needs=journey.stated_needs or "",
        call_utterances=tuple(u for call in calls for u in buyer_utterances(call))[:400],
    )
    if not evidence.text_sources():
        return JourneyFit(
            None, "Fit has not been assessed: the buyer has not told us anything yet."
        )
    try:
        return JourneyFit(assess_fit(spec, evidence, backend=setting("HELPFIRST_FIT_BACKEND")))
    except HelpfirstError as error:
        return JourneyFit(None, f"Fit has not been assessed: {error.message}")
