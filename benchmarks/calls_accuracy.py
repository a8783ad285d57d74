"""Report how well the call analyser finds questions and pressure tactics.

1. The hand-labelled evaluation set in ``tests/fixtures/transcripts`` (22 calls, all formats):
   question and tactic precision/recall, open/closed agreement, next-step and discovery
   accuracy.
2. The Switchboard Dialog Act Corpus (``<data-dir>/swda``, Jurafsky et al. 1997; see its
   PROVENANCE.md): question detection against the dialog-act question tags on a fixed-seed
   sample, once with the transcribers' punctuation and once with all punctuation removed.

    .venv/bin/python benchmarks/calls_accuracy.py [--data-dir ../shared/data] [--format json]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from helpfirst.core.conversation import analyse_call, parse_transcript  # noqa: E402
from helpfirst.core.conversation.questions import classify_question  # noqa: E402
from helpfirst.core.conversation.sentences import split_sentences  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "transcripts"
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)}


def _overlaps(a: str, b: str, threshold: float = 0.6) -> bool:
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= threshold


def _match(predicted: list[dict], labelled: list[dict], same) -> tuple[int, list[tuple]]:
    """Greedily pair predictions with labels; return true positives and the pairs."""
    used: set[int] = set()
    pairs = []
    for p in predicted:
        for i, label in enumerate(labelled):
            if i not in used and same(p, label):
                used.add(i)
                pairs.append((p, label))
                break
    return len(pairs), pairs


def _prf(tp: int, predicted: int, actual: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "true_positives": tp,
        "predicted": predicted,
        "labelled": actual,
    }


def labelled_set() -> dict:
    """Score the analyser on the hand-labelled fixtures."""
    q_tp = q_pred = q_all = t_tp = t_pred = t_all = kind_agree = 0
    next_ok = disc_ok = disc_all = calls = 0
    per_kind: dict[str, list[int]] = {}
    for path in sorted(FIXTURES.iterdir()):
        if path.name.endswith(".labels.json"):
            continue
        labels = json.loads(
            path.with_name(path.name.rsplit(".", 1)[0] + ".labels.json").read_text(encoding="utf-8")
        )
        data = analyse_call(
            parse_transcript(path.read_bytes(), filename=path.name), labels["seller"]
        ).as_dict()
        calls += 1
        tp, pairs = _match(
            data["questions"],
            labels["questions"],
            lambda p, lab: (
                p["speaker"] == lab["speaker"] and _overlaps(p["text"], lab["text"], 0.8)
            ),
        )
        q_tp, q_pred, q_all = (
            q_tp + tp,
            q_pred + len(data["questions"]),
            q_all + len(labels["questions"]),
        )
        kind_agree += sum(p["kind"] == lab["kind"] for p, lab in pairs)
        tp, pairs = _match(
            data["pressure_tactics"],
            labels["tactics"],
            lambda p, lab: p["kind"] == lab["kind"] and _overlaps(p["quote"], lab["quote"]),
        )
        t_tp, t_pred, t_all = (
            t_tp + tp,
            t_pred + len(data["pressure_tactics"]),
            t_all + len(labels["tactics"]),
        )
        for kind in {t["kind"] for t in data["pressure_tactics"]} | {
            t["kind"] for t in labels["tactics"]
        }:
            counts = per_kind.setdefault(kind, [0, 0, 0])
            counts[0] += sum(1 for p, _ in pairs if p["kind"] == kind)
            counts[1] += sum(1 for t in data["pressure_tactics"] if t["kind"] == kind)
            counts[2] += sum(1 for t in labels["tactics"] if t["kind"] == kind)
        next_ok += data["next_steps"]["agreed"] == labels["next_steps_agreed"]
        for part, value in labels["discovery"].items():
            disc_all += 1
            disc_ok += data["discovery"][part] == value
    return {
        "calls": calls,
        "questions": _prf(q_tp, q_pred, q_all),
        "open_closed_agreement": round(kind_agree / q_tp, 3) if q_tp else None,
        "tactics": _prf(t_tp, t_pred, t_all),
        "tactics_by_kind": {k: _prf(*v) for k, v in sorted(per_kind.items())},
        "next_step_accuracy": round(next_ok / calls, 3),
        "discovery_accuracy": round(disc_ok / disc_all, 3),
    }


def _is_question(text: str) -> bool:
    return any(classify_question(s) for s in split_sentences(text))


def swda(data_dir: Path, sample: int, seed: int) -> dict | None:
    """Score question detection against SwDA dialog-act tags on a fixed-seed sample."""
    path = data_dir / "swda" / "swda_utterances.csv.gz"
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = [(r["text"], r["is_question"] == "1") for r in csv.DictReader(handle)]
    rows = random.Random(seed).sample(rows, min(sample, len(rows)))
    out = {"sample": len(rows), "seed": seed, "questions_in_sample": sum(q for _, q in rows)}
    for name, transform in (
        ("as_punctuated", lambda t: t),
        ("punctuation_removed", lambda t: re.sub(r"[.?!,;:]", "", t).lower()),
    ):
        tp = fp = fn = 0
        for text, truth in rows:
            guess = _is_question(transform(text))
            tp += guess and truth
            fp += guess and not truth
            fn += truth and not guess
        out[name] = _prf(tp, tp + fp, tp + fn)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--sample", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    report = {"labelled_set": labelled_set(), "swda": swda(args.data_dir, args.sample, args.seed)}
    if args.format == "json":
        print(json.dumps(report, indent=2))
        return
    ls = report["labelled_set"]
    print(f"Hand-labelled set: {ls['calls']} calls")
    for name in ("questions", "tactics"):
        m = ls[name]
        print(
            f"  {name:10s} precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
            f"f1 {m['f1']:.3f}  ({m['true_positives']}/{m['predicted']} predicted, "
            f"{m['labelled']} labelled)"
        )
    for kind, m in ls["tactics_by_kind"].items():
        print(f"    {kind:24s} P {m['precision']:.3f}  R {m['recall']:.3f}")
    print(
        f"  open/closed agreement {ls['open_closed_agreement']}  next-step accuracy "
        f"{ls['next_step_accuracy']}  discovery accuracy {ls['discovery_accuracy']}"
    )
    sw = report["swda"]
    if sw is None:
        print("SwDA: not found under --data-dir; skipped")
        return
    print(
        f"SwDA question detection: {sw['sample']} utterances (seed {sw['seed']}), "
        f"{sw['questions_in_sample']} tagged questions"
    )
    for name in ("as_punctuated", "punctuation_removed"):
        m = sw[name]
        print(
            f"  {name:20s} precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
            f"f1 {m['f1']:.3f}"
        )


if __name__ == "__main__":
    main()
