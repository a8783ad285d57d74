"""Score leads with a hand-set points rule, the way marketing-automation tools do.

The rule reads only column names, column kinds and the spread of values among training rows;
it never looks at who converted. Points per lead (all weights set by hand, not learned):

=====================================  ==========================================================
column (name contains, case-insensitive) points
=====================================  ==========================================================
engagement numbers: visit, view, page,  0 … 10 by the value's percentile among training rows
time spent, open, click, download,      (more engagement → more points)
session, engag, previous, webinar
recency numbers: days since, pdays,     0 … 5, fewer days → more points
recency, days_since
yes/no opt-outs: do not, unsubscrib,    −10 when yes
opt out, optout
yes/no interest: recommend, free copy,  +5 when yes
download, newsletter, updates, webinar
job-title-like: job, title, occupation, +5 for manager/director/executive/chief/head/owner/
role, position, seniority               founder/entrepreneur/professional/business values,
                                        −5 for student/unemployed/retired/intern values
lead source: source, origin, channel,   +5 for referral/reference/recommendation/word of mouth/
hear, referr                            direct/organic values
any label column                        +10 for a value saying a past success (success, won,
                                        converted, customer)
=====================================  ==========================================================

Everything else scores 0. Points rank the leads; to report a Brier score the points are mapped to
a probability by a two-parameter logistic curve fitted on the training rows. That mapping is
monotone, so it leaves the ranking (ROC AUC, PR AUC, lift) exactly as the hand-set rule made it.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from helpfirst.core.errors import ModelNotFittedError
from helpfirst.core.scoring.model import check_binary_target
from helpfirst.core.scoring.preprocess import (
    ColumnKind,
    category_of,
    infer_column_kind,
    parse_flag,
    parse_number,
)
from helpfirst.core.scoring.table import FeatureTable

ENGAGEMENT_NAMES = (
    "visit", "view", "page", "time spent", "time on", "open", "click", "download", "session",
    "engag", "previous", "webinar",
)  # fmt: skip
RECENCY_NAMES = ("days since", "pdays", "recency", "days_since")
OPT_OUT_NAMES = ("do not", "do_not", "unsubscrib", "opt out", "opt_out", "optout")
INTEREST_FLAG_NAMES = ("recommend", "free copy", "download", "newsletter", "updates", "webinar")
ROLE_NAMES = ("job", "title", "occupation", "role", "position", "seniority")
SENIOR_VALUES = (
    "manag", "director", "exec", "chief", "head", "owner", "founder", "entrepreneur",
    "professional", "business",
)  # fmt: skip
JUNIOR_VALUES = ("student", "unemployed", "retired", "intern")
SOURCE_NAMES = ("source", "origin", "channel", "hear", "referr")
HIGH_INTENT_SOURCES = ("referr", "reference", "recommend", "word of mouth", "direct", "organic")
PAST_SUCCESS_VALUES = ("success", "won", "converted", "customer")


def _has(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in words)


class PointsLeadScorer:
    """Add up hand-set points per lead (see the module docstring for the rule)."""

    def __init__(self, engagement_points: float = 10.0, recency_points: float = 5.0) -> None:
        self.engagement_points = engagement_points
        self.recency_points = recency_points

    def fit(self, table: FeatureTable, y: np.ndarray) -> PointsLeadScorer:
        """Choose the columns the rule applies to; learn only the points→probability curve."""
        target = check_binary_target(y, table.n_rows)
        self.rules_: list[tuple[str, str, np.ndarray | None]] = []
        for name, values in table.columns.items():
            kind, _ = infer_column_kind(values)
            if kind is ColumnKind.NUMERIC and _has(name, ENGAGEMENT_NAMES + RECENCY_NAMES):
                numbers = np.array([parse_number(v) for v in values], dtype=float)
                spread = np.sort(numbers[~np.isnan(numbers)])
                rule = "recency" if _has(name, RECENCY_NAMES) else "engagement"
                self.rules_.append((name, rule, spread))
            elif kind is ColumnKind.BOOLEAN and _has(name, OPT_OUT_NAMES):
                self.rules_.append((name, "opt_out", None))
            elif kind is ColumnKind.BOOLEAN and _has(name, INTEREST_FLAG_NAMES):
                self.rules_.append((name, "interest", None))
            elif kind is ColumnKind.CATEGORICAL:
                self.rules_.append((name, "label", None))
        points = self.points(table)
        self.curve_ = LogisticRegression(C=1e6).fit(points[:, None], target)
        return self

    def points(self, table: FeatureTable) -> np.ndarray:
        """Return each row's points under the hand-set rule."""
        if not hasattr(self, "rules_"):
            raise ModelNotFittedError("PointsLeadScorer: call fit() before scoring")
        total = np.zeros(table.n_rows)
        for name, rule, spread in self.rules_:
            values = table.columns.get(name)
            if values is None:
                continue
            if spread is not None:
                total += self._numeric_points(rule, spread, values)
            elif rule in ("opt_out", "interest"):
                flags = np.nan_to_num(np.array([parse_flag(v) for v in values]), nan=0.0)
                total += flags * (-10.0 if rule == "opt_out" else 5.0)
            else:
                total += np.array([self._label_points(name, category_of(v)) for v in values])
        return total

    def _numeric_points(self, rule: str, spread: np.ndarray, values: np.ndarray) -> np.ndarray:
        numbers = np.array([parse_number(v) for v in values], dtype=float)
        if len(spread) == 0:
            return np.zeros(len(numbers))
        rank = np.searchsorted(spread, numbers, side="right") / len(spread)
        if rule == "recency":
            return np.where(np.isnan(numbers), 0.0, (1.0 - rank) * self.recency_points)
        return np.where(np.isnan(numbers), 0.0, rank * self.engagement_points)

    @staticmethod
    def _label_points(name: str, label: str | None) -> float:
        if label is None:
            return 0.0
        points = 10.0 if _has(label, PAST_SUCCESS_VALUES) else 0.0
        if _has(name, ROLE_NAMES):
            if _has(label, SENIOR_VALUES):
                points += 5.0
            elif _has(label, JUNIOR_VALUES):
                points -= 5.0
        if _has(name, SOURCE_NAMES) and _has(label, HIGH_INTENT_SOURCES):
            points += 5.0
        return points

    def predict_proba(self, table: FeatureTable) -> np.ndarray:
        """Return an ``(n, 2)`` array; the positive column rises monotonically with points."""
        points = self.points(table)
        return np.asarray(self.curve_.predict_proba(points[:, None]))
