"""Match sentences to labelled example phrasings: which problem is this, and how sure are we?

The score for a sentence and a label is its cosine similarity to the nearest example phrasing of
that label plus ``prob_weight`` times a logistic-regression probability over labels. The nearest
phrasing keeps scores comparable across playbooks of any size and says *which* phrasing matched;
the classifier weighs which words actually separate one problem from another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.fit.backends import Matrix, TextBackend, make_backend
from helpfirst.core.fit.text import matching_units
from helpfirst.core.playbook import PlaybookSpec, ProblemSpec

# Scores at which a sentence counts as "about" a label, per backend, set for playbooks of a few
# to a few dozen problems (checked on the demo playbook). With 150 problems the classifier's
# probabilities are lower, so ``benchmarks/fit_clinc150.py`` picks its own on CLINC150's
# validation split.
SMALL_FIT_ROWS = 5_000
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
DEFAULT_THRESHOLDS = {"builtin": 0.62, "embedding": 0.78, "hybrid": 0.70}


def cosine(a: Matrix, b: Matrix) -> np.ndarray:
    product = a @ b.T
    return np.asarray(product.toarray() if sparse.issparse(product) else product)


@dataclass(frozen=True)
class SentenceScores:
    """Hold per-label scores for a batch of sentences, and the nearest phrasing behind each."""

    labels: tuple[str, ...]
    scores: np.ndarray  # (sentences, labels): combined score
    nearest: np.ndarray  # (sentences, labels): index of the nearest training phrasing
    similarity: np.ndarray  # (sentences, labels): cosine to that nearest phrasing

    def best(self) -> tuple[np.ndarray, np.ndarray]:
        """Return each sentence's best label index and its score."""
        if self.scores.shape[1] == 0:
            empty = np.zeros(self.scores.shape[0])
            return empty.astype(int), empty - np.inf
        index = self.scores.argmax(axis=1)
        return index, self.scores[np.arange(len(index)), index]


class PhrasingMatcher:
    """Score sentences against labelled example phrasings (scikit-learn style ``fit``)."""

    def __init__(
        self,
        backend: str | TextBackend = "builtin",
        C: float = 10.0,  # noqa: N803
        prob_weight: float = 0.5,
    ) -> None:
        self.backend = backend
        self.C = C
        self.prob_weight = prob_weight

    def fit(self, phrasings: list[str], labels: list[str]) -> PhrasingMatcher:
        """Learn from example phrasings, each with its label (e.g. a problem slug)."""
        if len(phrasings) != len(labels):
            raise DataValidationError("Give exactly one label per phrasing.", field="labels")
        if not phrasings:
            raise DataValidationError("Nothing to learn from: no example phrasings were given.")
        backend = make_backend(self.backend) if isinstance(self.backend, str) else self.backend
        self.backend_ = backend.fit(list(phrasings))
        self.labels_ = tuple(dict.fromkeys(labels))
        index = {label: i for i, label in enumerate(self.labels_)}
        self.label_of_row_ = np.array([index[label] for label in labels])
        self.phrasings_ = tuple(phrasings)
        self.vectors_ = self.backend_.transform(list(phrasings))
        self.classifier_: LogisticRegression | None = None
        if len(self.labels_) > 1:
            self.classifier_ = LogisticRegression(C=self.C, max_iter=3000)
            # A playbook is small: BLAS threads only add overhead (and stall on a busy machine).
            with threadpool_limits(limits=1 if len(phrasings) < SMALL_FIT_ROWS else None):
                self.classifier_.fit(self.vectors_, self.label_of_row_)
        return self

    def similarity_to(self, sentences: list[str], phrasings: list[str]) -> np.ndarray:
        """Return cosine similarities of sentences to other phrasings, in this matcher's space."""
        self._check_fitted()
        if not sentences or not phrasings:
            return np.zeros((len(sentences), len(phrasings)))
        return cosine(self.backend_.transform(sentences), self.backend_.transform(phrasings))

    def score(self, sentences: list[str]) -> SentenceScores:
        """Score every sentence against every label."""
        self._check_fitted()
        n_labels = len(self.labels_)
        if not sentences:
            empty = np.zeros((0, n_labels))
            return SentenceScores(self.labels_, empty, empty.astype(int), empty)
        vectors = self.backend_.transform(list(sentences))
        similarity = cosine(vectors, self.vectors_)
        nearest_sim = np.full((len(sentences), n_labels), -1.0)
        nearest = np.zeros((len(sentences), n_labels), dtype=int)
        for label in range(n_labels):
            rows = np.flatnonzero(self.label_of_row_ == label)
            block = similarity[:, rows]
            best = block.argmax(axis=1)
            nearest[:, label] = rows[best]
            nearest_sim[:, label] = block[np.arange(len(sentences)), best]
        if self.classifier_ is not None:
            probability = self.classifier_.predict_proba(vectors)
        else:
            probability = np.ones((len(sentences), 1))
        combined = nearest_sim + self.prob_weight * probability
        return SentenceScores(self.labels_, combined, nearest, nearest_sim)

    def _check_fitted(self) -> None:
        if not hasattr(self, "backend_"):
            raise ModelNotFittedError("Call fit() on the PhrasingMatcher before scoring.")


