"""Say what we know about a buyer, and what the fit engine concluded from it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from helpfirst.core.playbook import Referral

Verdict = Literal["strong", "possible", "poor", "unknown"]
VERDICTS: tuple[str, ...] = ("strong", "possible", "poor", "unknown")


@dataclass(frozen=True)
class BuyerEvidence:
    """Hold everything we know about one buyer; every field is optional.

    ``call_utterances`` are the buyer's side of call transcripts only: the seller's words say
    nothing about the buyer's problem. ``contact_titles`` are job titles of the people involved.
    """

    industry: str | None = None
    employees: int | None = None
    region: str | None = None
    contact_titles: tuple[str, ...] = ()
    stated_needs: str = ""
    notes: str = ""
    emails: tuple[str, ...] = ()
    call_utterances: tuple[str, ...] = ()

    def text_sources(self) -> list[tuple[str, str]]:
        """Return ``(source, text)`` pairs in order of how directly the buyer said them."""
        sources = [("stated needs", self.stated_needs)]
        sources += [(f"call utterance {i + 1}", t) for i, t in enumerate(self.call_utterances)]
        sources += [(f"e-mail {i + 1}", t) for i, t in enumerate(self.emails)]
        sources.append(("notes", self.notes))
        return [(source, text) for source, text in sources if isinstance(text, str) and text]

    def has_firmographics(self) -> bool:
        """Return whether anything is known about who the buyer is."""
        return bool(self.industry or self.employees is not None or self.contact_titles)


@dataclass(frozen=True)
class EvidenceQuote:
    """Quote the buyer's own words that matched, and the playbook phrasing they matched."""

    text: str
    source: str
    confidence: float
    matched_phrasing: str


@dataclass(frozen=True)
class ProblemMatch:
    """Name a playbook problem the buyer has, how sure we are, and the words that show it."""

    slug: str
    title: str
    confidence: float
    evidence: tuple[EvidenceQuote, ...]
    profile_fit: float | None
    profile_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AntiFitHit:
    """Name an anti-fit the buyer matches: by what they said (``said``) or who they are."""

    slug: str
    title: str
    kind: Literal["said", "profile"]
    confidence: float
    reason: str
    evidence: tuple[EvidenceQuote, ...] = ()
    referral: Referral | None = None


@dataclass(frozen=True)
class FitAssessment:
    """Report whether we can really help: score 0–100, verdict, evidence and next questions.

    ``out_of_scope`` is True when the buyer said enough for us to judge and none of it is a
    problem we solve; it is reported as such, not left to be inferred from a low score.
    """

    score: int
    verdict: Verdict
    out_of_scope: bool
    matched_problems: tuple[ProblemMatch, ...]
    anti_fit_hits: tuple[AntiFitHit, ...]
    questions: tuple[str, ...]
    reasons: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    backend: str = "builtin"
    sentences_assessed: int = 0

    @property
    def top_problem(self) -> ProblemMatch | None:
        """Return the best-matched problem, if any."""
        return self.matched_problems[0] if self.matched_problems else None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (used by the CLI, the API and the journey page)."""
        return asdict(self)
