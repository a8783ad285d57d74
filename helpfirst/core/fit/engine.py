"""Judge fit: match the buyer's words to playbook problems and anti-fits, then weigh profile.

The score is built so that the invariants the method relies on hold by construction:
problem matching is fitted on problems only, and every anti-fit hit multiplies the score by a
factor below one, so adding an anti-fit to the playbook can never raise a fit score.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from helpfirst.core.fit.assessment import (
    AntiFitHit,
    BuyerEvidence,
    EvidenceQuote,
    FitAssessment,
    ProblemMatch,
    Verdict,
)
from helpfirst.core.fit.backends import BACKENDS
from helpfirst.core.fit.embedding import embedding_model_available
from helpfirst.core.fit.matcher import (
    DEFAULT_THRESHOLDS,
    PhrasingMatcher,
    cosine,
    fit_problem_matcher,
)
from helpfirst.core.fit.profile import anti_fit_profile_hit, problem_profile_fit
from helpfirst.core.fit.questions import questions_to_ask
from helpfirst.core.fit.text import BuyerSentence, split_sentences
from helpfirst.core.playbook import AntiFitSpec, PlaybookSpec

# Nearest-phrasing cosine at which a sentence reads like an anti-fit's phrasing.
ANTI_FIT_THRESHOLDS = {"builtin": 0.55, "embedding": 0.62, "hybrid": 0.58}
CONFIDENCE_SCALE = 0.05
MIN_WORDS_TO_JUDGE = 6
STRONG_AT, POSSIBLE_AT = 70, 40
ANTI_FIT_PENALTY = 0.7
MAX_QUOTES = 3


def _confidence(score: float, threshold: float) -> float:
    return 1.0 / (1.0 + math.exp(-(score - threshold) / CONFIDENCE_SCALE))


def resolve_backend(name: str) -> str:
    """Map ``auto`` to ``hybrid`` when a local embedding model is installed, else ``builtin``."""
    if name == "auto":
        return "hybrid" if embedding_model_available() else "builtin"
    return name


class FitEngine:
    """Assess buyers against one playbook; fits its text matcher once, on first use."""

    def __init__(
        self,
        playbook: PlaybookSpec,
        backend: str = "builtin",
        threshold: float | None = None,
        anti_fit_threshold: float | None = None,
    ) -> None:
        self.playbook = playbook
        self.backend = resolve_backend(backend)
        if self.backend not in BACKENDS:
            from helpfirst.core.errors import DataValidationError

            raise DataValidationError(
                f"Unknown text backend {backend!r}; use one of: auto, {', '.join(BACKENDS)}.",
                field="backend",
            )
        self.threshold = DEFAULT_THRESHOLDS[self.backend] if threshold is None else threshold
        self.anti_fit_threshold = (
            ANTI_FIT_THRESHOLDS[self.backend] if anti_fit_threshold is None else anti_fit_threshold
        )
        self._matcher: PhrasingMatcher | None = None
        self._anti_fit_vectors: list[Any] | None = None

    def matcher(self) -> PhrasingMatcher:
        """Return the problem matcher, fitting it on first use."""
        if self._matcher is None:
            self._matcher = fit_problem_matcher(self.playbook, self.backend)
        return self._matcher

    def assess(self, evidence: BuyerEvidence) -> FitAssessment:
        """Assess one buyer; never raises on odd evidence (it says ``unknown`` instead)."""
        split = split_sentences(evidence.text_sources())
        warnings = list(split.warnings)
        if not self.playbook.problems:
            return FitAssessment(
                score=0,
                verdict="unknown",
                out_of_scope=False,
                matched_problems=(),
                anti_fit_hits=(),
                questions=("What problem are you hoping to solve?",),
                reasons=("The playbook has no problems yet, so fit cannot be judged.",),
                warnings=(*warnings, "Add problems to the playbook before assessing fit."),
                backend=self.backend,
            )
        sentences = list(split.sentences)
        words = sum(len(s.text.split()) for s in sentences)
        enough_text = words >= MIN_WORDS_TO_JUDGE
        matches, best_confidence, best_similarity = self._match_problems(sentences, evidence)
        hits = self._profile_hits(evidence) + self._said_hits(sentences, best_similarity)
        text_part = best_confidence if enough_text else 0.5
        if matches:
            profile = matches[0].profile_fit
        else:
            fits = [problem_profile_fit(p, evidence)[0] for p in self.playbook.problems]
            known = [f for f in fits if f is not None]
            profile = max(known) if known else None
        profile_part = 0.5 if profile is None else profile
        base = 100.0 * (0.75 * text_part + 0.25 * profile_part)
        for hit in hits:
            base *= 1.0 - ANTI_FIT_PENALTY * hit.confidence
        score = max(0, min(100, round(base)))
        out_of_scope = enough_text and not matches
        verdict = self._verdict(score, hits, enough_text, out_of_scope)
        if sentences and not enough_text:
            warnings.append(
                f"Only {words} word(s) of the buyer's own words so far: too little to judge."
            )
        return FitAssessment(
            score=score,
            verdict=verdict,
            out_of_scope=out_of_scope,
            matched_problems=tuple(matches),
            anti_fit_hits=tuple(hits),
            questions=questions_to_ask(
                self.playbook, evidence, matches, hits, out_of_scope, enough_text
            ),
            reasons=self._reasons(
                matches, hits, out_of_scope, enough_text, split.non_english_sentences
            ),
            warnings=tuple(warnings),
            backend=self.backend,
            sentences_assessed=len(sentences),
        )

    @staticmethod
    def _verdict(score: int, hits: list[AntiFitHit], enough_text: bool, oos: bool) -> Verdict:
        if hits or oos:
            return "poor"
        if not enough_text:
            return "unknown"
        if score >= STRONG_AT:
            return "strong"
        return "possible" if score >= POSSIBLE_AT else "poor"

    def _match_problems(
        self, sentences: list[BuyerSentence], evidence: BuyerEvidence
    ) -> tuple[list[ProblemMatch], float, np.ndarray]:
        """Return matched problems (confidence >= 0.5), the best confidence overall, and each
        sentence's best nearest-phrasing similarity to any problem."""
        if not sentences:
            return [], 0.0, np.zeros(0)
        matcher = self.matcher()
        scored = matcher.score([s.text for s in sentences])
        matches = []
        best_confidence = 0.0
        for column, slug in enumerate(scored.labels):
            column_scores = scored.scores[:, column]
            order = np.argsort(-column_scores, kind="stable")
            confidence = _confidence(float(column_scores[order[0]]), self.threshold)
            best_confidence = max(best_confidence, confidence)
            if confidence < 0.5:
                continue
            quotes = tuple(
                EvidenceQuote(
                    text=sentences[row].text,
                    source=sentences[row].source,
                    confidence=round(_confidence(float(column_scores[row]), self.threshold), 3),
                    matched_phrasing=matcher.phrasings_[scored.nearest[row, column]],
                )
                for row in order[:MAX_QUOTES]
                if _confidence(float(column_scores[row]), self.threshold) >= 0.5
            )
            problem = self.playbook.problem(slug)
            profile, notes = problem_profile_fit(problem, evidence)
            matches.append(
                ProblemMatch(slug, problem.title, round(confidence, 3), quotes, profile, notes)
            )
        matches.sort(key=lambda m: -m.confidence)
        return matches, best_confidence, scored.similarity.max(axis=1)

    def _profile_hits(self, evidence: BuyerEvidence) -> list[AntiFitHit]:
        hits = []
        for anti_fit in self.playbook.anti_fits:
            reason = anti_fit_profile_hit(anti_fit, evidence)
            if reason:
                hits.append(
                    AntiFitHit(
                        anti_fit.slug,
                        anti_fit.title,
                        "profile",
                        1.0,
                        reason,
                        referral=anti_fit.referral,
                    )
                )
        return hits

    def _said_hits(
        self, sentences: list[BuyerSentence], best_problem_similarity: np.ndarray
    ) -> list[AntiFitHit]:
        if not sentences:
            return []
        if not self.playbook.anti_fits:
            return []
        backend = self.matcher().backend_
        vectors = backend.transform([s.text for s in sentences])
        if self._anti_fit_vectors is None:
            self._anti_fit_vectors = [
                backend.transform([a.title, *a.example_phrasings]) for a in self.playbook.anti_fits
            ]
        hits = []
        for anti_fit, anti_vectors in zip(
            self.playbook.anti_fits, self._anti_fit_vectors, strict=True
        ):
            phrasings = [anti_fit.title, *anti_fit.example_phrasings]
            similarity = cosine(vectors, anti_vectors)
            nearest = similarity.max(axis=1)
            usable = nearest > best_problem_similarity  # reads more like this anti-fit than us
            if not usable.any():
                continue
            rows = np.flatnonzero(usable)
            rows = rows[np.argsort(-nearest[rows], kind="stable")]
            confidence = _confidence(float(nearest[rows[0]]), self.anti_fit_threshold)
            if confidence < 0.5:
                continue
            quotes = tuple(
                EvidenceQuote(
                    text=sentences[row].text,
                    source=sentences[row].source,
                    confidence=round(_confidence(float(nearest[row]), self.anti_fit_threshold), 3),
                    matched_phrasing=phrasings[int(similarity[row].argmax())],
                )
                for row in rows[:MAX_QUOTES]
                if _confidence(float(nearest[row]), self.anti_fit_threshold) >= 0.5
            )
            reason = f"They said “{quotes[0].text}”, which is {_lower_first(anti_fit.title)}."
            hits.append(
                AntiFitHit(
                    anti_fit.slug,
                    anti_fit.title,
                    "said",
                    round(confidence, 3),
                    reason,
                    quotes,
                    anti_fit.referral,
                )
            )
        return hits

    def _reasons(
        self,
        matches: list[ProblemMatch],
        hits: list[AntiFitHit],
        out_of_scope: bool,
        enough_text: bool,
        non_english: int,
    ) -> tuple[str, ...]:
        reasons = []
        for match in matches[:3]:
            if match.evidence:
                reasons.append(
                    f"They said “{match.evidence[0].text}”, which matches “{match.title}”."
                )
            reasons.extend(match.profile_notes)
        reasons.extend(hit.reason for hit in hits)
        if out_of_scope:
            reasons.append("Nothing they said matches a problem we solve.")
        elif not enough_text:
            reasons.append("We have too little of the buyer's own words to judge fit yet.")
            if non_english:
                reasons.append("Some of their words were not in English, so were not matched.")
        return tuple(reasons)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


@lru_cache(maxsize=16)
def _engine(playbook: PlaybookSpec, backend: str) -> FitEngine:
    return FitEngine(playbook, backend)


def assess_fit(
    playbook: PlaybookSpec, evidence: BuyerEvidence, backend: str = "builtin"
) -> FitAssessment:
    """Assess one buyer against a playbook (engines are cached per playbook and backend)."""
    return _engine(playbook, resolve_backend(backend)).assess(evidence)


def anti_fits_for(playbook: PlaybookSpec, assessment: FitAssessment) -> list[AntiFitSpec]:
    """Return the playbook anti-fits behind an assessment's hits, most confident first."""
    hits = sorted(assessment.anti_fit_hits, key=lambda h: -h.confidence)
    return [playbook.anti_fit(hit.slug) for hit in hits]
