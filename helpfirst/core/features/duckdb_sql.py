"""Compile a :class:`~.definitions.FeatureSet` to one DuckDB SQL query.

The query reads a relation (a Parquet scan or a registered Arrow table) once, adds the event
columns layer by layer, filters, summarises every group in one GROUP BY (keeping the few events
of each subset as a list), summarises the subsets in a second, small GROUP BY and derives the
published features. Parameters are rendered as typed literals (floats as DOUBLE, never DECIMAL).
Before rendering, constants are folded (:mod:`.simplify`) and ``CASE`` lookups over text or small
integer codes become list lookups; both give exactly the value the plain ``CASE`` would.
The query is built as text on purpose (ruff S608 is silenced line by line): every identifier
goes through :func:`quote_name` and every value through :func:`sql_literal`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from helpfirst.core.features.definitions import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    FeatureSet,
    input_columns,
)
from helpfirst.core.features.expressions import (
    Aggregate,
    BinOp,
    Case,
    Col,
    Count,
    CountDistinct,
    CountLaterThan,
    EpochSeconds,
    Expr,
    Func,
    In,
    IsNull,
    JsonText,
    Lit,
    Max,
    Min,
    Not,
    Param,
    Sum,
    column_names,
    layers,
)
from helpfirst.core.features.finite import Pick, Tabulator
from helpfirst.core.features.simplify import fold, fold_columns, number_type, without_implied

_SQL_OPS = {"and": "AND", "or": "OR"}


def quote_name(name: str) -> str:
    """Quote an identifier for DuckDB."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: Any) -> str:
    """Render a Python literal as DuckDB SQL (floats stay DOUBLE)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f"CAST('{value}' AS DOUBLE)"
        text = repr(value)
        return text if "e" in text else text + "e0"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"cannot render {value!r} as a SQL literal")


def sql_expr(expr: Expr, params: dict[str, float], types: Mapping[str, str] | None = None) -> str:
    """Render one expression as DuckDB SQL (``types``: the columns known to hold integers)."""
    known = types or {}

    def render(part: Expr) -> str:
        return sql_expr(part, params, known)

    if isinstance(expr, Col):
        return quote_name(expr.name)
    if isinstance(expr, Lit):
        return sql_literal(expr.value)
    if isinstance(expr, Param):
        return sql_literal(float(params[expr.name]))
    if isinstance(expr, BinOp):
        return f"({render(expr.left)} {_SQL_OPS.get(expr.op, expr.op)} {render(expr.right)})"
    if isinstance(expr, Not):
        return f"(NOT {render(expr.operand)})"
    if isinstance(expr, IsNull):
        return f"({render(expr.operand)} IS NULL)"
    if isinstance(expr, In):
        values = ", ".join(sql_literal(v) for v in expr.values)
        return f"({render(expr.operand)} IN ({values}))"
    if isinstance(expr, Case):
        picked = _lookup_sql(expr, render, known)
        if picked is not None:
            return picked
        parts = " ".join(f"WHEN {render(c)} THEN {render(v)}" for c, v in expr.branches)
        return f"(CASE {parts} ELSE {render(expr.otherwise)} END)"
    if isinstance(expr, Func):
        return f"{expr.name}({', '.join(render(a) for a in expr.args)})"
    if isinstance(expr, EpochSeconds):
        return f"epoch({render(expr.operand)})"
    if isinstance(expr, JsonText):
        return f"json_extract_string({render(expr.operand)}, {sql_literal(f'$.{expr.key}')})"
    if isinstance(expr, Pick):
        return f"[{', '.join(sql_literal(v) for v in expr.values)}][{render(expr.index)}]"
    raise TypeError(f"cannot compile {expr!r} to SQL")


def _lookup_shape(expr: Case) -> tuple[Expr, list[Any], list[Any]] | None:
    """Return (operand, keys, values) when ``expr`` is ``CASE WHEN x = k THEN v ... END``."""
    operand: Expr | None = None
    keys: list[Any] = []
    values: list[Any] = []
    for cond, value in expr.branches:
        if not (
            isinstance(cond, BinOp)
            and cond.op == "="
            and isinstance(cond.right, Lit)
            and isinstance(value, Lit)
            and (operand is None or cond.left == operand)
        ):
            return None
        operand = cond.left
        keys.append(cond.right.value)
        values.append(value.value)
    if operand is None or not isinstance(expr.otherwise, Lit):
        return None
    if all(v is None for v in (*values, expr.otherwise.value)):
        return None
    return operand, keys, values


def _lookup_sql(expr: Case, render: Any, types: Mapping[str, str]) -> str | None:
    """Compile a lookup ``CASE`` as one list lookup, or return None when it is not one.

    Text keys: the operand is found once among the keys (``list_position``; the first match
    wins, as in CASE) instead of being compared with each key in turn. Small integer keys on an
    integer operand: the operand indexes the list of values directly.
    """
    shape = _lookup_shape(expr)
    if shape is None:
        return None
    operand, keys, values = shape
    otherwise = expr.otherwise.value  # type: ignore[attr-defined]
    if all(isinstance(k, str) for k in keys):
        choices = ", ".join(sql_literal(v) for v in (otherwise, *values))
        found = f"list_position([{', '.join(sql_literal(k) for k in keys)}], {render(operand)})"
        return f"[{choices}][coalesce({found}, 0) + 1]"
    integers = all(isinstance(k, int) and not isinstance(k, bool) for k in keys)
    if not integers or number_type(operand, types) != "integer":
        return None
    low, high = min(keys), max(keys)
    if high - low > 64:
        return None
    table: dict[int, Any] = {}
    for key, value in zip(keys, values, strict=True):
        table.setdefault(key, value)  # the first branch wins, as in CASE
    picks = [table.get(k, otherwise) for k in range(low, high + 1)] + [otherwise]
    choices = ", ".join(sql_literal(v) for v in picks)
    x = render(operand)
    index = f"CASE WHEN {x} BETWEEN {low} AND {high} THEN {x} - {low - 1} ELSE {high - low + 2} END"
    return f"[{choices}][{index}]"


def _only(value: str, where: str | None) -> str:
    # CASE inside the aggregate measured faster than FILTER (WHERE ...) on DuckDB 2.0.
    return value if where is None else f"CASE WHEN {where} THEN {value} END"


def _aggregate_sql(agg: Aggregate, render: Any) -> str:
    where = None if agg.where is None else render(agg.where)
    if isinstance(agg, Count):
        return "count(*)" if where is None else f"count({_only('1', where)})"
    if isinstance(agg, Sum):
        return f"coalesce(sum({_only(render(agg.value), where)}), 0.0e0)"
    if isinstance(agg, Max):
        return f"max({_only(render(agg.value), where)})"
    if isinstance(agg, Min):
        return f"min({_only(render(agg.value), where)})"
    if isinstance(agg, CountDistinct):
        return f"count(DISTINCT {_only(render(agg.value), where)})"
    if isinstance(agg, CountLaterThan):
        later = f"{render(agg.ts)} > coalesce({quote_name(agg.after)}, CAST('-inf' AS DOUBLE))"
        return f"count(CASE WHEN {later if where is None else f'{where} AND {later}'} THEN 1 END)"
    raise TypeError(f"cannot compile aggregate {agg!r} to SQL")


def _never(agg: Aggregate, types: Mapping[str, str]) -> str | None:
    """Return an aggregate's value when no event can qualify (None: not known for its type)."""
    if isinstance(agg, Count | CountDistinct | CountLaterThan):
        return "CAST(0 AS BIGINT)"
    if isinstance(agg, Sum):
        return "0.0e0"
    kind = number_type(agg.value, types)
    return {"float": "CAST(NULL AS DOUBLE)", "integer": "CAST(NULL AS BIGINT)"}.get(kind or "")


