"""Draft a graceful exit for a poor fit, and hold the drafted note to the no-pressure rule.

The note goes through the call analyser's own pressure-tactic check
(``helpfirst.core.conversation.score_practice_reply``); a draft that reads as pressure is not
offered, and the panel says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from helpfirst.core.conversation.practice import score_practice_reply
from helpfirst.core.errors import HelpfirstError
from helpfirst.core.fit import ExitProposal, FitAssessment, propose_exit
from helpfirst.core.fit.exit import PRESSURE_WORDS
from helpfirst.core.playbook import PlaybookSpec


@dataclass
class ExitOffer:
    """An exit proposal with the result of the pressure check on its drafted note."""

    proposal: ExitProposal
    note_ok: bool
    pressure_notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Return a JSON-ready dict for the API and the CLI."""
        return {
            **self.proposal.as_dict(),
            "note_ok": self.note_ok,
            "pressure_notes": list(self.pressure_notes),
        }


def check_note_for_pressure(note: str, buyer_words: str = "") -> list[str]:
    """Return why ``note`` reads as pressure (empty when it does not)."""
    problems = []
    lowered = note.lower()
    problems += [f"It says “{word}”, which pushes." for word in PRESSURE_WORDS if word in lowered]
    try:
        feedback = score_practice_reply(buyer_words or "(no message)", note)
    except HelpfirstError as error:
        return [*problems, f"The note could not be checked: {error}"]
    problems += [
        f"“{tactic.quote}” reads as {tactic.kind.replace('_', ' ')}." for tactic in feedback.tactics
    ]
    return problems


def exit_offer(
    assessment: FitAssessment,
    playbook: PlaybookSpec,
    today: dt.date,
    *,
    buyer_name: str = "",
    buyer_words: str = "",
) -> ExitOffer | None:
    """Return the exit offer for a ``poor`` verdict, or None when the fit is not poor."""
    proposal = propose_exit(assessment, playbook, today, buyer_name=buyer_name)
    if proposal is None:
        return None
    pressure = check_note_for_pressure(proposal.note_to_buyer, buyer_words)
    return ExitOffer(proposal, not pressure, pressure)
