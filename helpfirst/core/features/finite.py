"""Work out, once per query, what an event's classification is for every kind of event.

Most event columns depend only on a few small integer codes (the kind's code, the page's code):
whether an event is a touch, an answer, which readiness signal it carries, how many points
that signal is worth. Rather than evaluating those ``CASE`` and ``AND``/``OR`` expressions on
millions of events, :func:`classification_tables` evaluates them here, in Python, for every
combination of the codes (a few hundred at most) with SQL's own three-valued logic, and an
engine then picks each event's value from the table by its codes: one lookup per column.

A *code* column is a lookup (``CASE WHEN x = k THEN v ... ELSE d END`` with literal keys and
small non-negative integer values, never NULL) of a column that is not itself a code. A column
is *tabulated* when it reads only code columns, tabulated columns, literals and parameters
through the operators below; anything else (a timestamp, ``exp``) is left to the engine.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from helpfirst.core.features.expressions import (
    BinOp,
    Case,
    Col,
    Expr,
    Func,
    In,
    IsNull,
    Lit,
    Not,
    Param,
    column_names,
)

MAX_TABLE_SIZE = 1024  # combinations of codes a table may cover
MAX_CODE = 64  # codes are small integers: 0..MAX_CODE


class TabulationError(Exception):
    """Raised when an expression cannot be evaluated over codes alone."""


@dataclass(frozen=True, slots=True)
class Table:
    """Hold one column's value for each combination of its code columns.

    ``codes`` names the code columns, each with its (low, high) range; ``values`` lists the
    value for every combination, the last code varying fastest, the lowest value first.
    """

    codes: tuple[tuple[str, int, int], ...]
    values: tuple[Any, ...]


def code_range(expr: Expr) -> tuple[int, int] | None:
    """Return (low, high) when ``expr`` is a lookup yielding small non-negative integers."""
    if not isinstance(expr, Case) or not expr.branches:
        return None
    results = [v for _, v in expr.branches] + [expr.otherwise]
    for cond, _ in expr.branches:
        if not (
            isinstance(cond, BinOp)
            and cond.op == "="
            and isinstance(cond.right, Lit)
            and cond.left == expr.branches[0][0].left  # type: ignore[attr-defined]
            and isinstance(cond.left, Col)
        ):
            return None
    values = []
    for result in results:
        if not isinstance(result, Lit) or isinstance(result.value, bool):
            return None
        if not isinstance(result.value, int) or not 0 <= result.value <= MAX_CODE:
            return None
        values.append(result.value)
    return min(values), max(values)


def classification_tables(
    columns: list[tuple[str, Expr]], params: Mapping[str, float]
) -> tuple[dict[str, tuple[int, int]], dict[str, Table]]:
    """Find the code columns and tabulate every column that reads only codes.

    Returns the code columns with their ranges and a table per tabulated column.
    """
    codes: dict[str, tuple[int, int]] = {}
    derived: dict[str, Expr] = {}
    tables: dict[str, Table] = {}
    for name, expr in columns:
        found = code_range(expr)
        operand = expr.branches[0][0].left if found else None  # type: ignore[attr-defined]
        if found and isinstance(operand, Col) and operand.name not in codes | derived:
            codes[name] = found
            continue
        table = tabulate(expr, codes, derived, params)
        if table is not None:
            derived[name] = expr
            tables[name] = table
    return codes, tables


def tabulate(
    expr: Expr,
    codes: Mapping[str, tuple[int, int]],
    derived: Mapping[str, Expr],
    params: Mapping[str, float],
) -> Table | None:
    """Return ``expr``'s table over the code columns it reads, or None when it has none."""
    used = _codes_read(expr, codes, derived)
    if used is None or not used:
        return None
    ranges = [(name, *codes[name]) for name in sorted(used)]
    if math.prod(high - low + 1 for _, low, high in ranges) > MAX_TABLE_SIZE:
        return None
    values = []
    try:
        for combination in itertools.product(*(range(lo, hi + 1) for _, lo, hi in ranges)):
            env = {name: value for (name, _, _), value in zip(ranges, combination, strict=True)}
            values.append(evaluate(expr, env, derived, params))
    except TabulationError:
        return None
    return Table(tuple(ranges), tuple(values))


def _codes_read(
    expr: Expr, codes: Mapping[str, tuple[int, int]], derived: Mapping[str, Expr]
) -> set[str] | None:
    """Return the code columns ``expr`` reads (through tabulated columns), None if others."""
    used: set[str] = set()
    for name in column_names(expr):
        if name in codes:
            used.add(name)
        elif name in derived:
            inner = _codes_read(derived[name], codes, derived)
            if inner is None:
                return None
            used |= inner
        else:
            return None
    return used


