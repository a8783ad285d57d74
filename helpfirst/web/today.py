"""Reads behind the home page: the rep's help queue (a manager sees every rep's).

The ranking itself lives in :mod:`helpfirst.core.prioritise`; :mod:`helpfirst.queue.queries`
loads the journeys into it. This module shapes one page of it: the items to help first, those
to back off from (each with its reason), and for managers the effort spread by fit band.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from helpfirst.core.prioritise import FitBand
from helpfirst.queue import page as queue_page
from helpfirst.queue import queries
from helpfirst.queue.forms import SNOOZE_CHOICES
from helpfirst.queue.queries import HelpQueueEntry
from helpfirst.queue.services import TOUCH_CHOICES
from helpfirst.team.models import User

SHOWN_TO_HELP = 30
SHOWN_BACKING_OFF = 15
EFFORT_DAYS = 30
BAND_LABELS = {
    FitBand.STRONG: "Strong fit",
    FitBand.POSSIBLE: "Possible fit",
    FitBand.WEAK: "Weak fit",
    FitBand.UNKNOWN: "Fit unknown",
}


@dataclass
class EffortBar:
    """One fit band's share of journeys and of our touches, as percentages for the bars."""

    band: str
    label: str
    journeys: int
    touches: int
    journey_pct: float
    touch_pct: float


@dataclass
class EffortRow:
    """One rep's (or the team's) effort across fit bands."""

    owner: str
    bars: list[EffortBar]
    touches: int


@dataclass
class Today:
    """Everything the home page shows."""

    to_help: list[HelpQueueEntry]
    backing_off: list[HelpQueueEntry]
    total_to_help: int
    total_backing_off: int
    rechecks_due: int
    show_all: bool
    reps: list[User] = field(default_factory=list)
    selected_owner: User | None = None
    effort: list[EffortRow] = field(default_factory=list)
    touch_choices: list[tuple[str, str]] = field(default_factory=list)
    snooze_choices: list[tuple[str, str]] = field(default_factory=list)


def _effort_rows(effort: list[tuple[str, float | None, int]], per_owner: bool) -> list[EffortRow]:
    def row(owner: str, spread) -> EffortRow:
        bars = [
            EffortBar(
                band=str(band),
                label=BAND_LABELS[band],
                journeys=e.journeys,
                touches=e.touches,
                journey_pct=round(100 * e.share_of_journeys, 1),
                touch_pct=round(100 * e.share_of_touches, 1),
            )
            for band, e in spread.items()
        ]
        return EffortRow(owner=owner, bars=bars, touches=sum(b.touches for b in bars))

    rows = [row("Whole team" if per_owner else "You", queue_page.effort_spread(effort))]
    if per_owner:
        by_owner = queue_page.effort_spread_by_owner(effort)
        rows += [row(owner or "No owner", spread) for owner, spread in by_owner.items()]
    return rows


def build_today(
    user: User,
    now: datetime | None = None,
    *,
    owner_id: int | None = None,
    show_all: bool = False,
) -> Today:
    """Return the home page of ``user``: their help queue (a manager: the team's, or one rep's)."""
    now = now or timezone.now()
    reps: list[User] = []
    selected = None
    if user.sees_whole_team:
        reps = list(User.objects.filter(team_id=user.team_id).order_by("first_name", "username"))
        selected = next((r for r in reps if r.pk == owner_id), None)
        owner_id = selected.pk if selected else None
    else:
        owner_id = None
    journeys = queries.queue_journeys(user, now, owner_id=owner_id)
    everything = journeys.count() if show_all else 0
    page = queue_page.build_queue_page(
        journeys,
        now,
        shown_to_help=everything or SHOWN_TO_HELP,
        shown_backing_off=everything or SHOWN_BACKING_OFF,
    )
    return Today(
        to_help=page.to_help,
        backing_off=page.backing_off,
        total_to_help=page.total_to_help,
        total_backing_off=page.total_backing_off,
        rechecks_due=page.rechecks_due,
        show_all=show_all,
        reps=reps,
        selected_owner=selected,
        effort=_effort_rows(page.effort, per_owner=user.sees_whole_team and selected is None),
        touch_choices=[(k, v[0]) for k, v in TOUCH_CHOICES.items()],
        snooze_choices=SNOOZE_CHOICES,
    )
