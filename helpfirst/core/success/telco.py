"""Read the public IBM Telco customer-churn file into signal rows for ``ChurnRiskModel``.

Source: IBM sample data, ``Telco-Customer-Churn.csv`` (7,043 customers, target ``Churn``); see
``PROVENANCE.md`` next to the file. ``customerID`` is kept apart (never a feature).
``TotalCharges`` is blank for customers with tenure 0: that is read as 0.0 (nothing billed yet);
a blank with a positive tenure is read as missing (the model imputes it).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from helpfirst.core.errors import ImportFileError

ID_COLUMN = "customerID"
TARGET_COLUMN = "Churn"
INTEGER_COLUMNS = ("SeniorCitizen", "tenure")
NUMBER_COLUMNS = ("MonthlyCharges", "TotalCharges")
REQUIRED_COLUMNS = (ID_COLUMN, TARGET_COLUMN, "tenure", "Contract")


@dataclass(frozen=True)
class TelcoChurnData:
    """Customer signal rows, their churn labels (1 = churned) and their ids, in file order."""

    rows: list[dict[str, object]]
    churned: list[int]
    customer_ids: list[str]


def load_telco_churn(path: str | Path) -> TelcoChurnData:
    """Read the Telco churn CSV; raise ``ImportFileError`` naming the row and column on bad data."""
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise ImportFileError(f"cannot open the file ({exc.strerror})", file=str(path)) from exc
    rows: list[dict[str, object]] = []
    churned: list[int] = []
    ids: list[str] = []
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise ImportFileError(
                f"missing column(s) {', '.join(missing)}; is this the IBM Telco churn file?",
                file=str(path),
                line=1,
            )
        for line_number, record in enumerate(reader, start=2):
            row: dict[str, object] = {}
            for column, text in record.items():
                if column in (ID_COLUMN, TARGET_COLUMN) or column is None:
                    continue
                row[column] = _parse_value(path, line_number, column, (text or "").strip(), record)
            label = (record[TARGET_COLUMN] or "").strip()
            if label not in ("Yes", "No"):
                raise ImportFileError(
                    f"Churn must be Yes or No, got {label!r}",
                    file=str(path),
                    line=line_number,
                    column=TARGET_COLUMN,
                )
            rows.append(row)
            churned.append(1 if label == "Yes" else 0)
            ids.append((record[ID_COLUMN] or "").strip())
    if not rows:
        raise ImportFileError("the file has no customer rows", file=str(path))
    return TelcoChurnData(rows=rows, churned=churned, customer_ids=ids)


def _parse_value(path: Path, line: int, column: str, text: str, record: dict[str, str]) -> object:
    if column not in INTEGER_COLUMNS and column not in NUMBER_COLUMNS:
        return text or None
    if not text:
        if column == "TotalCharges" and (record.get("tenure") or "").strip() == "0":
            return 0.0
        if column == "TotalCharges":
            return None
        raise ImportFileError(
            "needs a number, the cell is empty", file=str(path), line=line, column=column
        )
    try:
        return int(text) if column in INTEGER_COLUMNS else float(text)
    except ValueError:
        raise ImportFileError(
            f"needs a number, got {text!r}", file=str(path), line=line, column=column
        ) from None
