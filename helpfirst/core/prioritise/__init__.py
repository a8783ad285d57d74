"""Pick who to help today: a ranked, explained, respectful help queue per rep."""

from helpfirst.core.prioritise.candidates import (
    FitBand,
    HelpQueueCandidate,
    HelpQueueItem,
    HelpQueueWeights,
    fit_band,
)
from helpfirst.core.prioritise.effort import (
    FitBandEffort,
    effort_by_fit_band,
    effort_by_owner_and_fit_band,
)
from helpfirst.core.prioritise.queue import DEFAULT_WEIGHTS, rank_help_queue

__all__ = [
    "DEFAULT_WEIGHTS",
    "FitBand",
    "FitBandEffort",
    "HelpQueueCandidate",
    "HelpQueueItem",
    "HelpQueueWeights",
    "effort_by_fit_band",
    "effort_by_owner_and_fit_band",
    "fit_band",
    "rank_help_queue",
]
