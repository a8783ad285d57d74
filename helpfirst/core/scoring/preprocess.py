"""Turn raw table columns into model-ready numbers, learning every choice from training rows.

:class:`TabularPreprocessor` infers each column's kind (date, numeric, boolean, categorical, or
ignored when it looks like an identifier or holds a single value), remembers medians, the
categories frequent enough to keep and which parts of a date vary, and encodes any table the
same way afterwards. A date column becomes several numeric outputs (see
:mod:`helpfirst.core.scoring.dates`); every other used column becomes one. It never sees a
target, and it is fitted anew inside each cross-validation fold, so nothing from a test fold
reaches it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.scoring.dates import date_parts_of, encode_dates, looks_like_dates
from helpfirst.core.scoring.table import FeatureTable, is_missing

TRUE_WORDS = frozenset({"yes", "true", "y", "t", "1", "1.0"})
FALSE_WORDS = frozenset({"no", "false", "n", "f", "0", "0.0"})
OTHER_CATEGORY = "(other)"


class ColumnKind(StrEnum):
    """How a column is read: as a number, a yes/no flag, a category, dates, or not at all."""

    NUMERIC = "numeric"
    BOOLEAN = "boolean"
    CATEGORICAL = "categorical"
    IGNORED = "ignored"
    DATE = "date"


@dataclass(frozen=True)
class ColumnPlan:
    """Record what was learned about one column from the training rows."""

    name: str
    kind: ColumnKind
    median: float = 0.0
    categories: tuple[str, ...] = ()
    reason: str = ""
    parts: tuple[str, ...] = ()

    @property
    def outputs(self) -> list[str]:
        """Name the encoded columns this plan writes (none when ignored)."""
        if self.kind is ColumnKind.IGNORED:
            return []
        if self.kind is ColumnKind.DATE:
            return [f"{self.name} ({part})" for part in self.parts]
        return [self.name]


def parse_number(value: object) -> float:
    """Read a cell as a float, or NaN when it is missing or not a number."""
    if is_missing(value):
        return float("nan")
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return float("nan")


def parse_flag(value: object) -> float:
    """Read a cell as 1.0 (yes), 0.0 (no) or NaN (missing / neither)."""
    if is_missing(value):
        return float("nan")
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return 1.0
    if text in FALSE_WORDS:
        return 0.0
    return float("nan")


def category_of(value: object) -> str | None:
    """Read a cell as a category label, or None when missing."""
    return None if is_missing(value) else str(value).strip()


def infer_column_kind(
    values: np.ndarray, *, numeric_share: float = 0.95, identifier_share: float = 0.5
) -> tuple[ColumnKind, str]:
    """Infer how to read a column from its values alone; return the kind and a short reason."""
    present = [v for v in values if not is_missing(v)]
    if not present:
        return ColumnKind.IGNORED, "no values"
    distinct = {str(v).strip().lower() for v in present}
    if len(distinct) == 1:
        return ColumnKind.IGNORED, "a single value"
    if distinct <= (TRUE_WORDS | FALSE_WORDS) and len(distinct) == 2:
        return ColumnKind.BOOLEAN, "two yes/no values"
    numbers = np.array([parse_number(v) for v in present], dtype=float)
    if np.mean(~np.isnan(numbers)) >= numeric_share:
        return ColumnKind.NUMERIC, "numbers"
    if len(distinct) > identifier_share * len(present) and len(present) > 20:
        return ColumnKind.IGNORED, "nearly every value differs (an identifier?)"
    return ColumnKind.CATEGORICAL, "labels"


class TabularPreprocessor:
    """Encode raw table columns as a float matrix; learn kinds, medians and categories in fit.

    Categories seen fewer than ``min_category_count`` times in training (or beyond the
    ``max_categories`` most frequent) become one "(other)" level, as do unseen ones later.
    Text columns whose values look like dates are read as dates (``read_dates=False`` turns
    that off), before the kinds of :func:`infer_column_kind` are considered.
    """

    def __init__(
        self,
        min_category_count: int = 10,
        max_categories: int = 200,
        numeric_share: float = 0.95,
        identifier_share: float = 0.5,
        read_dates: bool = True,
    ) -> None:
        self.min_category_count = min_category_count
        self.max_categories = max_categories
        self.numeric_share = numeric_share
        self.identifier_share = identifier_share
        self.read_dates = read_dates

    def _plan(self, name: str, values: np.ndarray) -> ColumnPlan:
        kind, reason = infer_column_kind(
            values, numeric_share=self.numeric_share, identifier_share=self.identifier_share
        )
        if kind is not ColumnKind.NUMERIC and self.read_dates and looks_like_dates(values):
            return ColumnPlan(name, ColumnKind.DATE, parts=date_parts_of(values), reason="dates")
        if kind is ColumnKind.NUMERIC:
            numbers = np.array([parse_number(v) for v in values], dtype=float)
            finite = numbers[~np.isnan(numbers)]
            return ColumnPlan(name, kind, median=float(np.median(finite)), reason=reason)
        if kind is ColumnKind.CATEGORICAL:
            counts = Counter(c for c in map(category_of, values) if c is not None)
            ranked = [c for c, n in counts.most_common() if n >= self.min_category_count]
            kept = tuple(ranked[: self.max_categories])
            return ColumnPlan(name, kind, categories=kept, reason=reason)
        return ColumnPlan(name, kind, reason=reason)

    def fit(self, table: FeatureTable) -> TabularPreprocessor:
        """Learn each column's kind, median and kept categories from ``table``."""
        if table.n_rows == 0:
            raise DataValidationError("cannot fit on an empty table")
        plans = [self._plan(name, values) for name, values in table.columns.items()]
        self.plans_ = plans
        self.feature_names_ = [out for p in plans for out in p.outputs]
        self.used_columns_ = [p.name for p in plans if p.kind is not ColumnKind.IGNORED]
        if not self.feature_names_:
            raise DataValidationError(
                "no usable predictor columns: every column is empty, constant or an identifier"
            )
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "plans_"):
            raise ModelNotFittedError("call fit() before transform()")

    @property
    def categorical_mask_(self) -> np.ndarray:
        """Return, per output column, whether it holds category codes."""
        self._check_fitted()
        return np.array(
            [p.kind is ColumnKind.CATEGORICAL for p in self.plans_ for _ in p.outputs], dtype=bool
        )

    def transform(self, table: FeatureTable) -> np.ndarray:
        """Encode ``table`` as floats: numbers and flags as is (NaN if missing), categories as
        codes ``0..k-1`` with ``k`` for "(other)" and NaN for missing."""
        self._check_fitted()
        out = np.full((table.n_rows, len(self.feature_names_)), np.nan, dtype=float)
        j = 0
        for plan in self.plans_:
            width = len(plan.outputs)
            values = table.columns.get(plan.name)
            if width and values is not None:
                encoded = self._encode(plan, values)
                out[:, j : j + width] = encoded.reshape(table.n_rows, width)
            j += width
        return out

    def decode(self, feature: str, code: float) -> object:
        """Return the raw-looking value behind an encoded number (for explanations)."""
        self._check_fitted()
        plan = next(p for p in self.plans_ if feature in p.outputs)
        if np.isnan(code):
            return None
        if plan.kind is ColumnKind.CATEGORICAL:
            index = int(code)
            return plan.categories[index] if index < len(plan.categories) else OTHER_CATEGORY
        if plan.kind is ColumnKind.BOOLEAN:
            return bool(code)
        return float(code)

    @staticmethod
    def _encode(plan: ColumnPlan, values: np.ndarray) -> np.ndarray:
        if plan.kind is ColumnKind.DATE:
            return encode_dates(values, plan.parts)
        if plan.kind is ColumnKind.NUMERIC:
            return np.array([parse_number(v) for v in values], dtype=float)
        if plan.kind is ColumnKind.BOOLEAN:
            return np.array([parse_flag(v) for v in values], dtype=float)
        lookup = {c: float(i) for i, c in enumerate(plan.categories)}
        other = float(len(plan.categories))
        codes = np.empty(len(values), dtype=float)
        for i, value in enumerate(values):
            label = category_of(value)
            codes[i] = np.nan if label is None else lookup.get(label, other)
        return codes


