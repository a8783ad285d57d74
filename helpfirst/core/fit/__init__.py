"""Judge whether we can really help a buyer: the fit engine (pure Python, no Django)."""

from helpfirst.core.fit.assessment import (
    VERDICTS,
    AntiFitHit,
    BuyerEvidence,
    EvidenceQuote,
    FitAssessment,
    ProblemMatch,
)
from helpfirst.core.fit.backends import BACKENDS
from helpfirst.core.fit.embedding import embedding_model_available
from helpfirst.core.fit.engine import FitEngine, assess_fit, resolve_backend
from helpfirst.core.fit.exit import ExitProposal, propose_exit
from helpfirst.core.fit.outcomes import OutcomeFitModel

__all__ = [
    "BACKENDS",
    "VERDICTS",
    "AntiFitHit",
    "BuyerEvidence",
    "EvidenceQuote",
    "ExitProposal",
    "FitAssessment",
    "FitEngine",
    "OutcomeFitModel",
    "ProblemMatch",
    "assess_fit",
    "embedding_model_available",
    "propose_exit",
    "resolve_backend",
]
