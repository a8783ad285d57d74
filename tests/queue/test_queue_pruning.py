"""The pruned help queue page equals the unpruned ranking on the items it shows.

Books are generated (seeded) larger than the prune batch, with the cases the SQL bounds must
get right: decayed signals, unanswered runs, recent touches, no consent, snoozes, re-checks,
fit records, events in the future, and "odd" rows (a non-default direction, a connected call,
an invalid touch intent) that only the full events can classify.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from helpfirst.accounts.models import Account, Contact
from helpfirst.fit.models import FitRecord
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder
from helpfirst.queue import page, queries
from helpfirst.queue.activity import rebuild_activity_summaries
from helpfirst.queue.models import ActivitySummaryState, Snooze
from helpfirst.team.models import Role, Team, User

KINDS = (
    ("page_view", "pricing"),
    ("page_view", "docs"),
    ("page_view", "security"),
    ("page_view", "blog"),
    ("page_view", "careers"),
    ("page_view", "nonsense"),
    ("email_sent", ""),
    ("email_opened", ""),
    ("email_replied", ""),
    ("meeting", ""),
    ("call", ""),
    ("content_download", ""),
    ("trial_signup", ""),
    ("product_usage", ""),
    ("support_ticket", ""),
    ("note", ""),
    ("webinar", ""),
)
ODD_PROPERTIES = (
    {"direction": "inbound"},
    {"connected": True},
    {"touch_intent": "bribe"},
    {"direction": "sideways"},
)
VERDICTS = [value for value, _ in FitRecord._meta.get_field("verdict").choices]
STAGES = ("exploring_problem", "exploring_solutions", "evaluating", "deciding", "implementing")


def _book(seed: int, journeys: int) -> User:
    rng = random.Random(seed)
    now = timezone.now()
    team = Team.objects.create(name=f"Team {seed}", slug=f"prune-{seed}")
    rep = User.objects.create_user(f"rep{seed}", password="pw-rep-1", team=team, role=Role.REP)
    rows = []
    for n in range(journeys):
        account = Account.objects.create(
            team=team, name=f"Acct {n}", owner=rep, domain=f"{uuid.uuid4().hex[:8]}.example"
        )
        people = [
            Contact.objects.create(
                team=team, account=account, first_name=f"P{n}{k}", may_contact=rng.random() > 0.1
            )
            for k in range(rng.randint(1, 3))
        ]
        exit_stage = rng.random() < 0.1
        journey = Journey.objects.create(
            team=team,
            account=account,
            owner=rep,
            title=f"Journey {n}",
            buying_stage="paused" if exit_stage else rng.choice(STAGES),
            recheck_on=(now - timedelta(days=1)).date() if exit_stage else None,
            expected_value=rng.choice([None, 5_000, 40_000, 150_000]),
            buyer_timeline=rng.choice([None, (now + timedelta(days=rng.randint(-60, 200))).date()]),
        )
        if rng.random() < 0.7:
            for person in people:
                JourneyStakeholder.objects.create(journey=journey, contact=person)
        if rng.random() < 0.5:
            FitRecord.objects.create(
                journey=journey,
                team=team,
                score=rng.randint(0, 100),
                verdict=rng.choice(VERDICTS),
                payload={},
                inputs_fingerprint=uuid.uuid4().hex,
            )
        if rng.random() < 0.05:
            Snooze.objects.create(journey=journey, until=now + timedelta(days=2), by=rep)
        for _ in range(rng.randint(0, 25)):
            kind, page_type = rng.choice(KINDS)
            props = rng.choice(ODD_PROPERTIES) if rng.random() < 0.03 else {}
            rows.append(
                Interaction(
                    team=team,
                    account=account,
                    journey=journey,
                    contact=rng.choice([*people, None]),
                    kind=kind,
                    page_type=page_type,
                    occurred_at=now - timedelta(days=rng.uniform(-0.01, 100)),
                    external_id=uuid.uuid4().hex,
                    source="test",
                    properties=props,
                )
            )
    Interaction.objects.bulk_create(rows)
    return rep


def _shown(result: page.QueuePage) -> tuple:
    return (
        [e.item for e in result.to_help],
        [e.item for e in result.backing_off],
        result.total_to_help,
        result.total_backing_off,
        result.rechecks_due,
        page.effort_spread(result.effort),
    )


def use_bounds(path: str) -> None:
    """Choose where the pruning bounds come from: the activity summaries or the SQL aggregate."""
    if path == "summary":
        rebuild_activity_summaries()
    else:
        ActivitySummaryState.objects.filter(pk=1).update(ready=False)


@pytest.mark.parametrize("path", ["summary", "sql"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pruned_page_equals_unpruned_ranking(db, seed, path):
    rep = _book(seed, journeys=60)
    use_bounds(path)
    now = timezone.now()
    journeys = queries.queue_journeys(rep, now)
    full = page._unpruned_page(journeys, now, 20, 15)
    pruned = page.build_queue_page(
        journeys, now, shown_to_help=20, shown_backing_off=15, batch=5, prune_from=0
    )
    if path == "summary" or connection.vendor == "sqlite":  # the SQL aggregate is SQLite's
        assert pruned.loaded < pruned.journeys  # the book is larger than what was loaded
    else:
        assert pruned.loaded == pruned.journeys
    assert _shown(pruned) == _shown(full)
    small = page.build_queue_page(journeys, now, shown_to_help=20, shown_backing_off=15)
    assert small.loaded == small.journeys  # under PRUNE_FROM: ranked in full
    assert _shown(small) == _shown(full)


@pytest.mark.parametrize("path", ["summary", "sql"])
@pytest.mark.parametrize("limit", [5, 25, 60])
@pytest.mark.parametrize("in_all", [False, True])
def test_pruned_api_prefix_equals_full_queue(db, path, limit, in_all):
    rep = _book(7, journeys=40)
    use_bounds(path)
    now = timezone.now()
    journeys = queries.queue_journeys(rep, now)
    entries = queries.rank_entries(queries.load_queue_inputs(journeys, now), now)
    pruned = page.build_queue_page(
        journeys,
        now,
        shown_to_help=limit,
        shown_backing_off=limit,
        batch=4,
        prune_from=0,
        shown_in_all=limit if in_all else None,
    )
    assert [e.item for e in (pruned.to_help + pruned.backing_off)[:limit]] == [
        e.item for e in entries[:limit]
    ]
    if in_all and limit == 5 and pruned.loaded < pruned.journeys:
        # Pruned (not PostgreSQL without summaries): 5 surely to help, no backed-off loaded.
        assert pruned.backing_off == []


@pytest.mark.parametrize("path", ["summary", "sql"])
def test_effort_spread_matches_the_core_effort_by_fit_band(db, path):
    from helpfirst.core.prioritise import effort_by_fit_band, effort_by_owner_and_fit_band

    rep = _book(11, journeys=30)
    use_bounds(path)
    now = timezone.now()
    journeys = queries.queue_journeys(rep, now)
    candidates = queries.load_queue_inputs(journeys, now).candidates
    pruned = page.build_queue_page(
        journeys, now, shown_to_help=5, shown_backing_off=5, batch=3, prune_from=0
    )
    assert page.effort_spread(pruned.effort) == effort_by_fit_band(candidates, now)
    assert page.effort_spread_by_owner(pruned.effort) == effort_by_owner_and_fit_band(
        candidates, now
    )
