"""Write the Olist marketing funnel as one CSV that ``helpfirst score evaluate`` can read.

One row per marketing-qualified lead (MQL) with only what is known at first contact:

- ``first_contact_month`` (``YYYY-MM``) and ``first_contact_weekday`` (``Mon`` … ``Sun``), derived
  from ``first_contact_date``;
- ``landing_page_id`` and ``origin`` as given (a blank origin stays blank, i.e. missing);
- the target ``converted``: 1 when the MQL's ``mql_id`` appears in the closed deals, else 0.

Nothing from the closed-deals file other than the ``mql_id`` is used: its other fields exist only
for won leads and would leak the outcome. The ``mql_id`` itself is not written.

    .venv/bin/python benchmarks/prepare_olist.py --out benchmarks/out/olist_mql.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
FUNNEL = "olist-marketing-funnel"
COLUMNS = ["first_contact_month", "first_contact_weekday", "landing_page_id", "origin", "converted"]


def prepare_olist(data_dir: Path, out: Path) -> tuple[int, int]:
    """Join MQLs to closed deals and write the at-first-contact table; return (rows, positives)."""
    folder = data_dir / FUNNEL
    with (folder / "olist_closed_deals_dataset.csv").open(newline="", encoding="utf-8") as fh:
        won = {row["mql_id"] for row in csv.DictReader(fh)}
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = positives = 0
    mql_file = folder / "olist_marketing_qualified_leads_dataset.csv"
    with mql_file.open(newline="", encoding="utf-8") as fh, out.open("w", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(COLUMNS)
        for row in csv.DictReader(fh):
            day = dt.date.fromisoformat(row["first_contact_date"])
            converted = int(row["mql_id"] in won)
            writer.writerow(
                [
                    f"{day:%Y-%m}",
                    f"{day:%a}",
                    row["landing_page_id"],
                    row["origin"],
                    converted,
                ]
            )
            rows += 1
            positives += converted
    return rows, positives


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "benchmarks/out/olist_mql.csv")
    args = parser.parse_args()
    rows, positives = prepare_olist(args.data_dir, args.out)
    print(f"wrote {args.out}: {rows} MQLs, {positives} converted ({positives / rows:.1%})")


if __name__ == "__main__":
    main()
