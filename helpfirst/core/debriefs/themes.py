"""Find the themes that keep coming back in free-text debriefs.

TF-IDF on words and word pairs, reduced by LSA (truncated SVD, as in scikit-learn's text
clustering example) when the vocabulary is large, then k-means on the normalised vectors (k
chosen by cosine silhouette when not given). Labels come from the TF-IDF terms, not the LSA axes.
Each theme gets a label made of its top terms, its members, and a
representative quote: the sentence, from the debrief nearest the theme's centre, that mentions
the theme's terms most. Same input, same output: the seed is fixed and ties break on order.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from helpfirst.core.errors import DataValidationError

# Words every sales debrief uses; they say nothing about why a journey went the way it did.
DEBRIEF_STOP_WORDS = frozenset(
    {
        "buyer",
        "buyers",
        "customer",
        "customers",
        "call",
        "calls",
        "meeting",
        "deal",
        "really",
        "think",
        "thought",
        "said",
        "told",
        "just",
        "did",
        "didn",
        "don",
        "doesn",
        "going",
        "got",
        "lot",
        "like",
        "need",
        "needed",
        "wanted",
        "want",
        "time",
        "way",
        "next",
        "also",
        "would",
        "could",
        "should",
        "still",
        "much",
        "many",
        "make",
        "made",
        "us",
        "we",
        "they",
        "them",
    }
)
MAX_QUOTE_CHARS = 240
LSA_DIMENSIONS = 20
# Words of two or more letters: numbers and amounts are not themes.
WORD_PATTERN = r"(?u)\b[a-zA-Z][a-zA-Z]+\b"


@dataclass(frozen=True)
class Theme:
    """A recurring theme: its label, top terms, which debriefs share it, and a quote."""

    label: str
    top_terms: tuple[str, ...]
    member_ids: tuple[Hashable, ...]
    representative_id: Hashable
    representative_quote: str

    @property
    def size(self) -> int:
        """Return how many debriefs share the theme."""
        return len(self.member_ids)

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "label": self.label,
            "top_terms": list(self.top_terms),
            "member_ids": list(self.member_ids),
            "representative_id": self.representative_id,
            "representative_quote": self.representative_quote,
            "size": self.size,
        }


def _as_items(debrief_texts: Mapping[Hashable, str] | Sequence[str]) -> list[tuple[Hashable, str]]:
    if isinstance(debrief_texts, str):
        raise DataValidationError(
            "give a list of debrief texts, not one text", field="debrief_texts"
        )
    if isinstance(debrief_texts, Mapping):
        items = list(debrief_texts.items())
    else:
        items = list(enumerate(debrief_texts))
    for key, text in items:
        if not isinstance(text, str):
            raise DataValidationError(f"debrief {key!r} is not text", field=f"debrief_texts[{key}]")
    return items


def _pick_terms(weights: np.ndarray, vocabulary: np.ndarray, count: int) -> tuple[str, ...]:
    """Return the heaviest terms, skipping ones already covered by a chosen word pair."""
    chosen: list[str] = []
    for index in np.argsort(-weights, kind="stable"):
        if weights[index] <= 0 or len(chosen) == count:
            break
        term = str(vocabulary[index])
        words = set(term.split())
        if any(words <= set(other.split()) or set(other.split()) <= words for other in chosen):
            continue
        chosen.append(term)
    return tuple(chosen)


def _quote(text: str, terms: Sequence[str]) -> str:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    if not sentences:
        return ""
    lowered_terms = [t.lower() for t in terms]
    best = max(sentences, key=lambda s: sum(t in s.lower() for t in lowered_terms))
    return best if len(best) <= MAX_QUOTE_CHARS else best[: MAX_QUOTE_CHARS - 1].rstrip() + "…"


def _choose_k(vectors: np.ndarray, max_k: int, random_state: int) -> tuple[int, np.ndarray]:
    best: tuple[float, int, np.ndarray] | None = None
    for k in range(2, max_k + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(vectors)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(vectors, labels, metric="cosine"))
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels)
    if best is None:
        return 1, np.zeros(len(vectors), dtype=int)
    return best[1], best[2]


def _semantic_space(vectors: np.ndarray, random_state: int) -> np.ndarray:
    """Return unit-length LSA vectors (or the TF-IDF ones when the vocabulary is small)."""
    dimensions = min(LSA_DIMENSIONS, vectors.shape[0] - 1, vectors.shape[1] - 1)
    if vectors.shape[1] <= LSA_DIMENSIONS or dimensions < 2:
        return vectors
    reduced = TruncatedSVD(dimensions, random_state=random_state).fit_transform(vectors)
    out = np.asarray(normalize(reduced))
    # A debrief the kept axes cannot see keeps its TF-IDF direction, projected to zero here;
    # give it a tiny constant so cosine distances stay defined.
    out[np.linalg.norm(out, axis=1) == 0] = 1 / np.sqrt(dimensions)
    return out


def extract_themes(
    debrief_texts: Mapping[Hashable, str] | Sequence[str],
    k: int | None = None,
    *,
    max_k: int = 8,
    terms_per_theme: int = 3,
    random_state: int = 0,
) -> list[Theme]:
    """Return the recurring themes in ``debrief_texts``, largest first.

    ``debrief_texts`` maps debrief ids to text (a plain list uses positions as ids). ``k`` fixes
    the number of themes; ``None`` picks 2..``max_k`` by silhouette. Debriefs with no meaningful
    words (empty, or only stop words) belong to no theme.
    """
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise DataValidationError("must be a whole number of themes, at least 1", field="k")
    items = _as_items(debrief_texts)
    items = [(key, text) for key, text in items if text.strip()]
    if not items:
        raise DataValidationError("no debrief text to read", field="debrief_texts")
    vectorizer = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | DEBRIEF_STOP_WORDS),
        ngram_range=(1, 2),
        min_df=2 if len(items) >= 10 else 1,
        sublinear_tf=True,
        token_pattern=WORD_PATTERN,
    )
    try:
        matrix = vectorizer.fit_transform([text for _, text in items])
    except ValueError:
        raise DataValidationError(
            "the debriefs share no meaningful words; write what happened and why",
            field="debrief_texts",
        ) from None
    vectors = matrix.toarray()
    usable = np.flatnonzero(vectors.sum(axis=1) > 0)
    if len(usable) == 0:
        raise DataValidationError("the debriefs share no meaningful words", field="debrief_texts")
    vectors = vectors[usable]
    # Debrief sets are small: one thread is ~40x faster than OpenMP's start-up on a busy machine.
    with threadpool_limits(limits=1):
        space = _semantic_space(vectors, random_state)
        if k is not None:
            n_clusters = min(k, len(usable))
            labels = (
                KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state).fit_predict(
                    space
                )
                if n_clusters > 1
                else np.zeros(len(usable), dtype=int)
            )
        elif len(usable) < 3:
            labels = np.zeros(len(usable), dtype=int)
        else:
            _, labels = _choose_k(space, min(max_k, len(usable) - 1), random_state)
    vocabulary = vectorizer.get_feature_names_out()
    themes = []
    for cluster in sorted(set(labels.tolist())):
        rows = np.flatnonzero(labels == cluster)
        centre = vectors[rows].mean(axis=0)
        terms = _pick_terms(centre, vocabulary, terms_per_theme)
        closeness = vectors[rows] @ centre
        nearest = int(rows[int(np.argmax(closeness))])
        key, text = items[int(usable[nearest])]
        themes.append(
            Theme(
                label=", ".join(terms),
                top_terms=terms,
                member_ids=tuple(items[int(usable[r])][0] for r in rows),
                representative_id=key,
                representative_quote=_quote(text, terms),
            )
        )
    themes.sort(key=lambda theme: (-theme.size, theme.label))
    return themes
