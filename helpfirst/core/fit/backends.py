"""Turn text into unit-length vectors: the pluggable part of matching words to problems.

``builtin`` needs nothing downloaded (TF-IDF over stemmed words and character n-grams);
``embedding`` uses the local MiniLM model; ``hybrid`` joins both halves so each covers the other's
blind spot (exact product words versus paraphrase). Rows are L2-normalised so a dot product is a
cosine.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.fit.embedding import (
    EmbeddingModelFiles,
    SentenceEmbedder,
    find_embedding_model,
)

BACKENDS = ("builtin", "embedding", "hybrid")
Matrix = np.ndarray | sparse.csr_matrix


class TextBackend(Protocol):
    """Learn a vocabulary from playbook phrasings, then encode any text the same way."""

    name: str

    def fit(self, texts: list[str]) -> TextBackend: ...

    def transform(self, texts: list[str]) -> Matrix: ...


_WORD = re.compile(r"(?u)\b\w\w+\b")
_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def stem(word: str) -> str:
    """Strip common English inflections ("forecasts", "forecasting" → "forecast").

    A light suffix stripper, not a full Porter stemmer: it only has to make a buyer's
    "forecasts" meet a playbook's "forecast", and it must stay deterministic and dependency-free.
    """
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            if suffix == "es" and not word.endswith(("ses", "xes", "zes", "ches", "shes")):
                continue
            word = word[: len(word) - len(suffix)] + replacement
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def stemmed_words(text: str) -> list[str]:
    """Return the lower-cased, stemmed words of a text (the builtin backend's word tokens)."""
    return [stem(word) for word in _WORD.findall(text.lower())]


STOP_STEMS = frozenset(stemmed_words(" ".join(ENGLISH_STOP_WORDS)))


class TfidfBackend:
    """Encode text as TF-IDF over stemmed word 1–2-grams and character 2–5-grams, equally
    weighted: stems meet inflected paraphrases, character n-grams meet typos and compounds."""

    name = "builtin"

    def __init__(
        self,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        stem_words: bool = True,
        stop_words: bool = False,
    ):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.stem_words = stem_words
        self.stop_words = stop_words

    def fit(self, texts: list[str]) -> TfidfBackend:
        """Learn the vocabulary and word weights from the playbook's phrasings."""
        self.words_ = TfidfVectorizer(
            ngram_range=self.word_ngrams,
            sublinear_tf=True,
            tokenizer=stemmed_words if self.stem_words else None,
            token_pattern=None if self.stem_words else r"(?u)\b\w\w+\b",
            lowercase=not self.stem_words,
            stop_words=sorted(STOP_STEMS) if self.stop_words else None,
        )
        self.chars_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.char_ngrams, sublinear_tf=True
        )
        self.words_.fit(texts)
        self.chars_.fit(texts)
        return self

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        """Return one unit-length sparse row per text (all-zero where nothing is known)."""
        if not hasattr(self, "words_"):
            raise ModelNotFittedError("Call fit() on the TF-IDF backend before transform().")
        half = np.sqrt(0.5)
        joined = sparse.hstack([self.words_.transform(texts), self.chars_.transform(texts)])
        return sparse.csr_matrix(joined * half)


@lru_cache(maxsize=2)
def _shared_embedder(model: str, tokenizer: str) -> SentenceEmbedder:
    return SentenceEmbedder(EmbeddingModelFiles(model=Path(model), tokenizer=Path(tokenizer)))


class EmbeddingBackend:
    """Encode text with the locally installed sentence-embedding model (MiniLM)."""

    name = "embedding"

    def __init__(self, embedder: SentenceEmbedder | None = None):
        self.embedder = embedder

    def _embedder(self) -> SentenceEmbedder:
        if self.embedder is not None:
            return self.embedder
        files = find_embedding_model()
        return _shared_embedder(str(files.model), str(files.tokenizer))

    def fit(self, texts: list[str]) -> EmbeddingBackend:
        """Load the model (the embedding itself needs no fitting)."""
        self.embedder_ = self._embedder()
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        """Return one unit-length dense row per text."""
        if not hasattr(self, "embedder_"):
            raise ModelNotFittedError("Call fit() on the embedding backend before transform().")
        return self.embedder_.encode(list(texts))


class HybridBackend:
    """Join TF-IDF and embedding vectors, weighted so the joined row stays unit-length."""

    name = "hybrid"

    def __init__(self, embedding_weight: float = 0.5, embedder: SentenceEmbedder | None = None):
        self.embedding_weight = embedding_weight
        self.embedder = embedder

    def fit(self, texts: list[str]) -> HybridBackend:
        """Fit the TF-IDF half and load the embedding half."""
        self.tfidf_ = TfidfBackend().fit(texts)
        self.embedding_ = EmbeddingBackend(self.embedder).fit(texts)
        return self

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        """Return one unit-length row per text (a text unknown to TF-IDF keeps its embedding)."""
        if not hasattr(self, "tfidf_"):
            raise ModelNotFittedError("Call fit() on the hybrid backend before transform().")
        weight = self.embedding_weight
        tfidf = self.tfidf_.transform(texts) * np.sqrt(1 - weight)
        dense = self.embedding_.transform(texts) * np.sqrt(weight)
        return sparse.csr_matrix(sparse.hstack([tfidf, sparse.csr_matrix(dense)]))


def make_backend(name: str) -> TextBackend:
    """Return a fresh backend by name; raise ``DataValidationError`` listing the valid names."""
    if name == "builtin":
        return TfidfBackend()
    if name == "embedding":
        return EmbeddingBackend()
    if name == "hybrid":
        return HybridBackend()
    raise DataValidationError(
        f"Unknown text backend {name!r}; use one of: {', '.join(BACKENDS)}.", field="backend"
    )
