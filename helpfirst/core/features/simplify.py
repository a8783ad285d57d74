"""Simplify feature expressions before compiling them: fold constants, infer number types.

A source without an optional column (say ``touch_intent``) reads it as a literal NULL; folding
carries that through the definitions, so an engine is not asked to test a NULL on every one of
millions of events, and an aggregate whose condition can never hold becomes a constant. Folding
follows SQL's three-valued logic exactly; inside a condition (a ``WHERE``, a ``CASE WHEN`` or an
aggregate's ``where``) NULL and FALSE select the same rows, so there NULL may become FALSE.
"""

from __future__ import annotations

from collections.abc import Mapping

from helpfirst.core.features.expressions import (
    BinOp,
    Case,
    Col,
    EpochSeconds,
    Expr,
    Func,
    In,
    IsNull,
    JsonText,
    Lit,
    Not,
    Param,
)

_NULL = Lit(None)
_FALSE = Lit(False)
_COMPARISONS = frozenset({"<", "<=", ">", ">=", "=", "!="})


def fold(expr: Expr, constants: Mapping[str, Lit], *, condition: bool = False) -> Expr:
    """Return ``expr`` with the columns in ``constants`` replaced and constants folded.

    ``condition`` says that only whether ``expr`` is true matters (NULL may become FALSE).
    """
    if isinstance(expr, Col):
        found = constants.get(expr.name, expr)
        return _as_condition(found) if condition else found
    if isinstance(expr, Lit | Param):
        return _as_condition(expr) if condition else expr
    if isinstance(expr, Not):
        inner = fold(expr.operand, constants)
        if isinstance(inner, Lit):
            value = None if inner.value is None else not inner.value
            return _as_condition(Lit(value)) if condition else Lit(value)
        return Not(inner)
    if isinstance(expr, IsNull):
        inner = fold(expr.operand, constants)
        return Lit(inner.value is None) if isinstance(inner, Lit) else IsNull(inner)
    if isinstance(expr, In):
        inner = fold(expr.operand, constants)
        if isinstance(inner, Lit):
            found = None if inner.value is None else inner.value in expr.values
            return _as_condition(Lit(found)) if condition else Lit(found)
        return In(inner, expr.values)
    if isinstance(expr, BinOp):
        return _fold_binary(expr, constants, condition)
    if isinstance(expr, Case):
        return _fold_case(expr, constants, condition)
    if isinstance(expr, Func):
        return Func(expr.name, tuple(fold(a, constants) for a in expr.args))
    if isinstance(expr, EpochSeconds):
        return EpochSeconds(fold(expr.operand, constants))
    if isinstance(expr, JsonText):
        return JsonText(fold(expr.operand, constants), expr.key)
    return expr


def _as_condition(expr: Expr) -> Expr:
    return _FALSE if _is(expr, None) else expr


def _is(expr: Expr, value: bool | None) -> bool:
    """Test for the literal TRUE, FALSE or NULL (never mistaking 0 or 1 for a boolean)."""
    return isinstance(expr, Lit) and expr.value is value


def _fold_binary(expr: BinOp, constants: Mapping[str, Lit], condition: bool) -> Expr:
    logical = expr.op in ("and", "or")
    left = fold(expr.left, constants, condition=condition and logical)
    right = fold(expr.right, constants, condition=condition and logical)
    if logical:
        absorbing, neutral = (False, True) if expr.op == "and" else (True, False)
        if _is(left, absorbing) or _is(right, absorbing):
            return Lit(absorbing)
        if _is(left, neutral):
            return right
        if _is(right, neutral):
            return left
        return BinOp(expr.op, left, right)
    if expr.op in _COMPARISONS and (_is(left, None) or _is(right, None)):
        return _FALSE if condition else _NULL
    return BinOp(expr.op, left, right)


def _fold_case(expr: Case, constants: Mapping[str, Lit], condition: bool) -> Expr:
    branches: list[tuple[Expr, Expr]] = []
    otherwise: Expr | None = None
    for cond, value in expr.branches:
        test = fold(cond, constants, condition=True)
        if _is(test, False):
            continue  # never taken (FALSE or NULL)
        result = fold(value, constants, condition=condition)
        if _is(test, True):
            otherwise = result  # always taken: the later branches never are
            break
        branches.append((test, result))
    if otherwise is None:
        otherwise = fold(expr.otherwise, constants, condition=condition)
    if not branches:
        return otherwise
    return Case(tuple(branches), otherwise)


def fold_columns(
    columns: tuple[tuple[str, Expr], ...], constants: Mapping[str, Lit]
) -> tuple[dict[str, Lit], list[tuple[str, Expr]]]:
    """Fold named columns in order; return the ones that became constants and the rest."""
    known = dict(constants)
    kept: list[tuple[str, Expr]] = []
    for name, expr in columns:
        folded = fold(expr, known)
        if isinstance(folded, Lit):
            known[name] = folded
        else:
            kept.append((name, folded))
    return known, kept


def number_type(expr: Expr, types: Mapping[str, str]) -> str | None:
    """Return ``"integer"`` or ``"float"`` when ``expr`` is surely that, else None.

    ``types`` gives what is known of named columns. NULL literals fit either type.
    """
    if isinstance(expr, Col):
        return types.get(expr.name)
    if isinstance(expr, Lit):
        if isinstance(expr.value, bool) or expr.value is None:
            return None
        if isinstance(expr.value, int):
            return "integer"
        return "float" if isinstance(expr.value, float) else None
    if isinstance(expr, EpochSeconds | Param):
        return "float"
    if isinstance(expr, Case):
        values = [v for _, v in expr.branches] + [expr.otherwise]
        found = {number_type(v, types) for v in values if not _is(v, None)}
        return found.pop() if len(found) == 1 else None
    if isinstance(expr, BinOp) and expr.op in ("+", "-", "*"):
        found = {number_type(expr.left, types), number_type(expr.right, types)}
        return found.pop() if len(found) == 1 else None
    return None


def conjuncts(expr: Expr) -> list[Expr]:
    """Split ``a AND b AND c`` into its parts."""
    if isinstance(expr, BinOp) and expr.op == "and":
        return conjuncts(expr.left) + conjuncts(expr.right)
    return [expr]


def without_implied(where: Expr, given: Expr) -> Expr | None:
    """Drop the parts of condition ``where`` that ``given`` (a condition known true) states.

    Returns None when nothing is left (the condition always holds where ``given`` does).
    """
    known = conjuncts(given)
    left = [part for part in conjuncts(where) if part not in known]
    if not left:
        return None
    result = left[0]
    for part in left[1:]:
        result = BinOp("and", result, part)
    return result
