"""Turn rows of named signals (numbers and categories) into a numeric matrix, learned per fit.

Numbers are imputed with the training median and standardised; non-negative numbers also get a
standardised ``log1p`` twin (tenure-like signals matter most early on). Text values are one-hot
encoded; categories unseen in training encode as all zeros. Every matrix column remembers the
input column it came from, so explanations can be given per signal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from helpfirst.core.errors import DataValidationError

FeatureRow = Mapping[str, object]


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating)


@dataclass
class SignalEncoder:
    """Learn the encoding from training rows, then encode any rows the same way."""

    columns: tuple[str, ...] | None = None
    log_numbers: bool = True
    numeric_: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    log_: dict[str, tuple[float, float]] = field(default_factory=dict)
    categories_: dict[str, tuple[str, ...]] = field(default_factory=dict)
    feature_names_: list[str] = field(default_factory=list)
    feature_sources_: list[str] = field(default_factory=list)

    def fit(self, rows: Sequence[FeatureRow]) -> SignalEncoder:
        """Learn medians, scales and categories from ``rows``."""
        if not rows:
            raise DataValidationError("needs at least one row to learn from", field="X")
        names = self.columns or tuple(sorted({key for row in rows for key in row}))
        for name in names:
            values = [row.get(name) for row in rows]
            present = [v for v in values if not _is_missing(v)]
            if present and all(_is_number(v) for v in present):
                numbers = np.array([float(v) for v in present])  # type: ignore[arg-type]
                median = float(np.median(numbers))
                filled = np.array(
                    [
                        median if _is_missing(v) else float(v)  # type: ignore[arg-type]
                        for v in values
                    ]
                )
                self.numeric_[name] = (median, float(filled.mean()), float(filled.std()) or 1.0)
                if self.log_numbers and numbers.min() >= 0:
                    logs = np.log1p(filled)
                    self.log_[name] = (float(logs.mean()), float(logs.std()) or 1.0)
            elif present:
                self.categories_[name] = tuple(sorted({str(v) for v in present}))
        for name in names:
            if name in self.numeric_:
                self.feature_names_.append(name)
                self.feature_sources_.append(name)
                if name in self.log_:
                    self.feature_names_.append(f"log1p({name})")
                    self.feature_sources_.append(name)
            for category in self.categories_.get(name, ()):
                self.feature_names_.append(f"{name}={category}")
                self.feature_sources_.append(name)
        if not self.feature_names_:
            raise DataValidationError("no usable signal: every column is empty", field="X")
        return self

    def transform(self, rows: Sequence[FeatureRow]) -> np.ndarray:
        """Return the encoded matrix (one row per input row)."""
        out = np.zeros((len(rows), len(self.feature_names_)))
        for r, row in enumerate(rows):
            col = 0
            for name in dict.fromkeys(self.feature_sources_):
                value = row.get(name)
                if name in self.numeric_:
                    median, mean, std = self.numeric_[name]
                    if _is_missing(value):
                        number = median
                    elif _is_number(value):
                        number = float(value)  # type: ignore[arg-type]
                    else:
                        raise DataValidationError(
                            f"expected a number, got {value!r}", row=r, column=name
                        )
                    out[r, col] = (number - mean) / std
                    col += 1
                    if name in self.log_:
                        log_mean, log_std = self.log_[name]
                        out[r, col] = (math.log1p(max(number, 0.0)) - log_mean) / log_std
                        col += 1
                cats = self.categories_.get(name, ())
                if cats and not _is_missing(value) and str(value) in cats:
                    out[r, col + cats.index(str(value))] = 1.0
                col += len(cats)
        return out
