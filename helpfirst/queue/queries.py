"""Read the help queue: turn journeys, their recent interactions and consent into ranked items.

A queue of hundreds of journeys costs a fixed handful of queries: the journeys, their recent
interactions (only the columns the analytics read), the buying committees' consent, the
contacts seen in touches when a journey has no committee, active snoozes and the latest fit
(from the fit app).
Nothing is cached, so a new interaction shows in the very next page load.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.core import vocabulary
from helpfirst.core.errors import DataValidationError
from helpfirst.core.journey import (
    Fatigue,
    GiveAskBalance,
    InteractionEvent,
    Readiness,
    StageSuggestion,
    fatigue_from_activity,
    give_ask_from_activity,
    readiness_from_activity,
    stage_from_activity,
    summarise_activity,
)
from helpfirst.core.prioritise import (
    HelpQueueCandidate,
    HelpQueueItem,
    HelpQueueWeights,
    rank_help_queue,
)
from helpfirst.core.scoring.fatigue import DEFAULT_FATIGUE_PENALTY
from helpfirst.fit import queries as fit_queries
from helpfirst.fit.models import FitRecord
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder
from helpfirst.queue.models import Snooze, StageSuggestionDecision
from helpfirst.team import permissions
from helpfirst.team.models import User

# What the queue reads of a journey's history: old touches no longer move readiness or fatigue.
HISTORY_DAYS = 90
# The fatigue penalty per unanswered touch, measured on the UCI bank calls (core.scoring.fatigue).
QUEUE_WEIGHTS = HelpQueueWeights(unanswered_touch_penalty=DEFAULT_FATIGUE_PENALTY)
# A "keep current stage" answer silences the same suggestion for this long.
DISMISSAL_DAYS = 14

_JOURNEY_FIELDS = (
    "id",
    "team_id",
    "title",
    "buying_stage",
    "recheck_on",
    "referred_to",
    "expected_value",
    "currency",
    "buyer_timeline",
    "account_id",
    "account__name",
    "owner_id",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


@dataclass(frozen=True, slots=True)
class HelpQueueEntry:
    """Pair a ranked :class:`HelpQueueItem` with its journey (account and owner loaded)."""

    item: HelpQueueItem
    journey: Journey


@dataclass(frozen=True, slots=True)
class QueueInputs:
    """Hold the journeys a queue was built from and the candidates made of them."""

    journeys: Mapping[int, Journey]
    candidates: list[HelpQueueCandidate]


def queue_journeys(user: User, now: datetime, *, owner_id: int | None = None) -> QuerySet[Journey]:
    """Return the journeys that may enter ``user``'s queue: open, or with a re-check due.

    A rep gets their own journeys; a manager the team's, or one rep's with ``owner_id``.
    """
    journeys = permissions.visible_journeys(user)
    if owner_id is not None:
        journeys = journeys.filter(owner_id=owner_id)
    elif user.sees_whole_team is False:
        journeys = journeys.filter(owner_id=user.pk)
    today = timezone.localdate(now)
    due = Q(buying_stage__in=sorted(vocabulary.RECHECKABLE_EXITS), recheck_on__lte=today)
    return journeys.filter(Q(buying_stage__in=sorted(vocabulary.OPEN_STAGES)) | due)


def load_queue_inputs(journeys: QuerySet[Journey], now: datetime) -> QueueInputs:
    """Load ``journeys`` and everything their queue candidates need, in a fixed few queries."""
    rows = {
        j.pk: j
        for j in journeys.select_related("account", "owner").only(*_JOURNEY_FIELDS).order_by()
    }
    if not rows:
        return QueueInputs({}, [])
    ids = list(rows)
    events, contacts_seen = events_by_journey(ids, now)
    consent = _consent_by_journey(ids, contacts_seen)
    snoozed = dict(
        Snooze.objects.filter(journey_id__in=ids, until__gt=now)
        .values("journey_id")
        .annotate(last=Max("until"))
        .values_list("journey_id", "last")
    )
    fits = latest_fit_by_journey(ids)
    candidates = []
    for pk, journey in rows.items():
        may_contact, contact_name = consent.get(pk, (True, None))
        fit = fits.get(pk)
        candidates.append(
            HelpQueueCandidate(
                journey_id=pk,
                title=journey.title,
                buying_stage=journey.buying_stage,
                owner=journey.owner.display_name,
                events=events.get(pk, ()),
                fit_score=float(fit.score) if fit is not None else None,
                fit_verdict=fit.verdict if fit is not None else None,
                expected_value=(
                    float(journey.expected_value) if journey.expected_value is not None else None
                ),
                currency=journey.currency,
                buyer_timeline=journey.buyer_timeline,
                may_contact=may_contact,
                nurture_recheck_on=journey.recheck_on,
                snoozed_until=snoozed.get(pk),
                contact_name=contact_name,
            )
        )
    return QueueInputs(rows, candidates)


def rank_entries(inputs: QueueInputs, now: datetime) -> list[HelpQueueEntry]:
    """Rank the candidates of ``inputs`` and pair each item with its journey."""
    items = rank_help_queue(inputs.candidates, now, QUEUE_WEIGHTS)
    return [HelpQueueEntry(item, inputs.journeys[int(item.journey_id)]) for item in items]


def build_help_queue(
    user: User, now: datetime | None = None, *, owner_id: int | None = None
) -> list[HelpQueueEntry]:
    """Return ``user``'s ranked help queue: items to help first, backed-off items last."""
    now = now or timezone.now()
    return rank_entries(load_queue_inputs(queue_journeys(user, now, owner_id=owner_id), now), now)