def _empty_value(agg: Aggregate) -> str | None:
    """Return what an aggregate is for a group none of whose events is in its subset."""
    if isinstance(agg, Count | CountDistinct | CountLaterThan):
        return "0"
    return "0.0e0" if isinstance(agg, Sum) else None


def _fold_aggregate(agg: Aggregate, constants: Mapping[str, Lit], subset: Expr | None) -> Any:
    """Fold an aggregate's expressions; return it, or False when no event can qualify."""
    changes: dict[str, Any] = {}
    for name in ("value", "ts"):
        if hasattr(agg, name):
            changes[name] = fold(getattr(agg, name), constants)
    if agg.where is not None:
        where = fold(agg.where, constants, condition=True)
        if isinstance(where, Lit):
            if where.value is not True:
                return False
            where = None
        changes["where"] = where
    if isinstance(subset, Lit) and subset.value is not True:
        return False
    return replace(agg, **changes)


def _layer(inner: str, named: list[tuple[str, Expr]], render: Any) -> str:
    exprs = ", ".join(f"{render(expr)} AS {quote_name(name)}" for name, expr in named)
    return f"SELECT *, {exprs} FROM ({inner})"  # noqa: S608


def compile_duckdb(
    feature_set: FeatureSet,
    source_sql: str,
    params: dict[str, float],
    available: set[str] | frozenset[str],
    *,
    where_sql: str | None = None,
) -> str:
    """Return the SQL computing ``feature_set`` over the relation ``source_sql``.

    ``available`` names the source's columns (optional inputs are read only when present);
    ``where_sql`` adds a raw filter on the source (incremental runs restrict it to some groups).

    One scan and one GROUP BY summarise every event. The events of each subset (a small
    fraction: recent signals, our touches) are also kept per group, as a list of just the
    columns their aggregates read; a second, small GROUP BY over those lists computes the
    subset's aggregates, which may compare each event with a first-pass aggregate (the time of
    the last answer). That is far cheaper than testing every event for every windowed count.
    """
    constants, columns = fold_columns((*input_columns(available), *feature_set.event_columns), {})
    types: dict[str, str] = {}
    for name, expr in columns:
        found = number_type(expr, types)
        if found:
            types[name] = found

    def render(expr: Expr) -> str:
        return sql_expr(expr, params, types)

    tables = Tabulator(columns, params)
    columns = [(name, tables.column(name, expr)) for name, expr in columns]
    key = quote_name(feature_set.key)
    subsets = {n: fold(c, constants, condition=True) for n, c in feature_set.subsets}
    unknown = sorted({a.among for _, a in feature_set.aggregates if a.among} - set(subsets))
    if unknown:
        raise ValueError(f"aggregates name unknown subsets: {', '.join(unknown)}")
    needed = _needed(feature_set)
    first: list[tuple[str, str]] = []
    staged: dict[str, list[tuple[str, Aggregate]]] = {}
    for name, original in feature_set.aggregates:
        if name not in needed:
            continue  # computed for nothing: neither published nor used
        subset = None if original.among is None else subsets[original.among]
        agg = _fold_aggregate(original, constants, subset)
        if agg is False:
            never = _never(original, types)
            if never is not None:
                first.append((name, never))
                continue
            # A max or min of unknown type: let DuckDB type it, over no event at all.
            agg = replace(original, value=fold(original.value, constants), where=Lit(False))
        if agg.among is not None:
            where = None if agg.where is None else without_implied(agg.where, subsets[agg.among])
            staged.setdefault(agg.among, []).append((name, replace(agg, where=where)))
        elif isinstance(agg, CountLaterThan):
            raise ValueError(f"{name}: CountLaterThan needs a subset of events (among=...).")
        else:
            first.append((name, _aggregate_sql(_tabulated(agg, tables), render)))
    parts = [f"{sql} AS {quote_name(name)}" for name, sql in first]
    fields = {s: sorted(set().union(*(_event_names(a) for _, a in m))) for s, m in staged.items()}
    for subset in staged:
        condition = render(tables.rewrite(subsets[subset]))
        parts.append(_subset_list(f"__{subset}", fields[subset], condition))
    inputs = [*dict.fromkeys((feature_set.key, *_required(available)))]
    events = f"SELECT {', '.join(quote_name(c) for c in inputs)} FROM {source_sql}"  # noqa: S608
    if where_sql:
        events += f" WHERE {where_sql}"
    for named in layers(tuple(tables.with_indexes(columns))):
        events = _layer(events, named, render)
    keep = render(tables.rewrite(fold(feature_set.keep_event, constants, condition=True)))
    events = f"SELECT * FROM ({events}) WHERE {keep}"  # noqa: S608
    groups = f"SELECT {key}, {', '.join(parts)} FROM events GROUP BY {key}"  # noqa: S608
    if staged:
        names = [n for n, _ in first]
        groups = _join_subsets(feature_set.key, events, groups, names, staged, fields, render)
    else:
        groups = f"WITH events AS ({events}) {groups}"
    for named in layers(feature_set.features):
        groups = _layer(groups, [(n, fold(e, {})) for n, e in named], render)
    outputs = ", ".join(quote_name(c) for c in (feature_set.key, *feature_set.outputs))
    return f"SELECT {outputs} FROM ({groups}) ORDER BY {key}"  # noqa: S608


