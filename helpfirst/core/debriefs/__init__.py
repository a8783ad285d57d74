"""Learn from every outcome: recurring themes in debrief text, and win/loss/no-fit reasons.

Pure Python, no Django.
"""

from helpfirst.core.debriefs.outcomes import (
    OUTCOME_CLASS,
    Debrief,
    OutcomeGroup,
    outcome_breakdown,
)
from helpfirst.core.debriefs.themes import Theme, extract_themes

__all__ = [
    "OUTCOME_CLASS",
    "Debrief",
    "OutcomeGroup",
    "Theme",
    "extract_themes",
    "outcome_breakdown",
]
