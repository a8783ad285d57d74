"""Show how the bank's success rate falls as calls pile up, and derive the fatigue penalty.

Reads the UCI bank telemarketing calls (``uci-bank-marketing/bank-additional-full.csv.gz``;
``campaign`` = contacts made to the client in this campaign, including the last; ``y`` = the
client subscribed). Prints the success rate per number of contacts with Wilson 95% intervals,
the fitted per-contact penalty, and the default in ``helpfirst.core.scoring.fatigue``.

    .venv/bin/python benchmarks/contact_fatigue.py [--data-dir ../shared/data] [--format json]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

from helpfirst.core.scoring.fatigue import (
    DEFAULT_FATIGUE_PENALTY,
    derive_fatigue_penalty,
    success_by_contacts,
)
from helpfirst.core.scoring.preprocess import parse_number
from helpfirst.core.scoring.table import read_table, split_target

REPO_ROOT = Path(__file__).resolve().parent.parent
BANK_FILE = Path("uci-bank-marketing") / "bank-additional-full.csv.gz"


def measure(data_dir: Path, max_contacts: int = 10) -> dict[str, object]:
    """Tabulate the bank's success rate by contacts and fit the per-contact penalty."""
    table, y = split_target(read_table(data_dir / BANK_FILE), "y", "yes")
    contacts = np.array([int(parse_number(v)) for v in table.columns["campaign"]])
    rates = success_by_contacts(contacts, y, max_contacts=max_contacts)
    penalty = derive_fatigue_penalty(rates)
    return {
        "rows": len(y),
        "rates": [asdict(r) for r in rates],
        "fitted_penalty": penalty,
        "default_penalty": DEFAULT_FATIGUE_PENALTY,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Success rate by number of contacts (UCI bank)")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--max-contacts", type=int, default=10)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    result = measure(args.data_dir, args.max_contacts)
    if args.format == "json":
        print(json.dumps(result, indent=2))
        return
    print("| contacts | calls | subscribed | success rate | Wilson 95% | vs 1 contact |")
    print("|---:|---:|---:|---:|---|---:|")
    rates = result["rates"]
    assert isinstance(rates, list)
    first = rates[0]["rate"]
    for r in rates:
        label = f"{r['contacts']}+" if r["or_more"] else str(r["contacts"])
        print(
            f"| {label} | {r['trials']:,} | {r['successes']:,} | {r['rate']:.1%} "
            f"| {r['low']:.1%} – {r['high']:.1%} | {r['rate'] / first:.2f} |"
        )
    print(f"\nrows: {result['rows']:,}")
    print(f"fitted penalty per extra contact: {result['fitted_penalty']:.4f}")
    print(f"DEFAULT_FATIGUE_PENALTY: {result['default_penalty']}")


if __name__ == "__main__":
    main()
