"""Measure ChurnRiskModel on the public IBM Telco customer-churn data.

Stratified k-fold (fixed seed); every model is fitted inside each training fold (encoding,
imputation and calibration included) and scored on the held-out fold only. Reports ROC AUC,
PR AUC, Brier score, expected calibration error and calibration bins, against a simple baseline:
logistic regression on tenure + contract only.

    .venv/bin/python benchmarks/churn_telco.py [--data-dir ../shared/data] [--format json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpfirst.core.success import ChurnEvaluation, ChurnRiskModel, cross_validate_churn
from helpfirst.core.success.telco import load_telco_churn

REPO_ROOT = Path(__file__).resolve().parents[1]

MODELS: dict[str, Callable[[], ChurnRiskModel]] = {
    "ChurnRiskModel (sigmoid-calibrated)": lambda: ChurnRiskModel(calibration="sigmoid"),
    "ChurnRiskModel (isotonic-calibrated)": lambda: ChurnRiskModel(calibration="isotonic"),
    "baseline: logistic on tenure + Contract": lambda: ChurnRiskModel(
        columns=("tenure", "Contract"), calibration="none", log_numbers=False
    ),
}
BASELINE = "baseline: logistic on tenure + Contract"


def run(data_dir: Path, folds: int, seed: int) -> dict[str, Any]:
    """Cross-validate every model and return the figures."""
    path = data_dir / "ibm-telco-churn" / "Telco-Customer-Churn.csv"
    data = load_telco_churn(path)
    results: dict[str, ChurnEvaluation] = {}
    seconds: dict[str, float] = {}
    for name, make in MODELS.items():
        start = time.perf_counter()
        results[name] = cross_validate_churn(
            data.rows,
            data.churned,
            make_model=make,
            n_splits=folds,
            random_state=seed,
            on_fold=lambda n, name=name: print(f"  {name}: fold {n + 1}/{folds}", file=sys.stderr),
        )
        seconds[name] = time.perf_counter() - start
    base = results[BASELINE]
    return {
        "data": str(path),
        "customers": len(data.rows),
        "churn_rate": sum(data.churned) / len(data.churned),
        "folds": folds,
        "seed": seed,
        "models": {
            name: {
                **result.as_dict(),
                "seconds": seconds[name],
                "roc_auc_vs_baseline": {
                    "diff": result.roc_auc - base.roc_auc,
                    "ratio": result.roc_auc / base.roc_auc,
                },
                "pr_auc_vs_baseline": {
                    "diff": result.pr_auc - base.pr_auc,
                    "ratio": result.pr_auc / base.pr_auc,
                },
                "brier_vs_baseline": {
                    "diff": result.brier - base.brier,
                    "ratio": result.brier / base.brier,
                },
            }
            for name, result in results.items()
        },
    }


def print_text(report: dict[str, Any]) -> None:
    """Print the figures as Markdown tables."""
    print(
        f"IBM Telco churn: {report['customers']} customers, churn rate "
        f"{report['churn_rate']:.1%}, stratified {report['folds']}-fold CV, seed "
        f"{report['seed']}\n"
    )
    print(
        "| model | ROC AUC | PR AUC | Brier | ECE | ROC AUC vs baseline | Brier vs baseline "
        "| time (s) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, m in report["models"].items():
        auc, brier = m["roc_auc_vs_baseline"], m["brier_vs_baseline"]
        print(
            f"| {name} | {m['roc_auc']:.4f} | {m['pr_auc']:.4f} | {m['brier']:.4f} | "
            f"{m['expected_calibration_error']:.4f} | {auc['diff']:+.4f} "
            f"(x{auc['ratio']:.3f}) | x{brier['ratio']:.3f} | {m['seconds']:.1f} |"
        )
    first = next(iter(report["models"]))
    print(f"\nCalibration bins, {first} (out-of-fold):\n")
    print("| predicted risk | customers | mean predicted | observed churn |")
    print("|---|---|---|---|")
    for b in report["models"][first]["calibration"]:
        if b["count"]:
            print(
                f"| {b['low']:.1f}–{b['high']:.1f} | {b['count']} | "
                f"{b['mean_predicted']:.3f} | {b['observed_rate']:.3f} |"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    report = run(args.data_dir, args.folds, args.seed)
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        print_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
