"""Track, per relationship, how often we gave something useful versus asked for something.

"Give before you ask": answering a question, sharing an insight or a resource and making an
introduction are gives; asking for a meeting or for the order are asks. The balance is counted
over the whole journey and per contact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType

from helpfirst.core.journey.activity import JourneyActivity, summarise_activity
from helpfirst.core.journey.events import InteractionEvent

# Below this share of gives among gives + asks, the relationship leans on asking.
HEALTHY_GIVE_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class GiveAskBalance:
    """Hold the give/ask counts of a journey, per contact, with a verdict in plain words.

    ``verdict`` is ``"no_touches"``, ``"giving"``, ``"balanced"`` or ``"asking_too_much"``;
    ``give_share`` is gives / (gives + asks), or None when there were neither.
    """

    gave: int
    asked: int
    neutral: int
    give_share: float | None
    asks_in_a_row: int
    verdict: str
    explanation: str
    by_contact: Mapping[str, tuple[int, int]] = field(default_factory=dict)


def give_ask_balance(events: Iterable[InteractionEvent]) -> GiveAskBalance:
    """Count gives and asks over a journey's interactions (all of them, whenever they happened)."""
    # Give/ask does not depend on time, so summarise "as of" the far future to count everything.
    return give_ask_from_activity(summarise_activity(events, datetime.max.replace(tzinfo=UTC)))


def give_ask_from_activity(activity: JourneyActivity) -> GiveAskBalance:
    """Compute the give/ask balance from an already computed :class:`JourneyActivity`."""
    gave, asked = activity.gave, activity.asked
    total = gave + asked
    share = gave / total if total else None
    in_a_row = activity.asks_in_a_row
    if share is None:
        verdict = "no_touches"
        explanation = "No gives or asks recorded yet: start by sharing something useful."
    elif asked > gave or in_a_row >= 2:
        verdict = "asking_too_much"
        explanation = (
            _tally(gave, asked)
            + (f", {in_a_row} asks in a row" if in_a_row >= 2 else "")
            + ": give something useful before asking again."
        )
    elif share >= HEALTHY_GIVE_SHARE and gave > asked:
        verdict = "giving"
        explanation = f"{_tally(gave, asked)}: the relationship is built on help."
    else:
        verdict = "balanced"
        explanation = f"{_tally(gave, asked)}: keep giving more than you ask."
    by_contact = {
        key: (person.gave, person.asked)
        for key, person in sorted(activity.contacts.items())
        if person.gave or person.asked
    }
    return GiveAskBalance(
        gave=gave,
        asked=asked,
        neutral=activity.neutral,
        give_share=share,
        asks_in_a_row=in_a_row,
        verdict=verdict,
        explanation=explanation,
        by_contact=MappingProxyType(by_contact),
    )


def _tally(gave: int, asked: int) -> str:
    return f"{gave} give{'' if gave == 1 else 's'}, {asked} ask{'' if asked == 1 else 's'}"
