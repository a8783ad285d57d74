"""Learn and measure conversion / readiness scores from any table of past outcomes.

Pure Python (numpy + scikit-learn); never imports Django. Main entry points:

- :func:`read_table`, :func:`split_target` — a CSV (or ``.csv.gz``) into a :class:`FeatureTable`
  and a 0/1 target;
- :class:`ConversionScorer` — the calibrated learner (boosted trees + an additive logistic model,
  blended and calibrated on inner folds) with per-row :meth:`~ConversionScorer.explain`;
- :class:`NaiveBayesLeadScorer`, :class:`PointsLeadScorer` — the CRM-style yardsticks;
- :func:`evaluate` — stratified, seed-fixed cross-validation of all of them;
- :mod:`helpfirst.core.scoring.fatigue` — success rate by number of contacts and the default
  contact-fatigue penalty.
"""

from helpfirst.core.scoring.baselines import NaiveBayesLeadScorer
from helpfirst.core.scoring.evaluate import (
    EvaluationReport,
    ModelReport,
    default_scorers,
    evaluate,
    fold_metrics,
    lift_at,
    stratified_folds,
)
from helpfirst.core.scoring.model import ConversionScorer, FeatureContribution
from helpfirst.core.scoring.points import PointsLeadScorer
from helpfirst.core.scoring.preprocess import (
    ColumnKind,
    TabularPreprocessor,
    ValueShares,
    infer_column_kind,
)
from helpfirst.core.scoring.table import FeatureTable, read_table, split_target

__all__ = [
    "ColumnKind",
    "ConversionScorer",
    "EvaluationReport",
    "FeatureContribution",
    "FeatureTable",
    "ModelReport",
    "NaiveBayesLeadScorer",
    "PointsLeadScorer",
    "TabularPreprocessor",
    "ValueShares",
    "default_scorers",
    "evaluate",
    "fold_metrics",
    "infer_column_kind",
    "lift_at",
    "read_table",
    "split_target",
    "stratified_folds",
]