def evaluate(
    expr: Expr, env: Mapping[str, Any], derived: Mapping[str, Expr], params: Mapping[str, float]
) -> Any:
    """Evaluate ``expr`` with SQL semantics (NULL is None, three-valued AND/OR/NOT)."""

    def ev(part: Expr) -> Any:
        return evaluate(part, env, derived, params)

    if isinstance(expr, Col):
        if expr.name in env:
            return env[expr.name]
        if expr.name in derived:
            return ev(derived[expr.name])
        raise TabulationError(expr.name)
    if isinstance(expr, Lit):
        return expr.value
    if isinstance(expr, Param):
        return float(params[expr.name])
    if isinstance(expr, Not):
        value = ev(expr.operand)
        return None if value is None else not value
    if isinstance(expr, IsNull):
        return ev(expr.operand) is None
    if isinstance(expr, In):
        value = ev(expr.operand)
        if value is None:
            return None
        if any(_kind_of(v) != _kind_of(value) for v in expr.values):
            raise TabulationError("IN mixes types")  # SQL would need a cast: leave it
        return value in expr.values
    if isinstance(expr, Case):
        for cond, result in expr.branches:
            if ev(cond) is True:
                return ev(result)
        return ev(expr.otherwise)
    if isinstance(expr, BinOp):
        return _binary(expr.op, ev(expr.left), ev(expr.right))
    raise TabulationError(type(expr).__name__)


def _kind_of(value: Any) -> str:
    """Return which SQL family a Python value belongs to (no implicit casts between them)."""
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, int | float) else type(value).__name__


def _binary(op: str, left: Any, right: Any) -> Any:
    if op == "and":
        if left is False or right is False:
            return False
        return None if left is None or right is None else True
    if op == "or":
        if left is True or right is True:
            return True
        return None if left is None or right is None else False
    if left is None or right is None:
        return None
    if _kind_of(left) != _kind_of(right):
        raise TabulationError(f"{left!r} {op} {right!r}")  # SQL would need a cast: leave it
    operations = {
        "=": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
    }
    if op not in operations or (op in "+-*" and isinstance(left, bool)):
        raise TabulationError(op)
    return operations[op](left, right)


@dataclass(frozen=True, slots=True)
class Pick(Expr):
    """Take ``values[index]`` (1-based; the index always falls inside the list)."""

    index: Expr
    values: tuple[Any, ...]


def index_name(codes: tuple[tuple[str, int, int], ...]) -> str:
    """Name the event column holding the combined index of several code columns."""
    return "__index_" + "_".join(name for name, _, _ in codes)


def index_expr(codes: tuple[tuple[str, int, int], ...]) -> Expr:
    """Return the 1-based position of the codes' combination in a table over ``codes``."""
    total: Expr = Lit(1)
    stride = 1
    for name, low, high in reversed(codes):
        term: Expr = BinOp("-", Col(name), Lit(low))
        total = BinOp("+", total, term if stride == 1 else BinOp("*", term, Lit(stride)))
        stride *= high - low + 1
    return total


class Tabulator:
    """Replace what reads only codes with a pick from a precomputed table.

    ``indexes`` collects the combined-index columns the rewritten expressions need (an event
    column each, computed once per event, for tables over more than one code).
    """

    def __init__(self, columns: list[tuple[str, Expr]], params: Mapping[str, float]) -> None:
        self.params = params
        self.codes, self.tables = classification_tables(columns, params)
        self.derived = {n: e for n, e in columns if n in self.tables}
        self.indexes: dict[str, tuple[tuple[str, int, int], ...]] = {}

    def column(self, name: str, expr: Expr) -> Expr:
        """Return how to compute event column ``name`` (a pick when it is tabulated)."""
        table = self.tables.get(name)
        return self._pick(table) if table is not None else self.rewrite(expr)

    def rewrite(self, expr: Expr) -> Expr:
        """Replace the largest parts of ``expr`` that read only codes with picks."""
        if isinstance(expr, Col | Lit | Param):
            return expr
        table = tabulate(expr, self.codes, self.derived, self.params)
        if table is not None:
            return self._pick(table)
        if isinstance(expr, BinOp):
            return BinOp(expr.op, self.rewrite(expr.left), self.rewrite(expr.right))
        if isinstance(expr, Not):
            return Not(self.rewrite(expr.operand))
        if isinstance(expr, IsNull):
            return IsNull(self.rewrite(expr.operand))
        if isinstance(expr, In):
            return In(self.rewrite(expr.operand), expr.values)
        if isinstance(expr, Case):
            branches = tuple((self.rewrite(c), self.rewrite(v)) for c, v in expr.branches)
            return Case(branches, self.rewrite(expr.otherwise))
        if isinstance(expr, Func):
            return Func(expr.name, tuple(self.rewrite(a) for a in expr.args))
        return expr

    def _pick(self, table: Table) -> Expr:
        if len(set(map(repr, table.values))) == 1:
            return Lit(table.values[0])  # the same for every event
        if len(table.codes) == 1:
            name, low, _ = table.codes[0]
            return Pick(BinOp("-", Col(name), Lit(low - 1)), table.values)
        name = index_name(table.codes)
        self.indexes[name] = table.codes
        return Pick(Col(name), table.values)

    def with_indexes(self, columns: list[tuple[str, Expr]]) -> list[tuple[str, Expr]]:
        """Insert each needed index column right after the last code column it reads."""
        result: list[tuple[str, Expr]] = []
        done: set[str] = set()
        pending = dict(self.indexes)
        for name, expr in columns:
            result.append((name, expr))
            done.add(name)
            for index, codes in list(pending.items()):
                if all(code in done for code, _, _ in codes):
                    result.append((index, index_expr(codes)))
                    del pending[index]
        return result
