"""Summarise a journey's interactions in one pass, for every analysis that follows.

Readiness, stage inference, give/ask balance and contact fatigue all read a
:class:`JourneyActivity`, so the help queue walks each journey's events exactly once per page
load. Events after ``now`` (beyond a small clock-skew allowance) are left out: that lets a
caller replay a journey as of any past date.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from helpfirst.core.errors import DataValidationError
from helpfirst.core.journey.events import InteractionEvent
from helpfirst.core.vocabulary import TouchIntent

DAY_SECONDS = 86_400.0
# Half-life of a buying signal: a pricing-page view two weeks ago counts half as much as today's.
DEFAULT_HALF_LIFE_DAYS = 14.0
RECENT_WINDOW_DAYS = 7  # "this week"
EVIDENCE_WINDOW_DAYS = 30  # what stage inference and "stakeholders active" look at
CLOCK_SKEW_SECONDS = 300.0  # events up to 5 minutes "in the future" count as happening now


@dataclass(slots=True)
class ContactActivity:
    """Hold what one contact did: last buyer activity, last answer, gives and asks to them."""

    last_inbound_ts: float | None = None
    last_answer_ts: float | None = None
    gave: int = 0
    asked: int = 0


@dataclass(slots=True)
class JourneyActivity:
    """Hold the one-pass summary of a journey's events as of ``now``.

    Timestamps are POSIX seconds. ``decayed`` maps a readiness signal (``"page:pricing"``,
    ``"meeting"``, ...) to its time-decayed count; ``counts_recent`` and ``counts_window`` are
    plain counts over the last 7 and 30 days.
    """

    now: datetime
    now_ts: float
    half_life_days: float
    decayed: dict[str, float] = field(default_factory=dict)
    counts_recent: dict[str, int] = field(default_factory=dict)
    counts_window: dict[str, int] = field(default_factory=dict)
    window_first_ts: dict[str, float] = field(default_factory=dict)
    contacts_recent: set[str] = field(default_factory=set)
    contacts_window: set[str] = field(default_factory=set)
    earliest_window_ts: float | None = None
    first_ts: float | None = None
    last_event_ts: float | None = None
    last_inbound_ts: float | None = None
    last_touch_ts: float | None = None
    last_answer_ts: float | None = None
    first_usage_ts: float | None = None
    last_usage_ts: float | None = None
    touch_timestamps: list[float] = field(default_factory=list)
    gave: int = 0
    asked: int = 0
    neutral: int = 0
    last_give_ts: float | None = None
    ask_timestamps: list[float] = field(default_factory=list)
    contacts: dict[str, ContactActivity] = field(default_factory=dict)
    events_counted: int = 0
    events_ignored_future: int = 0

    def days_since(self, ts: float | None) -> float | None:
        """Return how many days before ``now`` a timestamp lies (None stays None)."""
        return None if ts is None else max(0.0, (self.now_ts - ts) / DAY_SECONDS)

    @property
    def unanswered_in_a_row(self) -> int:
        """Count our touches since the buyer last answered (all of them if they never did)."""
        last_answer = self.last_answer_ts
        if last_answer is None:
            return len(self.touch_timestamps)
        return sum(1 for ts in self.touch_timestamps if ts > last_answer)

    @property
    def asks_in_a_row(self) -> int:
        """Count our asks since we last gave the buyer something."""
        last_give = self.last_give_ts
        if last_give is None:
            return len(self.ask_timestamps)
        return sum(1 for ts in self.ask_timestamps if ts > last_give)


def summarise_activity(
    events: Iterable[InteractionEvent],
    now: datetime,
    *,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> JourneyActivity:
    """Walk ``events`` once and return the summary every journey analysis reads."""
    if now.tzinfo is None:
        raise DataValidationError("now must be timezone-aware.", field="now")
    if not half_life_days > 0 or math.isinf(half_life_days):
        raise DataValidationError(
            f"half_life_days must be a positive number of days, not {half_life_days!r}.",
            field="half_life_days",
        )
    now_ts = now.timestamp()
    activity = JourneyActivity(now=now, now_ts=now_ts, half_life_days=half_life_days)
    horizon = now_ts + CLOCK_SKEW_SECONDS
    recent_from = now_ts - RECENT_WINDOW_DAYS * DAY_SECONDS
    window_from = now_ts - EVIDENCE_WINDOW_DAYS * DAY_SECONDS
    decay_rate = math.log(2.0) / (half_life_days * DAY_SECONDS)
    neg_rate = -decay_rate  # ``-decay_rate * age`` parses as ``(-decay_rate) * age``
    exp = math.exp
    gave_intent, asked_intent, neutral_intent = (
        TouchIntent.GAVE,
        TouchIntent.ASKED,
        TouchIntent.NEUTRAL,
    )
    decayed = activity.decayed
    counts_recent = activity.counts_recent
    counts_window = activity.counts_window
    window_first_ts = activity.window_first_ts
    contacts = activity.contacts
    touch_timestamps = activity.touch_timestamps
    ask_timestamps = activity.ask_timestamps
    add_window_contact = activity.contacts_window.add
    add_recent_contact = activity.contacts_recent.add
    first_ts = last_event_ts = last_inbound_ts = last_touch_ts = last_answer_ts = None
    earliest_window_ts = first_usage_ts = last_usage_ts = last_give_ts = None
    counted = ignored = gave = asked = neutral = 0
    for event in events:
        ts = event.timestamp
        if ts > horizon:
            ignored += 1
            continue
        counted += 1
        if first_ts is None or ts < first_ts:
            first_ts = ts
        if last_event_ts is None or ts > last_event_ts:
            last_event_ts = ts
        contact_key = event.contact_key
        person = None
        if contact_key is not None:
            person = contacts.get(contact_key)
            if person is None:
                person = contacts[contact_key] = ContactActivity()
        signal = event.signal
        if signal is not None:
            age = now_ts - ts
            weight = exp(neg_rate * age) if age > 0 else 1.0
            decayed[signal] = decayed.get(signal, 0.0) + weight
            if last_inbound_ts is None or ts > last_inbound_ts:
                last_inbound_ts = ts
            if person is not None and (
                person.last_inbound_ts is None or ts > person.last_inbound_ts
            ):
                person.last_inbound_ts = ts
            if ts >= window_from:
                counts_window[signal] = counts_window.get(signal, 0) + 1
                if earliest_window_ts is None or ts < earliest_window_ts:
                    earliest_window_ts = ts
                if ts < window_first_ts.get(signal, horizon):
                    window_first_ts[signal] = ts
                if contact_key is not None:
                    add_window_contact(contact_key)
                if ts >= recent_from:
                    counts_recent[signal] = counts_recent.get(signal, 0) + 1
                    if contact_key is not None:
                        add_recent_contact(contact_key)
            if signal == "product_usage":
                if first_usage_ts is None or ts < first_usage_ts:
                    first_usage_ts = ts
                if last_usage_ts is None or ts > last_usage_ts:
                    last_usage_ts = ts
        if event.is_touch:
            touch_timestamps.append(ts)
            if last_touch_ts is None or ts > last_touch_ts:
                last_touch_ts = ts
        if event.is_answer:
            if last_answer_ts is None or ts > last_answer_ts:
                last_answer_ts = ts
            if person is not None and (person.last_answer_ts is None or ts > person.last_answer_ts):
                person.last_answer_ts = ts
        intent = event.touch_intent
        if intent == gave_intent:
            gave += 1
            if last_give_ts is None or ts > last_give_ts:
                last_give_ts = ts
            if person is not None:
                person.gave += 1
        elif intent == asked_intent:
            asked += 1
            ask_timestamps.append(ts)
            if person is not None:
                person.asked += 1
        elif intent == neutral_intent or event.is_touch:
            neutral += 1
    activity.first_ts = first_ts
    activity.last_event_ts = last_event_ts
    activity.last_inbound_ts = last_inbound_ts
    activity.last_touch_ts = last_touch_ts
    activity.last_answer_ts = last_answer_ts
    activity.earliest_window_ts = earliest_window_ts
    activity.first_usage_ts = first_usage_ts
    activity.last_usage_ts = last_usage_ts
    activity.last_give_ts = last_give_ts
    activity.gave = gave
    activity.asked = asked
    activity.neutral = neutral
    activity.events_counted = counted
    activity.events_ignored_future = ignored
    return activity