def events_by_journey(
    journey_ids: Iterable[int], now: datetime, *, days: int = HISTORY_DAYS
) -> tuple[dict[int, list[InteractionEvent]], dict[int, set[int]]]:
    """Return each journey's events of the last ``days`` and the contacts seen in them.

    Rows that the analytics cannot read (an unknown direction in ``properties``) are skipped:
    one bad import row must not take a rep's whole queue down.
    """
    rows = (
        Interaction.objects.filter(
            journey_id__in=list(journey_ids), occurred_at__gte=now - timedelta(days=days)
        )
        .order_by()
        .values_list(
            "journey_id",
            "occurred_at",
            "kind",
            "page_type",
            "contact_id",
            "contact__stakeholder_role",
            "properties",
        )
    )
    # Raw rows: Django's per-value converters cost more than the analytics (big books).
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # no journeys asked for
        sql, params = "", ()
    raw_rows = []
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            raw_rows = cursor.fetchall()
    events: dict[int, list[InteractionEvent]] = defaultdict(list)
    contacts: dict[int, set[int]] = defaultdict(set)
    for journey_id, occurred_at, kind, page_type, contact_id, role, props in raw_rows:
        try:
            event = InteractionEvent(
                occurred_at=_aware(occurred_at),
                kind=kind,
                page_type=page_type or None,
                contact_key=str(contact_id) if contact_id else None,
                stakeholder_role=role or None,
                properties=_properties(props),
            )
        except DataValidationError:
            continue
        events[journey_id].append(event)
        if contact_id:
            contacts[journey_id].add(contact_id)
    # Time order: the decayed sums then come out bit-identical whichever query read the rows
    # (PostgreSQL returns a journey's rows in a different order for different id lists).
    for journey_events in events.values():
        journey_events.sort(key=_by_time)
    return events, contacts


def _by_time(event: InteractionEvent) -> float:
    return event.timestamp


