"""Describe per-event columns, per-group aggregates and derived features as plain data.

A feature is written once with these small frozen dataclasses; :mod:`.duckdb_sql` compiles them
to a DuckDB SQL query and :mod:`.spark` to PySpark column expressions. Nothing here knows either
engine, so the two can never drift apart. Build expressions with the helpers at the bottom
(``col``, ``lit``, ``when``, ``fn``) and Python operators (``+ - * / < <= > >= == != & | ~``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Expr:
    """Base of every expression node; Python operators build larger expressions."""

    __slots__ = ()

    def _bin(self, op: str, other: object, *, swap: bool = False) -> BinOp:
        right = other if isinstance(other, Expr) else Lit(other)
        return BinOp(op, right, self) if swap else BinOp(op, self, right)

    def __add__(self, other: object) -> BinOp:
        return self._bin("+", other)

    def __radd__(self, other: object) -> BinOp:
        return self._bin("+", other, swap=True)

    def __sub__(self, other: object) -> BinOp:
        return self._bin("-", other)

    def __rsub__(self, other: object) -> BinOp:
        return self._bin("-", other, swap=True)

    def __mul__(self, other: object) -> BinOp:
        return self._bin("*", other)

    def __rmul__(self, other: object) -> BinOp:
        return self._bin("*", other, swap=True)

    def __truediv__(self, other: object) -> BinOp:
        return self._bin("/", other)

    def __rtruediv__(self, other: object) -> BinOp:
        return self._bin("/", other, swap=True)

    def __lt__(self, other: object) -> BinOp:
        return self._bin("<", other)

    def __le__(self, other: object) -> BinOp:
        return self._bin("<=", other)

    def __gt__(self, other: object) -> BinOp:
        return self._bin(">", other)

    def __ge__(self, other: object) -> BinOp:
        return self._bin(">=", other)

    def eq(self, other: object) -> BinOp:
        """Compare for equality (``==`` stays Python's, so nodes remain hashable)."""
        return self._bin("=", other)

    def ne(self, other: object) -> BinOp:
        """Compare for inequality."""
        return self._bin("!=", other)

    def __and__(self, other: object) -> BinOp:
        return self._bin("and", other)

    def __or__(self, other: object) -> BinOp:
        return self._bin("or", other)

    def __neg__(self) -> BinOp:
        return BinOp("-", Lit(0.0), self)

    def __invert__(self) -> Not:
        return Not(self)

    def isin(self, values: tuple[Any, ...] | frozenset[Any] | list[Any]) -> In:
        """Test membership in a fixed set of literal values (sorted, so SQL text is stable)."""
        return In(self, tuple(sorted(values)))

    def is_null(self) -> IsNull:
        """Test for a missing value."""
        return IsNull(self)


@dataclass(frozen=True, slots=True)
class Col(Expr):
    """Refer to a column of the input, an earlier event column, an aggregate or a feature."""

    name: str


@dataclass(frozen=True, slots=True)
class Lit(Expr):
    """Hold a literal: a number, a string, a boolean or None."""

    value: Any


@dataclass(frozen=True, slots=True)
class Param(Expr):
    """Stand for a run parameter (such as ``now_ts``) bound when the query is compiled."""

    name: str


@dataclass(frozen=True, slots=True)
class BinOp(Expr):
    """Combine two expressions: arithmetic, comparison, ``and`` or ``or``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Not(Expr):
    """Negate a condition."""

    operand: Expr


@dataclass(frozen=True, slots=True)
class IsNull(Expr):
    """Test whether a value is missing."""

    operand: Expr


@dataclass(frozen=True, slots=True)
class In(Expr):
    """Test whether a value is one of a few literals."""

    operand: Expr
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Case(Expr):
    """Pick the value of the first true condition, else ``otherwise`` (SQL ``CASE WHEN``)."""

    branches: tuple[tuple[Expr, Expr], ...]
    otherwise: Expr


@dataclass(frozen=True, slots=True)
class Func(Expr):
    """Call one of the portable scalar functions in :data:`FUNCTIONS`."""

    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class EpochSeconds(Expr):
    """Turn a timestamp column into POSIX seconds (a float)."""

    operand: Expr


@dataclass(frozen=True, slots=True)
class JsonText(Expr):
    """Read one top-level key of a JSON text column as text (None when absent)."""

    operand: Expr
    key: str


# Scalar functions both engines implement with the same meaning.
FUNCTIONS = frozenset({"exp", "ln", "greatest", "least", "coalesce", "concat", "lower"})

BINARY_OPS = frozenset({"+", "-", "*", "/", "<", "<=", ">", ">=", "=", "!=", "and", "or"})


# Aggregates over the events of one group (a journey or an account). ``among`` names one of the
# feature set's subsets (see ``FeatureSet.subsets``): the aggregate then sees only the events of
# that subset. The result is the same as adding the subset's condition to ``where``; engines use
# it to summarise a small fraction of the events once instead of testing every event per feature.
@dataclass(frozen=True, slots=True)
class Count:
    """Count the events where ``where`` holds (all events when None)."""

    where: Expr | None = None
    among: str | None = None


@dataclass(frozen=True, slots=True)
class Sum:
    """Sum ``value`` over the events where ``where`` holds; an empty group sums to 0."""

    value: Expr
    where: Expr | None = None
    among: str | None = None


@dataclass(frozen=True, slots=True)
class Max:
    """Take the largest ``value`` where ``where`` holds (None when no event qualifies)."""

    value: Expr
    where: Expr | None = None
    among: str | None = None


@dataclass(frozen=True, slots=True)
class Min:
    """Take the smallest ``value`` where ``where`` holds (None when no event qualifies)."""

    value: Expr
    where: Expr | None = None
    among: str | None = None


@dataclass(frozen=True, slots=True)
class CountDistinct:
    """Count the distinct non-null ``value`` where ``where`` holds."""

    value: Expr
    where: Expr | None = None
    among: str | None = None


@dataclass(frozen=True, slots=True)
class CountLaterThan:
    """Count the events where ``where`` holds that happened after another aggregate's time.

    ``after`` names an aggregate holding a timestamp (say the last answer); when it is None,
    every qualifying event counts. This is "touches in a row since the buyer last answered".
    It needs each qualifying event's time after the group is summarised, so give it a small
    subset (``among``): DuckDB keeps only that subset's events per group for the second step.
    """

    ts: Expr
    after: str
    where: Expr | None = None
    among: str | None = None


Aggregate = Count | Sum | Max | Min | CountDistinct | CountLaterThan


def column_names(expr: Expr) -> set[str]:
    """Return the names of every column ``expr`` refers to."""
    if isinstance(expr, Col):
        return {expr.name}
    found: set[str] = set()
    for value in vars_of(expr):
        if isinstance(value, Expr):
            found |= column_names(value)
        elif isinstance(value, tuple):
            for item in value:
                for part in item if isinstance(item, tuple) else (item,):
                    if isinstance(part, Expr):
                        found |= column_names(part)
    return found


def vars_of(expr: Expr) -> tuple[Any, ...]:
    """Return the field values of an expression node."""
    return tuple(getattr(expr, name) for name in expr.__slots__)  # type: ignore[attr-defined]


def layers(columns: tuple[tuple[str, Expr], ...]) -> list[list[tuple[str, Expr]]]:
    """Group named expressions into layers; each uses only inputs and earlier layers.

    Fewer, wider projections keep the compiled plans shallow (cheaper to optimise).
    """
    depth: dict[str, int] = {}
    grouped: list[list[tuple[str, Expr]]] = []
    for name, expr in columns:
        level = max((depth[n] + 1 for n in column_names(expr) if n in depth), default=0)
        depth[name] = level
        while len(grouped) <= level:
            grouped.append([])
        grouped[level].append((name, expr))
    return grouped


def col(name: str) -> Col:
    """Refer to a column by name."""
    return Col(name)


def lit(value: Any) -> Lit:
    """Wrap a literal value."""
    return Lit(value)


def param(name: str) -> Param:
    """Refer to a run parameter (bound at compile time)."""
    return Param(name)


def fn(name: str, *args: Expr | float | str) -> Func:
    """Call a portable scalar function (see :data:`FUNCTIONS`)."""
    if name not in FUNCTIONS:
        raise ValueError(f"{name!r} is not a portable function; use one of {sorted(FUNCTIONS)}.")
    return Func(name, tuple(a if isinstance(a, Expr) else Lit(a) for a in args))


def when(*branches: tuple[Expr, object], otherwise: object = None) -> Case:
    """Build a ``CASE WHEN`` from ``(condition, value)`` pairs."""
    pairs = tuple(
        (cond, value if isinstance(value, Expr) else Lit(value)) for cond, value in branches
    )
    return Case(pairs, otherwise if isinstance(otherwise, Expr) else Lit(otherwise))


def lookup(operand: Expr, table: dict[Any, float], default: float = 0.0) -> Case:
    """Map the values of ``operand`` through a small literal table (a ``CASE`` per entry)."""
    return when(
        *((operand.eq(key), float(value)) for key, value in sorted(table.items()) if value),
        otherwise=float(default),
    )
