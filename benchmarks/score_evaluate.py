"""Run ``helpfirst score evaluate`` on the three real funnels and print one table.

Data sets (see each PROVENANCE.md under ``--data-dir``):

- UCI bank telemarketing calls, target ``y``, ``duration`` dropped (known only after the call);
- X Education leads, target ``Converted``, without the columns the sales team fills in during or
  after contact and without the two IDs;
- Olist marketing funnel, prepared by ``benchmarks/prepare_olist.py`` (at-first-contact fields).

Each run is the real CLI in a subprocess (``python -m helpfirst.cli.score evaluate ...
--format json``), so the figures are exactly what the command prints.

    .venv/bin/python benchmarks/score_evaluate.py [--data-dir ../shared/data] [--format json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from prepare_olist import prepare_olist

REPO_ROOT = Path(__file__).resolve().parent.parent
X_EDUCATION_DROPS = [
    "Tags", "Lead Quality", "Lead Profile", "Last Activity", "Last Notable Activity",
    "Asymmetrique Activity Index", "Asymmetrique Profile Index",
    "Asymmetrique Activity Score", "Asymmetrique Profile Score", "Prospect ID", "Lead Number",
]  # fmt: skip


def data_sets(data_dir: Path, out_dir: Path) -> dict[str, tuple[Path, str, list[str]]]:
    """Return name → (CSV path, target column, dropped columns)."""
    olist = out_dir / "olist_mql.csv"
    prepare_olist(data_dir, olist)
    return {
        "uci_bank": (
            data_dir / "uci-bank-marketing" / "bank-additional-full.csv.gz",
            "y",
            ["duration"],
        ),
        "x_education": (
            data_dir / "x-education-leads" / "Leads.csv",
            "Converted",
            X_EDUCATION_DROPS,
        ),
        "olist_mql": (olist, "converted", []),
    }


def run_cli(path: Path, target: str, drops: list[str], folds: int, seed: int) -> dict:
    """Run the evaluate command and parse its one JSON object."""
    command = [
        sys.executable,
        "-m",
        "helpfirst.cli.score",
        "evaluate",
        str(path),
        "--target",
        target,
        "--folds",
        str(folds),
        "--seed",
        str(seed),
    ]
    for column in drops:
        command += ["--drop", column]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description="helpfirst score evaluate on three funnels")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--out-dir", type=Path, default=REPO_ROOT / "benchmarks" / "out")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["uci_bank", "x_education", "olist_mql"])
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    results = {}
    for name, (path, target, drops) in data_sets(args.data_dir, args.out_dir).items():
        if args.only and name != args.only:
            continue
        results[name] = run_cli(path, target, drops, args.folds, args.seed)
        print(f"done: {name}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(results, indent=2))
        return
    print(
        "| data set | rows | positives | model | ROC AUC | PR AUC | Brier | lift@10% | fit s "
        "| AUC − naive Bayes |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        nb_auc = result["models"]["naive_bayes"]["roc_auc"]
        for model, m in result["models"].items():
            print(
                f"| {name} | {result['rows']:,} | {result['positives']:,} | {model} "
                f"| {m['roc_auc']:.3f} | {m['pr_auc']:.3f} | {m['brier']:.4f} "
                f"| {m['lift_at_10pct']:.2f} | {m['fit_seconds']:.2f} "
                f"| {m['roc_auc'] - nb_auc:+.3f} |"
            )


if __name__ == "__main__":
    main()
