"""Tell, per contact, when they last engaged and when they last answered us.

The service layer fills the buying committee's "last engagement" from this, so the committee
warnings and the journey analytics agree on what counts as engaging.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from helpfirst.core.journey.activity import summarise_activity
from helpfirst.core.journey.events import InteractionEvent


@dataclass(frozen=True, slots=True)
class ContactEngagement:
    """Hold one contact's last buyer activity and last answer (a reply, a meeting, a call)."""

    last_engaged_at: datetime | None
    last_answered_at: datetime | None
    gave: int
    asked: int


def contact_engagement(events: Iterable[InteractionEvent]) -> dict[str, ContactEngagement]:
    """Return each contact's engagement, keyed by ``contact_key`` (events without one skipped)."""
    activity = summarise_activity(events, datetime.max.replace(tzinfo=UTC))

    def at(ts: float | None) -> datetime | None:
        return None if ts is None else datetime.fromtimestamp(ts, tz=UTC)

    return {
        key: ContactEngagement(
            last_engaged_at=at(person.last_inbound_ts),
            last_answered_at=at(person.last_answer_ts),
            gave=person.gave,
            asked=person.asked,
        )
        for key, person in sorted(activity.contacts.items())
    }
