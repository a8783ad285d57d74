"""Propose stepping aside gracefully when we cannot really help: reason, referral, note, re-check.

The drafted note is written to leave the buyer better off and carries no pressure language
(no deadlines, discounts or "last chance"); ``PRESSURE_WORDS`` lets tests hold us to that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from helpfirst.core.fit.assessment import FitAssessment
from helpfirst.core.playbook import PlaybookSpec, Referral

RECHECK_AFTER_DAYS = {"said": 180, "profile": 365, "out_of_scope": 120}
PRESSURE_WORDS = (
    "limited time",
    "act now",
    "last chance",
    "expires",
    "discount",
    "only today",
    "hurry",
    "before it's too late",
    "don't miss",
    "sign today",
    "deadline",
)


@dataclass(frozen=True)
class ExitProposal:
    """Describe a graceful exit: why, who can help instead, what to write, when to look again."""

    reason: str
    referral: Referral | None
    note_to_buyer: str
    recheck_on: dt.date
    anti_fit: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (the date as ISO text)."""
        data = asdict(self)
        data["recheck_on"] = self.recheck_on.isoformat()
        return data


def propose_exit(
    assessment: FitAssessment, playbook: PlaybookSpec, today: dt.date, buyer_name: str = ""
) -> ExitProposal | None:
    """Return an exit proposal for a ``poor`` verdict, or None when the fit is not poor."""
    if assessment.verdict != "poor":
        return None
    hits = sorted(assessment.anti_fit_hits, key=lambda h: (-h.confidence, h.kind != "said"))
    greeting = f"Hi {buyer_name}," if buyer_name else "Hi,"
    if hits:
        hit = hits[0]
        anti_fit = playbook.anti_fit(hit.slug)
        referral = hit.referral or anti_fit.referral
        reason = f"{hit.reason} We do not serve that well."
        days = RECHECK_AFTER_DAYS[hit.kind]
        need = anti_fit.title[:1].lower() + anti_fit.title[1:]
        lines = [
            greeting,
            "",
            "Thank you for walking me through what you need. Being straight with you: "
            f"{need} is not something we are the best at, and I would rather tell you now "
            "than take up more of your time.",
        ]
        if referral:
            why = f" {referral.why}" if referral.why else ""
            link = f" ({referral.url})" if referral.url else ""
            lines.append(f"\nFrom what you described, {referral.name}{link} is worth a look.{why}")
        if anti_fit.note:
            lines.append(f"\n{anti_fit.note}")
        slug: str | None = hit.slug
    else:
        referral = None
        reason = "Nothing the buyer described is a problem we solve well."
        days = RECHECK_AFTER_DAYS["out_of_scope"]
        lines = [
            greeting,
            "",
            "Thank you for the time. From what you have shared, what you need is not one of the "
            "problems we are best at solving, so I do not want to stretch our product to fit.",
        ]
        slug = None
    recheck_on = today + dt.timedelta(days=days)
    lines.append(
        f"\nIf things change, I will check back around {recheck_on:%B %Y}; you are welcome to "
        "reach out any time before then. I hope this helps either way."
    )
    return ExitProposal(reason, referral, "\n".join(lines), recheck_on, slug)
