"""Reads behind the debrief pages, the lessons page and the CSV export, scoped by permissions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from helpfirst.core.errors import DataValidationError
from helpfirst.core.vocabulary import CUSTOMER_STAGES
from helpfirst.debriefs.call_metrics import CallMetricsByOutcome, call_metrics_by_outcome
from helpfirst.debriefs.models import Debrief, DebriefKind
from helpfirst.debriefs.services import EXIT_OUTCOMES, to_core_debrief
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.team import permissions
from helpfirst.team.models import User

if TYPE_CHECKING:
    from helpfirst.core import debriefs as core

CALL_KINDS = ("call", "meeting")
CALL_DEBRIEF_DAYS = 30
MIN_DEBRIEFS_FOR_THEMES = 4
MAX_DEBRIEFS_FOR_THEMES = 400
MAX_MISSING_SHOWN = 100


def visible_debriefs(user: User) -> QuerySet[Debrief]:
    """Return the debriefs ``user`` may read: those on journeys they may read."""
    journeys = permissions.visible_journeys(user)
    return (
        Debrief.objects.filter(team_id=user.team_id, journey__in=journeys.values("pk"))
        .select_related("journey", "journey__account", "journey__owner", "author", "problem")
    )


def journey_debriefs(user: User, journey: Journey) -> list[Debrief]:
    """Return the debriefs of one journey the user may read, newest first."""
    return list(visible_debriefs(user).filter(journey=journey))


@dataclass(frozen=True)
class MissingDebrief:
    """A journey that owes a debrief: after an outcome, or after a recent call."""

    journey: Journey
    reason: str  # "outcome" or "call"
    outcome: str
    since: datetime
    interaction: Interaction | None = None


def _outcome_without_debrief(user: User) -> list[MissingDebrief]:
    journeys = permissions.visible_journeys(user).select_related("account", "owner")
    out = []
    has_outcome_debrief = Debrief.objects.filter(journey_id=OuterRef("pk"),
                                                 kind=DebriefKind.OUTCOME)
    groups = [(sorted(CUSTOMER_STAGES), "won")]
    groups += [([stage], stage) for stage in sorted(EXIT_OUTCOMES)]
    for stage_group, outcome in groups:
        rows = journeys.filter(buying_stage__in=sorted(stage_group)).filter(
            ~Exists(has_outcome_debrief.filter(outcome=outcome))
        )
        out += [MissingDebrief(j, "outcome", outcome, j.stage_changed_at) for j in rows]
    return out


def _calls_without_debrief(user: User, now: datetime) -> list[MissingDebrief]:
    debriefed = Debrief.objects.filter(interaction_id=OuterRef("pk"))
    later_call_debrief = Debrief.objects.filter(
        journey_id=OuterRef("journey_id"), kind=DebriefKind.AFTER_CALL,
        created_at__gte=OuterRef("occurred_at"),
    )
    calls = (
        permissions.visible_interactions(user)
        .filter(kind__in=CALL_KINDS, journey__isnull=False,
                occurred_at__gte=now - timedelta(days=CALL_DEBRIEF_DAYS), occurred_at__lte=now)
        .filter(~Exists(debriefed), ~Exists(later_call_debrief))
        .select_related("journey", "journey__account", "journey__owner")
        .order_by("-occurred_at")[:MAX_MISSING_SHOWN]
    )
    return [MissingDebrief(c.journey, "call", "", c.occurred_at, c) for c in calls]


def missing_debriefs(user: User, now: datetime | None = None) -> list[MissingDebrief]:
    """Return what owes a debrief, oldest first: outcomes without one, and recent calls.

    A rep sees their own journeys; a manager the team's. A call counts as debriefed when a
    debrief names it or any after-call debrief was written on its journey after it.
    """
    now = now or timezone.now()
    rows = _outcome_without_debrief(user) + _calls_without_debrief(user, now)
    rows.sort(key=lambda row: (row.since, row.journey.pk))
    return rows


@dataclass
class Lessons:
    """What the debriefs add up to: themes, reasons by problem/segment/rep, and call metrics."""

    debrief_count: int
    outcome_count: int
    themes: list[tuple[core.Theme, list[Debrief]]] = field(default_factory=list)
    themes_note: str = ""
    breakdowns: dict[str, list[core.OutcomeGroup]] = field(default_factory=dict)
    top_reasons: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    call_metrics: CallMetricsByOutcome | None = None

    @property
    def analysed_calls(self) -> int:
        return self.call_metrics.analysed_calls if self.call_metrics else 0


def lessons(user: User) -> Lessons:
    """Aggregate the debriefs ``user`` may read into themes and win/loss/no-fit reasons."""
    from helpfirst.core import debriefs as core  # loads scikit-learn: only when needed

    rows = list(visible_debriefs(user).order_by("-created_at", "-id")[:MAX_DEBRIEFS_FOR_THEMES])
    items = [to_core_debrief(row) for row in rows]
    result = Lessons(debrief_count=len(rows),
                     outcome_count=sum(1 for item in items if item.outcome))
    by_id = {row.pk: row for row in rows}
    texts = {item.debrief_id: item.text for item in items if item.text}
    if len(texts) < MIN_DEBRIEFS_FOR_THEMES:
        result.themes_note = (
            f"Themes appear once there are {MIN_DEBRIEFS_FOR_THEMES} written debriefs "
            f"(there are {len(texts)})."
        )
    else:
        try:
            themes = core.extract_themes(texts)
        except DataValidationError as error:
            result.themes_note = error.message
        else:
            result.themes = [(theme, [by_id[i] for i in theme.member_ids[:5]])
                             for theme in themes]
    for key in ("problem", "segment", "rep"):
        result.breakdowns[key] = core.outcome_breakdown(items, by=key)
    reasons: dict[str, Counter[str]] = {}
    for item in items:
        if item.outcome_class:
            reasons.setdefault(item.outcome_class, Counter()).update(item.reason_codes)
    result.top_reasons = {
        kind: sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:8]
        for kind, counts in sorted(reasons.items())
    }
    result.call_metrics = call_metrics_by_outcome(user)
    return result


EXPORT_COLUMNS = (
    "id", "created_at", "journey_id", "journey", "account", "industry", "owner", "author",
    "kind", "outcome", "problem", "what_happened", "how", "why", "buyer_valued",
    "do_differently", "reason_codes",
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(user: User):
    """Yield the CSV rows (header first) of every debrief ``user`` may read, oldest first."""
    yield list(EXPORT_COLUMNS)
    for d in visible_debriefs(user).order_by("created_at", "id").iterator(chunk_size=500):
        yield [_cell(value) for value in (
            d.pk, d.created_at.isoformat(), d.journey_id, d.journey.title, d.journey.account.name,
            d.journey.account.industry, d.journey.owner.display_name,
            d.author.display_name if d.author else "", d.kind, d.outcome,
            d.problem.title if d.problem else "", d.what_happened, d.how, d.why,
            d.buyer_valued, d.do_differently, ";".join(d.reason_codes or ()),
        )]
