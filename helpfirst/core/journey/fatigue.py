"""Measure contact fatigue, so we back off instead of pestering.

Three things add up: touches in a row the buyer has not answered, a touch of ours so recent the
buyer has had no time to answer, and whether we may contact them at all. Penalties combine as
``1 − Π(1 − pᵢ)`` so the result stays in 0-1 and never falls when another unanswered touch is
added.

``DEFAULT_UNANSWERED_TOUCH_PENALTY`` (0.13 per unanswered touch) is provisional, read off the
UCI Bank Marketing calls (Moro, Rita & Cortez 2014; ``bank-additional-full.csv``, 41,188 calls,
see ``../shared/data/uci-bank-marketing/PROVENANCE.md``): the success rate is 13.0% for clients
called once, 11.5% twice, 10.7% three times, 9.4% four times and 7.5% five times, a relative
drop of about 13% per extra contact. The learned scorer will supply a fitted value later; pass
it as ``unanswered_touch_penalty``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from helpfirst.core.errors import DataValidationError
from helpfirst.core.journey.activity import JourneyActivity, summarise_activity
from helpfirst.core.journey.events import InteractionEvent
from helpfirst.core.journey.phrasing import days_ago

DEFAULT_UNANSWERED_TOUCH_PENALTY = 0.13
DEFAULT_MAX_UNANSWERED = 3  # this many unanswered touches in a row: stop and wait for the buyer
DEFAULT_MIN_DAYS_BETWEEN_TOUCHES = 3.0  # give the buyer this long to answer before touching again
RECENT_TOUCH_PENALTY = 0.5  # penalty of an unanswered touch made just now, fading over a week
RECENT_TOUCH_FADE_DAYS = 7.0


@dataclass(frozen=True, slots=True)
class Fatigue:
    """Hold how tired of us a buyer may be: a 0-1 penalty, whether to back off, and why."""

    penalty: float
    back_off: bool
    reason: str
    reasons: tuple[str, ...]
    unanswered_in_a_row: int
    days_since_last_touch: float | None
    days_since_last_answer: float | None
    consent: bool
    back_off_until: datetime | None


def contact_fatigue(
    events: Iterable[InteractionEvent],
    now: datetime,
    consent: bool,
    *,
    unanswered_touch_penalty: float = DEFAULT_UNANSWERED_TOUCH_PENALTY,
    max_unanswered: int = DEFAULT_MAX_UNANSWERED,
    min_days_between_touches: float = DEFAULT_MIN_DAYS_BETWEEN_TOUCHES,
) -> Fatigue:
    """Measure contact fatigue from a journey's interactions and the contact's consent."""
    return fatigue_from_activity(
        summarise_activity(events, now),
        consent,
        unanswered_touch_penalty=unanswered_touch_penalty,
        max_unanswered=max_unanswered,
        min_days_between_touches=min_days_between_touches,
    )


def fatigue_from_activity(
    activity: JourneyActivity,
    consent: bool,
    *,
    unanswered_touch_penalty: float = DEFAULT_UNANSWERED_TOUCH_PENALTY,
    max_unanswered: int = DEFAULT_MAX_UNANSWERED,
    min_days_between_touches: float = DEFAULT_MIN_DAYS_BETWEEN_TOUCHES,
) -> Fatigue:
    """Measure contact fatigue from an already computed :class:`JourneyActivity`."""
    if not 0.0 <= unanswered_touch_penalty < 1.0:
        raise DataValidationError(
            f"unanswered_touch_penalty must be in [0, 1), not {unanswered_touch_penalty!r}.",
            field="unanswered_touch_penalty",
        )
    if max_unanswered < 1:
        raise DataValidationError("max_unanswered must be at least 1.", field="max_unanswered")
    unanswered = activity.unanswered_in_a_row
    since_touch = activity.days_since(activity.last_touch_ts)
    since_answer = activity.days_since(activity.last_answer_ts)
    # The ball is in our court when the buyer answered after (or at) our last touch.
    awaiting_answer = activity.last_touch_ts is not None and (
        activity.last_answer_ts is None or activity.last_answer_ts < activity.last_touch_ts
    )
    reasons: list[str] = []
    back_off = False
    back_off_until: datetime | None = None
    keep = 1.0  # product of (1 - p) over all penalties
    if not consent:
        back_off = True
        keep = 0.0
        reasons.append("no consent to contact")
    if unanswered:
        keep *= (1.0 - unanswered_touch_penalty) ** unanswered
        if unanswered >= max_unanswered:
            back_off = True
            reasons.append(f"{unanswered} touches in a row without an answer")
    if awaiting_answer and since_touch is not None:
        fade = max(0.0, 1.0 - since_touch / RECENT_TOUCH_FADE_DAYS)
        keep *= 1.0 - RECENT_TOUCH_PENALTY * fade
        if since_touch < min_days_between_touches:
            back_off = True
            back_off_until = activity.now + timedelta(days=min_days_between_touches - since_touch)
            reasons.append(
                f"last touch {days_ago(since_touch)}, give them until "
                f"{back_off_until:%a %d %b} to answer"
            )
    penalty = round(1.0 - keep, 6)
    if back_off:
        reason = "Back off: " + "; ".join(reasons) + "."
    elif unanswered:
        reason = (
            f"{unanswered} unanswered touch{'es' if unanswered > 1 else ''} in a row: "
            "make the next one clearly useful."
        )
    elif since_touch is None:
        reason = "Not touched yet."
    else:
        reason = f"No fatigue: last touch {days_ago(since_touch)}."
    return Fatigue(
        penalty=penalty,
        back_off=back_off,
        reason=reason,
        reasons=tuple(reasons),
        unanswered_in_a_row=unanswered,
        days_since_last_touch=since_touch,
        days_since_last_answer=since_answer,
        consent=consent,
        back_off_until=back_off_until,
    )