class ValueShares:
    """Add, per encoded column, how common each row's value was among the training rows.

    Learned without the target (so it may be fitted on every training row): for each column
    with between 3 and ``max_levels`` distinct values, a value's share of the training rows;
    a value never seen in training gets 0, a missing value stays NaN. Trees then see "a rare
    page" or "a busy day" as one number instead of learning it level by level.
    """

    def __init__(self, max_levels: int = 2000) -> None:
        self.max_levels = max_levels

    def fit(self, matrix: np.ndarray) -> ValueShares:
        self.columns_: list[tuple[int, np.ndarray, np.ndarray]] = []
        for j in range(matrix.shape[1]):
            column = matrix[:, j]
            values, counts = np.unique(column[~np.isnan(column)], return_counts=True)
            if 2 < len(values) <= self.max_levels:
                self.columns_.append((j, values, counts / len(column)))
        return self

    def transform(self, matrix: np.ndarray) -> np.ndarray:
        """Return ``matrix`` with one share column appended per learned column."""
        if not hasattr(self, "columns_"):
            raise ModelNotFittedError("ValueShares: call fit() before transform()")
        extra = np.full((matrix.shape[0], len(self.columns_)), np.nan)
        for k, (j, values, shares) in enumerate(self.columns_):
            column = matrix[:, j]
            index = np.minimum(np.searchsorted(values, column), len(values) - 1)
            seen = values[index] == column
            extra[:, k] = np.where(seen, shares[index], 0.0)
            extra[np.isnan(column), k] = np.nan
        return np.hstack([matrix, extra])
