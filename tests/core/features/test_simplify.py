"""Check constant folding and the precomputed classification tables against DuckDB itself.

Both rewrite expressions before DuckDB sees them; each must give exactly what DuckDB gives for
the plain expression, NULLs included.
"""

from __future__ import annotations

import itertools

import duckdb
import pytest

from helpfirst.core.features.definitions import bind_params, input_columns, journey_feature_set
from helpfirst.core.features.duckdb_sql import sql_expr
from helpfirst.core.features.expressions import Expr, col, lit, when
from helpfirst.core.features.finite import Tabulator, classification_tables
from helpfirst.core.features.simplify import fold, fold_columns, without_implied

VALUES = (None, True, False)


def _duckdb(expr: Expr, row: dict) -> object:
    names = sorted(row) or ["unused"]
    values = ", ".join(f"CAST({_sql(row.get(n))} AS BOOLEAN) AS {n}" for n in names)
    return duckdb.sql(f"SELECT {sql_expr(expr, {})} FROM (SELECT {values})").fetchall()[0][0]  # noqa: S608


def _sql(value: object) -> str:
    return "NULL" if value is None else str(value).upper()


EXPRESSIONS = [
    col("a") & col("b"),
    col("a") | col("b"),
    ~(col("a") & col("b")),
    ~col("a") | col("b"),
    when((col("a"), lit(1)), (col("b"), lit(2)), otherwise=3),
    col("a").eq(col("b")),
    col("a").is_null() | col("b"),
]


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_folding_a_column_to_a_constant_keeps_sql_three_valued_logic(expr):
    for a, b in itertools.product(VALUES, VALUES):
        folded = fold(expr, {"a": lit(a)})
        assert _duckdb(folded, {"b": b}) == _duckdb(expr, {"a": a, "b": b}), (a, b)
        # As a condition, only whether it holds matters: NULL may become FALSE.
        condition = fold(expr, {"a": lit(a)}, condition=True)
        assert bool(_duckdb(condition, {"b": b})) == bool(_duckdb(expr, {"a": a, "b": b}))


def test_implied_conditions_are_dropped_inside_a_subset():
    given = col("s").is_null() & (col("t") >= 3)
    assert without_implied(given, given) is None
    assert without_implied(col("x").eq(1) & (col("t") >= 3), given) == col("x").eq(1)


@pytest.mark.parametrize("available", [set(), {"direction", "touch_intent", "connected"}])
def test_classification_tables_equal_duckdb_for_every_code(available):
    """Every tabulated event column, for every combination of codes, as DuckDB computes it."""
    features = journey_feature_set()
    params = bind_params(features, 1_735_722_000.0)
    base = {"account_id", "contact_id", "journey_id", "kind", "page_type", "occurred_at"}
    _, columns = fold_columns((*input_columns(base | available), *features.event_columns), {})
    codes, tables = classification_tables(columns, params)
    assert set(codes) == {"kind_code", "page_code"}
    if not available:  # the direction then follows from the kind: all of these are tabulated
        assert {"is_outbound", "signal_code", "is_touch", "is_answer"} <= set(tables)
    defined = dict(columns)
    for name, table in tables.items():
        ranges = [range(low, high + 1) for _, low, high in table.codes]
        for combination, value in zip(itertools.product(*ranges), table.values, strict=True):
            row = dict(zip((n for n, _, _ in table.codes), combination, strict=True))
            sql = _inline(defined[name], defined, codes, params)
            assigned = ", ".join(f"{v} AS {n}" for n, v in row.items())
            got = duckdb.sql(f"SELECT {sql} FROM (SELECT {assigned})").fetchall()[0][0]  # noqa: S608
            assert got == value, (name, row, got, value)


def _inline(expr: Expr, defined: dict, codes: dict, params: dict) -> str:
    """Render ``expr`` with the tabulated columns it reads written out in full."""
    sql = sql_expr(expr, params)
    for name, inner in defined.items():
        if name not in codes and f'"{name}"' in sql:
            sql = sql.replace(f'"{name}"', f"({_inline(inner, defined, codes, params)})")
    return sql


def test_tabulator_leaves_what_reads_more_than_codes():
    features = journey_feature_set()
    params = bind_params(features, 1_735_722_000.0)
    base = {"account_id", "contact_id", "journey_id", "kind", "page_type", "occurred_at"}
    _, columns = fold_columns((*input_columns(base), *features.event_columns), {})
    tables = Tabulator(columns, params)
    decayed = tables.column("decayed_points", dict(columns)["decayed_points"])
    assert "ts" in sql_expr(decayed, params)  # the decay still reads each event's time
    assert "CASE" not in sql_expr(decayed, params)  # but the points come from a table
