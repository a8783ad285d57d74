"""Stay until the value is real: success plans, value realised, health, references, churn risk.

Pure Python, no Django. The lead's services turn ORM rows into these dataclasses.
"""

from helpfirst.core.success.churn import ChurnRiskModel, SignalContribution
from helpfirst.core.success.churn_evaluation import (
    CalibrationBin,
    ChurnEvaluation,
    calibration_bins,
    cross_validate_churn,
)
from helpfirst.core.success.health import (
    AdoptionSignals,
    HealthComponent,
    HealthScore,
    health_score,
    usage_trend,
)
from helpfirst.core.success.plan import Milestone, MilestoneStatus, SuccessPlan, milestone_status
from helpfirst.core.success.reference import ReferenceReadiness, reference_readiness
from helpfirst.core.success.telco import TelcoChurnData, load_telco_churn
from helpfirst.core.success.value import (
    ValueCheckpoint,
    ValueRealisation,
    ValueRealisedReport,
    value_realised,
)

__all__ = [
    "AdoptionSignals",
    "CalibrationBin",
    "ChurnEvaluation",
    "ChurnRiskModel",
    "HealthComponent",
    "HealthScore",
    "Milestone",
    "MilestoneStatus",
    "ReferenceReadiness",
    "SignalContribution",
    "SuccessPlan",
    "TelcoChurnData",
    "ValueCheckpoint",
    "ValueRealisation",
    "ValueRealisedReport",
    "calibration_bins",
    "cross_validate_churn",
    "health_score",
    "load_telco_churn",
    "milestone_status",
    "reference_readiness",
    "usage_trend",
    "value_realised",
]
