"""Compile a :class:`~.definitions.FeatureSet` to PySpark DataFrame operations.

The same definition objects :mod:`.duckdb_sql` turns into SQL become Spark ``Column``
expressions here, for teams whose events live in a lake. PySpark is an optional dependency
(``pip install 'helpfirst[spark]'``, plus Java 17); it is imported only when used.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from helpfirst.core.errors import EngineUnavailableError
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

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

INSTALL_HINT = (
    "Install the Spark extra with `uv sync --extra spark` (or `pip install 'helpfirst[spark]'`) "
    "and a Java 17 runtime (Debian: `apt-get install openjdk-17-jre-headless`)."
)


def _functions() -> Any:
    try:
        from pyspark.sql import functions
    except ImportError as error:
        raise EngineUnavailableError(f"PySpark is not installed. {INSTALL_HINT}") from error
    return functions


def spark_available() -> str | None:
    """Return None when PySpark and Java are present, else the reason they are not."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return f"PySpark is not installed. {INSTALL_HINT}"
    java_home = os.environ.get("JAVA_HOME")
    if not (shutil.which("java") or (java_home and os.path.exists(f"{java_home}/bin/java"))):
        return f"No Java runtime found (java on PATH or JAVA_HOME). {INSTALL_HINT}"
    return None


def start_spark(app_name: str = "helpfirst-features", cores: int = 2) -> SparkSession:
    """Start (or reuse) a local Spark session bound to 127.0.0.1 with the UI off, in UTC."""
    reason = spark_available()
    if reason:
        raise EngineUnavailableError(reason)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    try:
        return (
            SparkSession.builder.master(f"local[{cores}]")
            .appName(app_name)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
    except Exception as error:  # the JVM failed to start: say so in words
        raise EngineUnavailableError(f"Spark could not start: {error}. {INSTALL_HINT}") from error


def spark_expr(expr: Expr, params: dict[str, float]) -> Column:
    """Turn one expression into a Spark ``Column``."""
    F = _functions()  # noqa: N806 (PySpark's own convention)
    if isinstance(expr, Col):
        return F.col(expr.name)
    if isinstance(expr, Lit):
        return F.lit(expr.value)
    if isinstance(expr, Param):
        return F.lit(float(params[expr.name]))
    if isinstance(expr, BinOp):
        left, right = spark_expr(expr.left, params), spark_expr(expr.right, params)
        return _binary(expr.op, left, right)
    if isinstance(expr, Not):
        return ~spark_expr(expr.operand, params)
    if isinstance(expr, IsNull):
        return spark_expr(expr.operand, params).isNull()
    if isinstance(expr, In):
        return spark_expr(expr.operand, params).isin(list(expr.values))
    if isinstance(expr, Case):
        column = None
        for cond, value in expr.branches:
            c, v = spark_expr(cond, params), spark_expr(value, params)
            column = F.when(c, v) if column is None else column.when(c, v)
        if isinstance(expr.otherwise, Lit) and expr.otherwise.value is None:
            return column
        return column.otherwise(spark_expr(expr.otherwise, params))
    if isinstance(expr, Func):
        args = [spark_expr(a, params) for a in expr.args]
        name = {"ln": "log"}.get(expr.name, expr.name)
        return getattr(F, name)(*args)
    if isinstance(expr, EpochSeconds):
        return F.unix_micros(spark_expr(expr.operand, params)) / F.lit(1_000_000.0)
    if isinstance(expr, JsonText):
        return F.get_json_object(spark_expr(expr.operand, params), f"$.{expr.key}")
    raise TypeError(f"cannot compile {expr!r} to Spark")


def _binary(op: str, left: Column, right: Column) -> Column:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        return left / right
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "=":
        return left == right
    if op == "!=":
        return left != right
    if op == "and":
        return left & right
    if op == "or":
        return left | right
    raise TypeError(f"unknown operator {op!r}")


def _aggregate(agg: Aggregate, params: dict[str, float], subsets: dict[str, Expr]) -> Column:
    F = _functions()  # noqa: N806
    # An aggregate among a subset reads the subset's events only: both conditions must hold.
    where = agg.where
    if agg.among is not None:
        if agg.among not in subsets:
            raise ValueError(f"an aggregate names the unknown subset {agg.among!r}")
        among = subsets[agg.among]
        where = among if where is None else among & where

    def only(value: Column) -> Column:
        return value if where is None else F.when(spark_expr(where, params), value)

    if isinstance(agg, Count):
        return F.count(F.lit(1)) if where is None else F.count_if(spark_expr(where, params))
    if isinstance(agg, Sum):
        return F.coalesce(F.sum(only(spark_expr(agg.value, params))), F.lit(0.0))
    if isinstance(agg, Max):
        return F.max(only(spark_expr(agg.value, params)))
    if isinstance(agg, Min):
        return F.min(only(spark_expr(agg.value, params)))
    if isinstance(agg, CountDistinct):
        return F.count_distinct(only(spark_expr(agg.value, params)))
    if isinstance(agg, CountLaterThan):
        return F.collect_list(only(spark_expr(agg.ts, params)))
    raise TypeError(f"cannot compile aggregate {agg!r} to Spark")


def _later_than(after: Column) -> Callable[[Column], Column]:
    """Return a one-argument predicate (Spark reads a second argument as the element index)."""
    F = _functions()  # noqa: N806
    threshold = F.coalesce(after, F.lit(float("-inf")))
    return lambda t: t > threshold


def compile_spark(frame: DataFrame, feature_set: FeatureSet, params: dict[str, float]) -> DataFrame:
    """Return a Spark DataFrame of ``feature_set`` computed over the interactions ``frame``."""
    F = _functions()  # noqa: N806
    available = set(frame.columns)
    keep = [*dict.fromkeys((feature_set.key, *REQUIRED_COLUMNS))]
    keep += [c for c in OPTIONAL_COLUMNS if c in available]
    events = frame.select(*keep)
    for named in layers((*input_columns(available), *feature_set.event_columns)):
        events = events.select("*", *(spark_expr(e, params).alias(n) for n, e in named))
    events = events.where(spark_expr(feature_set.keep_event, params))
    subsets = dict(feature_set.subsets)
    grouped = events.groupBy(feature_set.key).agg(
        *(_aggregate(agg, params, subsets).alias(name) for name, agg in feature_set.aggregates)
    )
    for name, agg in feature_set.aggregates:
        if isinstance(agg, CountLaterThan):
            later = F.filter(F.col(name), _later_than(F.col(agg.after)))
            grouped = grouped.withColumn(name, F.size(later).cast("long"))
    for named in layers(feature_set.features):
        grouped = grouped.select("*", *(spark_expr(e, params).alias(n) for n, e in named))
    return grouped.select(feature_set.key, *feature_set.outputs).orderBy(feature_set.key)
