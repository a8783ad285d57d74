"""Read a buyer's journey from their interactions: stage, readiness, give/ask and fatigue.

All functions are pure and take :class:`InteractionEvent` objects. When several analyses run for
the same journey (the help queue runs all of them for hundreds of journeys), summarise once
with :func:`summarise_activity` and call the ``*_from_activity`` variants.
"""

from helpfirst.core.journey.activity import (
    DEFAULT_HALF_LIFE_DAYS,
    JourneyActivity,
    summarise_activity,
)
from helpfirst.core.journey.engagement import ContactEngagement, contact_engagement
from helpfirst.core.journey.events import InteractionEvent
from helpfirst.core.journey.fatigue import (
    DEFAULT_MAX_UNANSWERED,
    DEFAULT_MIN_DAYS_BETWEEN_TOUCHES,
    DEFAULT_UNANSWERED_TOUCH_PENALTY,
    Fatigue,
    contact_fatigue,
    fatigue_from_activity,
)
from helpfirst.core.journey.give_ask import GiveAskBalance, give_ask_balance, give_ask_from_activity
from helpfirst.core.journey.readiness import Readiness, readiness_from_activity, readiness_score
from helpfirst.core.journey.stage import StageSuggestion, infer_buying_stage, stage_from_activity

__all__ = [
    "DEFAULT_HALF_LIFE_DAYS",
    "DEFAULT_MAX_UNANSWERED",
    "DEFAULT_MIN_DAYS_BETWEEN_TOUCHES",
    "DEFAULT_UNANSWERED_TOUCH_PENALTY",
    "ContactEngagement",
    "Fatigue",
    "GiveAskBalance",
    "InteractionEvent",
    "JourneyActivity",
    "Readiness",
    "StageSuggestion",
    "contact_engagement",
    "contact_fatigue",
    "fatigue_from_activity",
    "give_ask_balance",
    "give_ask_from_activity",
    "infer_buying_stage",
    "readiness_from_activity",
    "readiness_score",
    "stage_from_activity",
    "summarise_activity",
]
