"""Contact fatigue from the activity summaries: one journey at a time, or whole columns.

Both give exactly what :func:`helpfirst.core.journey.fatigue.fatigue_from_activity` computes
from the events; the column form is what :func:`helpfirst.queue.summary.scan_queue` uses.
"""

from __future__ import annotations

import numpy as np

from helpfirst.core.journey.activity import DAY_SECONDS
from helpfirst.core.journey.fatigue import RECENT_TOUCH_FADE_DAYS, RECENT_TOUCH_PENALTY
from helpfirst.core.prioritise import HelpQueueWeights


def fatigue_penalty(
    unanswered: int,
    last_touch: float | None,
    last_answer: float | None,
    consent: bool,
    now_ts: float,
    weights: HelpQueueWeights,
) -> tuple[float, bool]:
    """Return (penalty, back_off) exactly as :func:`fatigue_from_activity` computes them."""
    back_off = False
    keep = 1.0
    if not consent:
        back_off = True
        keep = 0.0
    if unanswered:
        keep *= (1.0 - weights.unanswered_touch_penalty) ** unanswered
        if unanswered >= weights.max_unanswered:
            back_off = True
    if last_touch is not None and (last_answer is None or last_answer < last_touch):
        since_touch = max(0.0, (now_ts - last_touch) / DAY_SECONDS)
        fade = max(0.0, 1.0 - since_touch / RECENT_TOUCH_FADE_DAYS)
        keep *= 1.0 - RECENT_TOUCH_PENALTY * fade
        if since_touch < weights.min_days_between_touches:
            back_off = True
    return round(1.0 - keep, 6), back_off


def _fatigue_columns(
    unanswered: np.ndarray,
    last_touch: np.ndarray,
    last_answer: np.ndarray,
    consent: np.ndarray,
    now_ts: float,
    weights: HelpQueueWeights,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (penalty, back_off) per journey, as :func:`fatigue_penalty` (one at a time)."""
    keep = np.where(consent, 1.0, 0.0)
    back_off = ~consent
    keep = keep * (1.0 - weights.unanswered_touch_penalty) ** unanswered
    back_off |= unanswered >= weights.max_unanswered
    awaiting = ~np.isnan(last_touch) & (np.isnan(last_answer) | (last_answer < last_touch))
    with np.errstate(invalid="ignore"):
        since_touch = np.maximum(0.0, (now_ts - last_touch) / DAY_SECONDS)
    fade = np.maximum(0.0, 1.0 - since_touch / RECENT_TOUCH_FADE_DAYS)
    keep = np.where(awaiting, keep * (1.0 - RECENT_TOUCH_PENALTY * fade), keep)
    back_off |= awaiting & (since_touch < weights.min_days_between_touches)
    return np.round(1.0 - keep, 6), back_off
