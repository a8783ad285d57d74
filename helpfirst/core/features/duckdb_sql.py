"""Compile a :class:`~.definitions.FeatureSet` to one DuckDB SQL query.

The query reads a relation (a Parquet scan or a registered Arrow table), adds the event
columns layer by layer, filters, aggregates per group in a single pass and derives the
published features. Parameters are rendered as typed literals (floats as DOUBLE, never DECIMAL).
The query is built as text on purpose (ruff S608 is silenced line by line): every identifier
goes through :func:`quote_name` and every value through :func:`sql_literal`.
"""

from __future__ import annotations

import math
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
    layers,
)

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


def sql_expr(expr: Expr, params: dict[str, float]) -> str:
    """Render one expression as DuckDB SQL."""
    if isinstance(expr, Col):
        return quote_name(expr.name)
    if isinstance(expr, Lit):
        return sql_literal(expr.value)
    if isinstance(expr, Param):
        return sql_literal(float(params[expr.name]))
    if isinstance(expr, BinOp):
        op = _SQL_OPS.get(expr.op, expr.op)
        return f"({sql_expr(expr.left, params)} {op} {sql_expr(expr.right, params)})"
    if isinstance(expr, Not):
        return f"(NOT {sql_expr(expr.operand, params)})"
    if isinstance(expr, IsNull):
        return f"({sql_expr(expr.operand, params)} IS NULL)"
    if isinstance(expr, In):
        values = ", ".join(sql_literal(v) for v in expr.values)
        return f"({sql_expr(expr.operand, params)} IN ({values}))"
    if isinstance(expr, Case):
        parts = " ".join(
            f"WHEN {sql_expr(cond, params)} THEN {sql_expr(value, params)}"
            for cond, value in expr.branches
        )
        return f"(CASE {parts} ELSE {sql_expr(expr.otherwise, params)} END)"
    if isinstance(expr, Func):
        args = ", ".join(sql_expr(a, params) for a in expr.args)
        return f"{expr.name}({args})"
    if isinstance(expr, EpochSeconds):
        return f"epoch({sql_expr(expr.operand, params)})"
    if isinstance(expr, JsonText):
        path = sql_literal(f"$.{expr.key}")
        return f"json_extract_string({sql_expr(expr.operand, params)}, {path})"
    raise TypeError(f"cannot compile {expr!r} to SQL")


def _only(value: str, where: Expr | None, params: dict[str, float]) -> str:
    # CASE inside the aggregate measured faster than FILTER (WHERE ...) on DuckDB 2.0.
    return value if where is None else f"CASE WHEN {sql_expr(where, params)} THEN {value} END"


def _aggregate_sql(name: str, agg: Aggregate, params: dict[str, float]) -> str:
    if isinstance(agg, Count):
        return "count(*)" if agg.where is None else f"count({_only('1', agg.where, params)})"
    if isinstance(agg, Sum):
        return f"coalesce(sum({_only(sql_expr(agg.value, params), agg.where, params)}), 0.0e0)"
    if isinstance(agg, Max):
        return f"max({_only(sql_expr(agg.value, params), agg.where, params)})"
    if isinstance(agg, Min):
        return f"min({_only(sql_expr(agg.value, params), agg.where, params)})"
    if isinstance(agg, CountDistinct):
        return f"count(DISTINCT {_only(sql_expr(agg.value, params), agg.where, params)})"
    raise TypeError(f"cannot compile aggregate {name}={agg!r} to SQL")


def _layer(inner: str, named: list[tuple[str, Expr]], params: dict[str, float]) -> str:
    exprs = ", ".join(f"{sql_expr(expr, params)} AS {quote_name(name)}" for name, expr in named)
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
    Counts "later than" another aggregate take a second pass over the qualifying events only,
    joined to the first pass's per-group times.
    """
    inputs = [*dict.fromkeys((feature_set.key, *_required(available)))]
    select = ", ".join(quote_name(c) for c in inputs)
    events = f"SELECT {select} FROM {source_sql}"  # noqa: S608
    if where_sql:
        events += f" WHERE {where_sql}"
    for named in layers((*input_columns(available), *feature_set.event_columns)):
        events = _layer(events, named, params)
    keep = sql_expr(feature_set.keep_event, params)
    events = f"SELECT * FROM ({events}) WHERE {keep}"  # noqa: S608
    key = quote_name(feature_set.key)
    plain = [(n, a) for n, a in feature_set.aggregates if not isinstance(a, CountLaterThan)]
    later = [(n, a) for n, a in feature_set.aggregates if isinstance(a, CountLaterThan)]
    aggs = ", ".join(f"{_aggregate_sql(n, a, params)} AS {quote_name(n)}" for n, a in plain)
    sql = f"SELECT {key}, {aggs} FROM events GROUP BY {key}"  # noqa: S608
    if later:
        counts, conditions, replaced = [], [], []
        for name, agg in later:
            after = f"coalesce(g.{quote_name(agg.after)}, CAST('-inf' AS DOUBLE))"
            where = "TRUE" if agg.where is None else sql_expr(agg.where, params)
            conditions.append(where)
            ts = sql_expr(agg.ts, params)
            counts.append(
                f"count(CASE WHEN {where} AND {ts} > {after} THEN 1 END) AS {quote_name(name)}"
            )
            replaced.append(f"coalesce(l.{quote_name(name)}, 0) AS {quote_name(name)}")
        afters = ", ".join(dict.fromkeys(quote_name(a.after) for _, a in later))
        either = " OR ".join(f"({c})" for c in conditions)
        parts = [
            f"WITH events AS MATERIALIZED ({events}), groups AS ({sql}),",
            f"later AS (SELECT e.{key}, {', '.join(counts)} FROM events e",  # noqa: S608
            f"JOIN (SELECT {key}, {afters} FROM groups) g USING ({key})",  # noqa: S608
            f"WHERE {either} GROUP BY e.{key})",
            f"SELECT g.*, {', '.join(replaced)} FROM groups g LEFT JOIN later l USING ({key})",  # noqa: S608
        ]
        sql = " ".join(parts)
    else:
        sql = f"WITH events AS ({events}) {sql}"
    for named in layers(feature_set.features):
        sql = _layer(sql, named, params)
    outputs = ", ".join(quote_name(c) for c in (feature_set.key, *feature_set.outputs))
    return f"SELECT {outputs} FROM ({sql}) ORDER BY {key}"  # noqa: S608


def _required(available: set[str] | frozenset[str]) -> tuple[str, ...]:
    return REQUIRED_COLUMNS + tuple(c for c in OPTIONAL_COLUMNS if c in available)