def sentence_units(sentences: list[str]) -> tuple[list[str], np.ndarray]:
    """Return every matching unit of the sentences (each sentence and its clauses, see
    :func:`~helpfirst.core.fit.text.matching_units`) and, per unit, its sentence's index."""
    units = [matching_units(sentence) for sentence in sentences]
    owners = np.repeat(np.arange(len(sentences)), [len(u) for u in units])
    return [unit for group in units for unit in group], owners


def max_by_sentence(values: np.ndarray, owners: np.ndarray, n: int) -> np.ndarray:
    """Reduce rows of ``values`` (one per matching unit) to one row per sentence: the maximum."""
    out = np.full((n, values.shape[1]), -np.inf)
    np.maximum.at(out, owners, values)
    return out


def score_by_sentence(matcher: PhrasingMatcher, sentences: list[str]) -> SentenceScores:
    """Score each sentence by the best of its matching units, per label (ties: the first unit)."""
    units, owners = sentence_units(sentences)
    scored = matcher.score(units)
    best = np.full((len(sentences), len(scored.labels)), -np.inf)
    best_unit = np.zeros(best.shape, dtype=int)
    for unit, owner in enumerate(owners):  # a sentence has few clauses: a plain loop is clear
        better = scored.scores[unit] > best[owner]
        best[owner, better] = scored.scores[unit, better]
        best_unit[owner, better] = unit
    columns = np.arange(len(scored.labels))
    return SentenceScores(
        scored.labels,
        best,
        scored.nearest[best_unit, columns],
        scored.similarity[best_unit, columns],
    )


def description_sentences(description: str) -> list[str]:
    """Split a problem's description into sentences, each a phrasing of how the problem shows."""
    return [" ".join(s.split()) for s in _SENTENCE_END.split(description) if len(s.split()) >= 3]


def problem_phrasings(
    problems: tuple[ProblemSpec, ...], include_descriptions: bool = True
) -> tuple[list[str], list[str]]:
    """Return (phrasings, problem slugs): each problem's title, example phrasings and (by default)
    the sentences of its description, which name the problem in more words than the examples."""
    texts: list[str] = []
    labels: list[str] = []
    for problem in problems:
        described = description_sentences(problem.description) if include_descriptions else []
        for text in dict.fromkeys((problem.title, *problem.example_phrasings, *described)):
            texts.append(text)
            labels.append(problem.slug)
    return texts, labels


def fit_problem_matcher(
    playbook: PlaybookSpec,
    backend: str | TextBackend = "builtin",
    include_descriptions: bool = True,
) -> PhrasingMatcher:
    """Fit a matcher on the playbook's problems only (anti-fits never change problem scores)."""
    texts, labels = problem_phrasings(playbook.problems, include_descriptions)
    return PhrasingMatcher(backend=backend).fit(texts, labels)
