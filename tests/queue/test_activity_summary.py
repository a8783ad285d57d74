"""The per-journey activity summaries stay current on every write path and rank identically.

Each write path (the API's ingest, ``log_touch``, ``Interaction.objects.create``, the CSV
importer, deletes followed by :func:`refresh_journey_activity`) must leave the summaries equal
to a rebuild from scratch; and the help queue built from incrementally kept summaries must
equal the full, unpruned ranking.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from array import array
from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from helpfirst.core.journey import fatigue_from_activity
from helpfirst.core.journey.activity import JourneyActivity
from helpfirst.imports import import_file
from helpfirst.interactions.ingest import record_interactions, store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.queue import page, queries, services, summary
from helpfirst.queue.activity import (
    rebuild_activity_summaries,
    refresh_journey_activity,
    summaries_ready,
)
from helpfirst.queue.models import ActivitySummary, ActivitySummaryState
from tests.imports.conftest import write
from tests.queue.test_queue_pruning import KINDS, ODD_PROPERTIES, _book, _shown

WEIGHTS = queries.QUEUE_WEIGHTS


def _snapshot() -> dict:
    def floats(blob) -> list[float]:
        values = array("d")
        values.frombytes(bytes(blob or b""))
        return list(values)

    return {
        row.journey_id: (
            row.anchor_at,
            row.points,
            floats(row.touch_times),
            row.last_answer_at,
            row.max_event_at,
            floats(row.stakeholder_times),
            json.loads(row.signal_contacts),
            json.loads(row.contacts_seen),
            row.stale,
        )
        for row in ActivitySummary.objects.all()
    }


def _assert_same_as_rebuild() -> None:
    kept = _snapshot()
    rebuild_activity_summaries()
    fresh = _snapshot()
    assert kept.keys() == fresh.keys()
    for pk, row in kept.items():
        other = fresh[pk]
        assert row[1] == pytest.approx(other[1], rel=1e-9), pk
        assert (row[0], *row[2:]) == (other[0], *other[2:]), pk


def _items(world, rng: random.Random, n: int) -> list[dict]:
    now = timezone.now()
    items = []
    for _ in range(n):
        kind, page_type = rng.choice(KINDS)
        journey, contact = rng.choice(
            [(world.j1, world.c1), (world.j1, None), (world.j3, None), (world.j2, world.c2)]
        )
        item = {
            "source": "test",
            "external_id": uuid.uuid4().hex,
            "kind": kind,
            "occurred_at": (now - timedelta(days=rng.uniform(0, 80))).isoformat(),
            "journey_id": journey.pk,
            "properties": rng.choice(ODD_PROPERTIES) if rng.random() < 0.2 else {},
        }
        if page_type in ("pricing", "docs", "security", "blog", "careers"):
            item["page_type"] = page_type
        if contact is not None:
            item["contact_id"] = contact.pk
        items.append(item)
    return items


def test_a_fresh_database_has_ready_summaries(db):
    assert summaries_ready()


def test_api_ingest_keeps_summaries_equal_to_a_rebuild(world):
    rng = random.Random(5)
    # Several batches in a random time order: answers arrive before and after touches.
    for _ in range(3):
        result = record_interactions(world.manager, _items(world, rng, 40))
        assert not result.rejected
    _assert_same_as_rebuild()


def test_log_touch_and_model_saves_keep_summaries_current(world):
    rebuild_activity_summaries()
    services.log_touch(world.j1, by=world.rep1, touch="call_connected", intent="gave")
    services.log_touch(world.j2, by=world.rep2, touch="email_sent", intent="asked")
    Interaction.objects.create(
        team=world.team_a,
        account=world.a1,
        journey=world.j1,
        contact=world.c1,
        kind="page_view",
        page_type="pricing",
        occurred_at=timezone.now() - timedelta(days=2),
        source="test",
        external_id="saved-1",
    )
    changed = Interaction.objects.get(external_id="saved-1")
    changed.kind = "email_replied"
    changed.save()  # an update: the journey is recomputed
    _assert_same_as_rebuild()


def test_csv_import_keeps_summaries_current(world, tmp_path):
    rebuild_activity_summaries()
    moment = (timezone.now() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    path = write(
        tmp_path,
        "i.csv",
        "source,external_id,kind,occurred_at,account_domain,page_type,journey_title\n"
        f"web,1,page_view,{moment},alpha.example,pricing,Alpha forecasting\n"
        f"web,2,email_sent,{moment},alpha.example,,Alpha forecasting\n"
        f"web,3,email_replied,{moment},beta.example,,Beta onboarding\n",
    )
    report = import_file("interactions", path, team=world.team_a, user=world.manager)
    assert report.created == 3
    assert ActivitySummary.objects.filter(journey=world.j2).exists()
    _assert_same_as_rebuild()


def test_deleting_interactions_then_refreshing_keeps_summaries_current(world):
    record_interactions(world.manager, _items(world, random.Random(9), 60))
    gone = list(Interaction.objects.filter(journey=world.j1).order_by("pk")[:20])
    Interaction.objects.filter(pk__in=[i.pk for i in gone]).delete()
    Interaction.objects.filter(journey=world.j3).delete()
    refresh_journey_activity([world.j1.pk, world.j3.pk])
    _assert_same_as_rebuild()


@pytest.mark.parametrize("seed", [4, 8])
def test_incrementally_kept_summaries_rank_like_the_full_queue(db, seed):
    rep = _book(seed, journeys=50)
    rebuild_activity_summaries()
    rng = random.Random(seed)
    journeys = list(queries.queue_journeys(rep, timezone.now()).select_related("account"))
    now = timezone.now()
    pending = {}
    for _ in range(300):  # more history through ingest, at random past (and a few future) times
        journey = rng.choice(journeys)
        kind, page_type = rng.choice(KINDS)
        obj = Interaction(
            team_id=journey.team_id,
            account_id=journey.account_id,
            journey=journey,
            kind=kind,
            page_type=page_type,
            source="more",
            external_id=uuid.uuid4().hex,
            occurred_at=now - timedelta(days=rng.uniform(-0.01, 95)),
            properties=rng.choice(ODD_PROPERTIES) if rng.random() < 0.05 else {},
        )
        pending[(obj.source, obj.external_id)] = obj
    store_new_interactions(rep.team_id, pending)
    # One journey changed behind the summaries' back: marked stale, read in full.
    victim = journeys[0]
    Interaction.objects.filter(journey=victim).update(kind="meeting")
    ActivitySummary.objects.filter(journey=victim).update(stale=True)
    now = timezone.now()
    scope = queries.queue_journeys(rep, now)
    full = page._unpruned_page(scope, now, 20, 15)
    pruned = page.build_queue_page(
        scope, now, shown_to_help=20, shown_backing_off=15, batch=5, prune_from=0
    )
    assert pruned.loaded < pruned.journeys
    brief = lambda result: [  # noqa: E731
        (e.item.journey_id, e.item.priority, e.item.back_off)
        for e in result.to_help + result.backing_off
    ]
    assert brief(pruned) == brief(full)
    assert _shown(pruned) == _shown(full)


def test_not_ready_summaries_fall_back(db):
    rep = _book(3, journeys=12)
    ActivitySummaryState.objects.filter(pk=1).update(ready=False)
    assert not summaries_ready()
    now = timezone.now()
    scope = queries.queue_journeys(rep, now)
    full = page._unpruned_page(scope, now, 5, 5)
    pruned = page.build_queue_page(scope, now, shown_to_help=5, shown_backing_off=5, prune_from=0)
    assert _shown(pruned) == _shown(full)


def test_vectorised_and_scalar_fatigue_equal_the_core():
    rng = random.Random(1)
    now = timezone.now()
    now_ts = now.timestamp()
    cases = []
    for _ in range(400):
        last_touch = rng.choice([None, now_ts - rng.uniform(-200, 20 * 86_400)])
        last_answer = rng.choice([None, last_touch, now_ts - rng.uniform(0, 20 * 86_400)])
        activity = JourneyActivity(now=now, now_ts=now_ts, half_life_days=14.0)
        activity.last_touch_ts, activity.last_answer_ts = last_touch, last_answer
        if last_touch is not None:
            activity.touch_timestamps = [last_touch] * rng.choice([0, 1, 1, 2, 3, 5])
        cases.append((activity, rng.random() > 0.2))
    unanswered = np.array([a.unanswered_in_a_row for a, _ in cases], dtype=float)
    touch, answer = (
        np.array([math.nan if v is None else v for v in values])
        for values in zip(*((a.last_touch_ts, a.last_answer_ts) for a, _ in cases), strict=True)
    )
    consents = np.array([c for _, c in cases], dtype=bool)
    penalties, back_offs = summary._fatigue_columns(
        unanswered, touch, answer, consents, now_ts, WEIGHTS
    )
    for n, (activity, consent) in enumerate(cases):
        core = fatigue_from_activity(
            activity,
            consent,
            unanswered_touch_penalty=WEIGHTS.unanswered_touch_penalty,
            max_unanswered=WEIGHTS.max_unanswered,
            min_days_between_touches=WEIGHTS.min_days_between_touches,
        )
        scalar = summary.fatigue_penalty(
            activity.unanswered_in_a_row,
            activity.last_touch_ts,
            activity.last_answer_ts,
            consent,
            now_ts,
            WEIGHTS,
        )
        assert scalar == (core.penalty, core.back_off)
        assert bool(back_offs[n]) == core.back_off
        assert penalties[n] == pytest.approx(core.penalty, abs=1e-6)


def test_cli_rebuilds_the_summaries(world):
    from typer.testing import CliRunner

    from helpfirst.cli.queue import app

    services.log_touch(world.j1, by=world.rep1, touch="email_sent")
    ActivitySummary.objects.all().delete()
    ActivitySummaryState.objects.filter(pk=1).update(ready=False)
    result = CliRunner().invoke(app, ["rebuild-summaries", "--format", "json"])
    assert result.exit_code == 0, result.output
    recent = Interaction.objects.filter(occurred_at__gte=timezone.now() - timedelta(days=90))
    expected = recent.exclude(journey=None).values("journey").distinct().count()
    assert json.loads(result.output)["summaries"] == expected >= 1
    assert ActivitySummary.objects.filter(journey=world.j1).exists()
    assert summaries_ready()


def test_a_demo_load_fills_the_summaries(db):
    from helpfirst.demo.loader import load_demo

    ActivitySummaryState.objects.filter(pk=1).update(ready=False)
    load_demo("tiny", seed=4)
    assert summaries_ready()
    assert ActivitySummary.objects.exists()
    _assert_same_as_rebuild()


def test_empty_books_and_empty_id_lists_read_nothing(world):
    now = timezone.now()
    assert queries.events_by_journey([], now) == ({}, {})
    empty = queries.queue_journeys(world.rep1, now).none()
    result = page.build_queue_page(empty, now, shown_to_help=5, shown_backing_off=5, prune_from=0)
    assert (result.to_help, result.backing_off, result.journeys) == ([], [], 0)
