"""Compute journey (and account) features for every group at once, on DuckDB or Spark.

Each feature is defined once, as data (:mod:`.expressions`, :mod:`.definitions`), and compiled
to DuckDB SQL (:mod:`.duckdb_sql`) or PySpark (:mod:`.spark`). The definitions mirror the
per-journey analytics of :mod:`helpfirst.core.journey`, so the batch and the help queue agree.
"""

from helpfirst.core.features.batch import BatchResult, run_feature_batch
from helpfirst.core.features.definitions import FeatureSet, journey_feature_set
from helpfirst.core.features.engines import ENGINES, compute_features
from helpfirst.core.features.sources import InteractionSource, database_batches, read_database

__all__ = [
    "ENGINES",
    "BatchResult",
    "FeatureSet",
    "InteractionSource",
    "compute_features",
    "database_batches",
    "journey_feature_set",
    "read_database",
    "run_feature_batch",
]
