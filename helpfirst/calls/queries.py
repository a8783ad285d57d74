"""Read calls, always scoped: a rep sees the calls on their own journeys; managers the team's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from helpfirst.calls.models import Call
from helpfirst.team.models import User

#: The metrics of the coaching view: key, label, and how a value reads.
COACHING_METRICS = (
    ("talk_ratio", "Talk ratio", "percent"),
    ("questions_per_call", "Questions per call", "number"),
    ("open_question_share", "Open-question share", "percent"),
    ("longest_monologue_s", "Longest monologue", "seconds"),
    ("tactics_per_call", "Pressure tactics per call", "number"),
    ("helping_score", "Helping score", "score"),
)


def visible_calls(user: User) -> QuerySet[Call]:
    """Return the calls ``user`` may read: a rep their own (by call or journey), a manager all
    of the team's, nobody another team's."""
    if not user.is_authenticated or user.team_id is None:
        return Call.objects.none()
    calls = Call.objects.filter(team_id=user.team_id)
    if user.sees_whole_team:
        return calls
    return calls.filter(Q(owner_id=user.pk) | Q(journey__owner_id=user.pk))


def week_bounds(week: date) -> tuple[datetime, datetime]:
    """Return the aware start (Monday 00:00) and end of the week that contains ``week``."""
    monday = week - timedelta(days=week.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, start + timedelta(days=7)


def filtered_calls(
    user: User,
    *,
    owner_id: int | None = None,
    journey_id: int | None = None,
    week: date | None = None,
) -> QuerySet[Call]:
    """Return the visible calls, newest first, narrowed by rep, journey and week."""
    calls = visible_calls(user).select_related("journey", "account", "owner")
    if owner_id is not None:
        calls = calls.filter(owner_id=owner_id)
    if journey_id is not None:
        calls = calls.filter(journey_id=journey_id)
    if week is not None:
        start, end = week_bounds(week)
        calls = calls.filter(occurred_at__gte=start, occurred_at__lt=end)
    return calls.order_by("-occurred_at", "-id")


@dataclass(frozen=True)
class CoachingPoint:
    """The averages of one bucket of analysed calls (a week, or a rep)."""

    calls: int
    talk_ratio: float | None
    questions_per_call: float | None
    open_question_share: float | None
    longest_monologue_s: float | None
    tactics_per_call: float | None
    helping_score: float | None
    week: date | None = None
    owner_id: int | None = None

    def value(self, metric: str) -> float | None:
        return getattr(self, metric)


_AGGREGATES = {
    "n": Count("id"),
    "talk": Avg("talk_ratio"),
    "asked": Avg("seller_question_count"),
    "asked_total": Sum("seller_question_count"),
    "open_total": Sum("seller_open_question_count"),
    "mono": Avg("longest_monologue_s"),
    "tactics": Avg("pressure_tactic_count"),
    "score": Avg("helping_score"),
}


def _point(row: dict, **where) -> CoachingPoint:
    asked_total = row["asked_total"] or 0
    return CoachingPoint(
        calls=row["n"],
        talk_ratio=row["talk"],
        questions_per_call=row["asked"],
        open_question_share=(row["open_total"] or 0) / asked_total if asked_total else None,
        longest_monologue_s=row["mono"],
        tactics_per_call=row["tactics"],
        helping_score=row["score"],
        **where,
    )


def analysed_calls(user: User, owner_id: int | None = None, since: date | None = None):
    """Return the visible calls that have an analysis (audio without sides has none)."""
    calls = visible_calls(user).filter(helping_score__isnull=False)
    if owner_id is not None:
        calls = calls.filter(owner_id=owner_id)
    if since is not None:
        calls = calls.filter(occurred_at__gte=week_bounds(since)[0])
    return calls


def weekly_trend(
    user: User, owner_id: int | None = None, since: date | None = None
) -> list[CoachingPoint]:
    """Return one point per week with calls (oldest first): averages over that week's calls."""
    rows = (
        analysed_calls(user, owner_id, since)
        .annotate(bucket=TruncWeek("occurred_at"))
        .values("bucket")
        .annotate(**_AGGREGATES)
        .order_by("bucket")
    )
    return [_point(row, week=_as_date(row["bucket"]), owner_id=owner_id) for row in rows]


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def rep_summary(user: User, since: date | None = None) -> list[tuple[User, CoachingPoint]]:
    """Return each rep's averages over the period (only reps ``user`` may see), best first."""
    rows = analysed_calls(user, since=since).values("owner_id").annotate(**_AGGREGATES)
    points = {row["owner_id"]: _point(row, owner_id=row["owner_id"]) for row in rows}
    owners = User.objects.filter(pk__in=points).order_by("first_name", "last_name", "username")
    ranked = [(owner, points[owner.pk]) for owner in owners]
    ranked.sort(key=lambda pair: -(pair[1].helping_score or 0))
    return ranked


def team_point(user: User, owner_id: int | None = None, since: date | None = None):
    """Return the averages over every visible analysed call of the period (None if none)."""
    row = analysed_calls(user, owner_id, since).aggregate(**_AGGREGATES)
    return _point(row, owner_id=owner_id) if row["n"] else None


def coachable_reps(user: User) -> QuerySet[User]:
    """Return the people whose calls ``user`` may pick in the coaching view."""
    if not user.is_authenticated or user.team_id is None:
        return User.objects.none()
    if not user.sees_whole_team:
        return User.objects.filter(pk=user.pk)
    owners = Call.objects.filter(team_id=user.team_id).values("owner_id")
    return User.objects.filter(team_id=user.team_id, pk__in=owners).order_by(
        "first_name", "last_name", "username"
    )
