"""Judge fit: match the buyer's words to playbook problems and anti-fits, then weigh profile.

The verdict follows what the buyer's words let us conclude, in this order:

1. ``poor`` when who they are meets an anti-fit's profile rules (e.g. a five-person shop);
2. ``strong`` or ``possible`` (by score) when a sentence matches a problem we solve; only
   ``possible`` when another sentence matches an anti-fit too (mixed needs: ask which matters);
3. ``poor`` when they said something that reads like an anti-fit and nothing we solve;
4. ``unknown`` when there are too few of their words to judge;
5. ``poor`` and ``out_of_scope`` when they stated a *specific* need (see
   :mod:`helpfirst.core.fit.specificity`) and nothing they said comes near a problem we solve;
6. ``possible`` when something they said partly matches a problem (confidence at least
   ``PARTIAL_AT`` but below a match);
7. ``unknown`` otherwise: vague or exploratory words ("better reporting might help") are not
   enough to judge either way, so the engine asks about the nearest problems instead.

``out_of_scope`` is true only in case 5 and in case 3 (an anti-fit is also "nothing we solve").
The score is built so that the invariants the method relies on hold by construction: problem
matching is fitted on problems only; while the fit is undecided (cases 4, 6, 7) the text part of
the score is a neutral 0.5; and every anti-fit hit multiplies the score by a factor below one, so
adding an anti-fit to the playbook can never raise a fit score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
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
    max_by_sentence,
    score_by_sentence,
    sentence_units,
)
from helpfirst.core.fit.profile import problem_profile_fit, profile_anti_fit_hits
from helpfirst.core.fit.questions import questions_to_ask
from helpfirst.core.fit.specificity import is_specific_need
from helpfirst.core.fit.text import BuyerSentence, split_sentences
from helpfirst.core.playbook import AntiFitSpec, PlaybookSpec

# Nearest-phrasing cosine at which a sentence reads like an anti-fit's phrasing.
ANTI_FIT_THRESHOLDS = {"builtin": 0.55, "embedding": 0.62, "hybrid": 0.58}
CONFIDENCE_SCALE = 0.05
MIN_WORDS_TO_JUDGE = 6
STRONG_AT = 70
# Best problem confidence from which a sentence "partly matches" a problem (verdict possible).
PARTIAL_AT = 0.2
ANTI_FIT_PENALTY = 0.7
MAX_QUOTES = 3


def _confidence(score: float, threshold: float) -> float:
    return 1.0 / (1.0 + math.exp(-(score - threshold) / CONFIDENCE_SCALE))


# Bump when verdict rules or matching change, so stored assessments are redone (not reused).
FIT_ENGINE_REVISION = "2026-11-23.2"


def resolve_backend(name: str) -> str:
    """Map ``auto`` to ``hybrid`` when a local embedding model is installed, else ``builtin``."""
    if name == "auto":
        return "hybrid" if embedding_model_available() else "builtin"
    return name


@dataclass(frozen=True)
class ProblemReading:
    """Hold what problem matching found in the buyer's sentences."""

    matches: list[ProblemMatch]
    best_confidence: float
    similarity: np.ndarray  # each sentence's best nearest-phrasing similarity to any problem
    nearest: tuple[str, ...]  # slugs of the problems nearest to what was said, nearest first
    closest: tuple[str, str] | None  # (sentence, problem slug) of the single best pairing


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
        reading = self._match_problems(sentences, evidence)
        matches = reading.matches
        hits = profile_anti_fit_hits(self.playbook.anti_fits, evidence) + self._said_hits(
            sentences, reading.similarity
        )
        said = any(hit.kind == "said" for hit in hits)
        nearly = reading.best_confidence >= PARTIAL_AT
        specific = any(is_specific_need(s.text) for s in sentences)
        out_of_scope = enough_text and not matches and not nearly and (specific or said)
        decided = bool(matches) or out_of_scope
        text_part = reading.best_confidence if decided else 0.5
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
        mixed = _mixed_needs(matches, hits)
        verdict = self._verdict(score, hits, matches, mixed, enough_text, out_of_scope, nearly)
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
                self.playbook,
                evidence,
                matches,
                hits,
                out_of_scope,
                enough_text,
                nearest=reading.nearest if verdict in ("unknown", "possible") else (),
            ),
            reasons=self._reasons(
                reading,
                hits,
                verdict,
                out_of_scope,
                mixed,
                enough_text,
                split.non_english_sentences,
            ),
            warnings=tuple(warnings),
            backend=self.backend,
            sentences_assessed=len(sentences),
        )

    @staticmethod
    def _verdict(
        score: int,
        hits: list[AntiFitHit],
        matches: list[ProblemMatch],
        mixed: bool,
        enough_text: bool,
        out_of_scope: bool,
        nearly: bool,
    ) -> Verdict:
        """Apply the rules in the module docstring, in order."""
        if any(hit.kind == "profile" for hit in hits):
            return "poor"
        if matches and not hits:
            return "strong" if score >= STRONG_AT else "possible"
        if matches and mixed:
            return "possible"
        if hits:
            return "poor"
        if not enough_text:
            return "unknown"
        if out_of_scope:
            return "poor"
        return "possible" if nearly else "unknown"

    def _match_problems(
        self, sentences: list[BuyerSentence], evidence: BuyerEvidence
    ) -> ProblemReading:
        """Return matched problems (confidence >= 0.5), the best confidence overall, each
        sentence's best nearest-phrasing similarity to any problem, and the problems nearest to
        what was said."""
        if not sentences:
            return ProblemReading([], 0.0, np.zeros(0), (), None)
        matcher = self.matcher()
        scored = score_by_sentence(matcher, [s.text for s in sentences])
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
        best_per_problem = scored.scores.max(axis=0)
        ranked = np.argsort(-best_per_problem, kind="stable")
        nearest = tuple(scored.labels[i] for i in ranked[:2])
        row, column = np.unravel_index(int(scored.scores.argmax()), scored.scores.shape)
        closest = (sentences[int(row)].text, scored.labels[int(column)])
        return ProblemReading(
            matches, best_confidence, scored.similarity.max(axis=1), nearest, closest
        )

    def _said_hits(
        self, sentences: list[BuyerSentence], best_problem_similarity: np.ndarray
    ) -> list[AntiFitHit]:
        if not sentences:
            return []
        if not self.playbook.anti_fits:
            return []
        backend = self.matcher().backend_
        units, owners = sentence_units([s.text for s in sentences])
        vectors = backend.transform(units)
        if self._anti_fit_vectors is None:
            self._anti_fit_vectors = [
                backend.transform([a.title, *a.example_phrasings]) for a in self.playbook.anti_fits
            ]
        hits = []
        for anti_fit, anti_vectors in zip(
            self.playbook.anti_fits, self._anti_fit_vectors, strict=True
        ):
            phrasings = [anti_fit.title, *anti_fit.example_phrasings]
            similarity = max_by_sentence(cosine(vectors, anti_vectors), owners, len(sentences))
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
        reading: ProblemReading,
        hits: list[AntiFitHit],
        verdict: Verdict,
        out_of_scope: bool,
        mixed: bool,
        enough_text: bool,
        non_english: int,
    ) -> tuple[str, ...]:
        reasons = []
        for match in reading.matches[:3]:
            if match.evidence:
                reasons.append(
                    f"They said “{match.evidence[0].text}”, which matches “{match.title}”."
                )
            reasons.extend(match.profile_notes)
        reasons.extend(hit.reason for hit in hits)
        if mixed:
            reasons.append(
                "They need something we solve and something we don't: ask which matters most."
            )
        if out_of_scope:
            reasons.append("Nothing they said matches a problem we solve.")
        elif not enough_text:
            reasons.append("We have too little of the buyer's own words to judge fit yet.")
            if non_english:
                reasons.append("Some of their words were not in English, so were not matched.")
        elif not reading.matches and not hits and reading.closest is not None:
            sentence, slug = reading.closest
            title = self.playbook.problem(slug).title
            if verdict == "possible":
                reasons.append(f"They said “{sentence}”, which partly matches “{title}”.")
            else:
                reasons.append(
                    "What they said so far is too general to judge: no specific need yet, "
                    f"and the nearest problem we solve is “{title}”."
                )
        return tuple(reasons)


def _mixed_needs(matches: list[ProblemMatch], hits: list[AntiFitHit]) -> bool:
    """Return whether a problem match rests on words that are not also an anti-fit hit's."""
    anti_words = {quote.text for hit in hits for quote in hit.evidence}
    if not anti_words:
        return False
    return any(quote.text not in anti_words for match in matches for quote in match.evidence)


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