def _aware(value) -> datetime:
    """Read a stored time as Django would: SQLite gives naive UTC text, others datetimes."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _properties(value) -> dict:
    """Read stored JSON properties (text on SQLite); anything but an object reads as {}."""
    if isinstance(value, bytes | str):
        if value in ("{}", b"{}"):
            return {}
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _consent_by_journey(
    journey_ids: list[int], contacts_seen: Mapping[int, set[int]]
) -> dict[int, tuple[bool, str | None]]:
    """Return per journey whether anyone there may be contacted, and whom to address.

    The buying committee decides; a journey without one falls back to the people seen in its
    touches; a journey with neither counts as contactable (nobody said no).
    """
    committee: dict[int, list[tuple[int, bool, str]]] = defaultdict(list)
    seats = JourneyStakeholder.objects.filter(journey_id__in=journey_ids).values_list(
        "journey_id",
        "influence",
        "contact__may_contact",
        "contact__first_name",
        "contact__last_name",
    )
    for journey_id, influence, may_contact, first, last in seats:
        committee[journey_id].append((influence, may_contact, f"{first} {last}".strip()))
    fallback_ids = {
        c for pk in journey_ids if pk not in committee for c in contacts_seen.get(pk, ())
    }
    people = {}
    if fallback_ids:
        people = {
            pk: (may_contact, f"{first} {last}".strip())
            for pk, may_contact, first, last in Contact.objects.filter(
                pk__in=fallback_ids
            ).values_list("pk", "may_contact", "first_name", "last_name")
        }
    consent: dict[int, tuple[bool, str | None]] = {}
    for pk in journey_ids:
        seats_here = committee.get(pk)
        if seats_here:
            people_here = [(influence, ok, name) for influence, ok, name in seats_here]
        else:
            people_here = [
                (0, *people[c]) for c in sorted(contacts_seen.get(pk, ())) if c in people
            ]
        if not people_here:
            continue
        reachable = sorted((p for p in people_here if p[1]), key=lambda p: -p[0])
        consent[pk] = (bool(reachable), reachable[0][2] if reachable else None)
    return consent


def latest_fit_by_journey(journey_ids: list[int]) -> dict[int, FitRecord]:
    """Return the latest fit record per journey (``score`` 0-100 and ``verdict``), one query."""
    return fit_queries.latest_fit_by_journey(journey_ids)


@dataclass(frozen=True, slots=True)
class JourneyOutlook:
    """Hold what the journey page shows about the buyer's readiness and the suggested stage."""

    readiness: Readiness
    fatigue: Fatigue
    give_ask: GiveAskBalance
    suggestion: StageSuggestion
    last_decision: StageSuggestionDecision | None
    awaiting_decision: bool


def journey_outlook(journey: Journey, now: datetime | None = None) -> JourneyOutlook:
    """Read one journey's readiness, fatigue, give/ask balance and suggested stage."""
    now = now or timezone.now()
    events, contacts_seen = events_by_journey([journey.pk], now)
    may_contact, _ = _consent_by_journey([journey.pk], contacts_seen).get(journey.pk, (True, None))
    activity = summarise_activity(
        events.get(journey.pk, ()), now, half_life_days=QUEUE_WEIGHTS.half_life_days
    )
    suggestion = stage_from_activity(activity, journey.buying_stage)
    last = journey.stage_suggestion_decisions.select_related("by").first()
    return JourneyOutlook(
        readiness=readiness_from_activity(activity),
        fatigue=fatigue_from_activity(
            activity,
            may_contact,
            unanswered_touch_penalty=QUEUE_WEIGHTS.unanswered_touch_penalty,
            max_unanswered=QUEUE_WEIGHTS.max_unanswered,
            min_days_between_touches=QUEUE_WEIGHTS.min_days_between_touches,
        ),
        give_ask=give_ask_from_activity(activity),
        suggestion=suggestion,
        last_decision=last,
        awaiting_decision=_awaits_decision(journey, suggestion, last, now),
    )


def _awaits_decision(
    journey: Journey,
    suggestion: StageSuggestion,
    last: StageSuggestionDecision | None,
    now: datetime,
) -> bool:
    """Tell whether the rep still has to answer this suggestion (not kept lately, still open)."""
    if not suggestion.differs_from_current or not journey.is_open:
        return False
    return not (
        last is not None
        and last.suggested_stage == suggestion.stage
        and last.current_stage == journey.buying_stage
        and last.decision != "accepted"
        and now - last.at < timedelta(days=DISMISSAL_DAYS)
    )