def _tabulated(agg: Aggregate, tables: Tabulator) -> Aggregate:
    """Return ``agg`` with the parts that read only event codes picked from tables."""
    changes = {n: tables.rewrite(getattr(agg, n)) for n in ("value", "ts") if hasattr(agg, n)}
    if agg.where is not None:
        changes["where"] = tables.rewrite(agg.where)
    return replace(agg, **changes)


def _needed(feature_set: FeatureSet) -> set[str]:
    """Name the aggregates that are published or used by a feature or another aggregate."""
    needed = set(feature_set.outputs)
    for _, expr in feature_set.features:
        needed |= column_names(expr)
    needed |= {a.after for _, a in feature_set.aggregates if isinstance(a, CountLaterThan)}
    return needed


def _subset_list(name: str, fields: list[str], condition: str) -> str:
    """Return the aggregate keeping one subset's events (only ``fields``) as a list per group."""
    if len(fields) == 1:
        value = quote_name(fields[0])  # a plain list is cheaper to build than one of structs
    else:
        value = "{" + ", ".join(f"{sql_literal(f)}: {quote_name(f)}" for f in fields) + "}"
    return f"list({value}) FILTER (WHERE {condition}) AS {quote_name(name)}"


def _join_subsets(
    key_name: str,
    events: str,
    groups: str,
    first: list[str],
    staged: dict[str, list[tuple[str, Aggregate]]],
    fields: dict[str, list[str]],
    render: Any,
) -> str:
    """Return SQL joining the first GROUP BY with one small GROUP BY per subset.

    Each subset's list is unnested back into rows (with the group key and the first-pass
    aggregates its own aggregates compare with); a group with no event in the subset has no
    row there, so its aggregates take their empty value (0 for counts, NULL for max/min).
    """
    key = quote_name(key_name)
    columns = [f"g.{quote_name(n)}" for n in (key_name, *first)]
    ctes = [f"events AS ({events})", f"groups AS MATERIALIZED ({groups})"]
    joins = []
    for number, (subset, mine) in enumerate(staged.items()):
        carried = sorted({a.after for _, a in mine if isinstance(a, CountLaterThan)})
        kept = ", ".join(quote_name(c) for c in (key_name, *carried))
        listed = quote_name(f"__{subset}")
        if len(fields[subset]) == 1:
            unnested = f"unnest({listed}) AS {quote_name(fields[subset][0])}"
        else:
            unnested = f"unnest({listed}, recursive := true)"
        rows = f"SELECT {kept}, {unnested} FROM groups"  # noqa: S608
        aggs = ", ".join(f"{_aggregate_sql(a, render)} AS {quote_name(n)}" for n, a in mine)
        alias = f"s{number}"
        ctes.append(f"{alias} AS (SELECT {key}, {aggs} FROM ({rows}) GROUP BY {key})")  # noqa: S608
        joins.append(f"LEFT JOIN {alias} USING ({key})")
        for name, agg in mine:
            value, empty = f"{alias}.{quote_name(name)}", _empty_value(agg)
            value = value if empty is None else f"coalesce({value}, {empty})"
            columns.append(f"{value} AS {quote_name(name)}")
    select = f"SELECT {', '.join(columns)} FROM groups g {' '.join(joins)}"  # noqa: S608
    return f"WITH {', '.join(ctes)} {select}"


def _event_names(agg: Aggregate) -> set[str]:
    """Return the event columns an aggregate reads."""
    names: set[str] = set()
    for part in (getattr(agg, "value", None), getattr(agg, "ts", None), agg.where):
        if isinstance(part, Expr):
            names |= column_names(part)
    return names


def _required(available: set[str] | frozenset[str]) -> tuple[str, ...]:
    return REQUIRED_COLUMNS + tuple(c for c in OPTIONAL_COLUMNS if c in available)
