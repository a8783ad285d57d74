"""The per-process event cache never changes a queue page: every write it could miss is seen.

These tests commit (``transaction=True``): the cache is bypassed inside a transaction.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.interactions.ingest import store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.queue import event_cache, page, queries
from helpfirst.queue.activity import rebuild_activity_summaries, refresh_journey_activity
from helpfirst.queue.models import ActivitySummary, ActivitySummaryState
from tests.queue.test_queue_pruning import _book, _shown

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_cache():
    event_cache.clear()
    yield
    event_cache.clear()


def _assert_page_equals_full_ranking(rep) -> page.QueuePage:
    now = timezone.now()
    scope = queries.queue_journeys(rep, now)
    pruned = page.build_queue_page(
        scope, now, shown_to_help=20, shown_backing_off=15, batch=5, prune_from=0
    )
    full = page._unpruned_page(scope, now, 20, 15)
    assert _shown(pruned) == _shown(full)
    return pruned


def test_cached_events_are_reused_and_refreshed_on_every_change():
    rep = _book(11, journeys=40)
    rebuild_activity_summaries()
    assert not connection.in_atomic_block
    _assert_page_equals_full_ranking(rep)
    cached = dict(event_cache._CACHE)
    assert cached, "the page's journeys are cached"
    _assert_page_equals_full_ranking(rep)
    assert all(event_cache._CACHE[pk] is entry for pk, entry in cached.items())  # reused
    busiest = max(cached, key=lambda pk: len(cached[pk].events))
    journey = Interaction.objects.filter(journey_id=busiest).first().journey

    # New interactions (the ingest path): the summary and the counts change.
    now = timezone.now()
    pending = {}
    for n, kind in enumerate(["email_sent"] * 4 + ["page_view"]):
        obj = Interaction(
            team_id=journey.team_id,
            account_id=journey.account_id,
            journey=journey,
            kind=kind,
            page_type="pricing" if kind == "page_view" else "",
            source="cache",
            external_id=uuid.uuid4().hex,
            occurred_at=now - timedelta(hours=n + 1),
        )
        pending[(obj.source, obj.external_id)] = obj
    store_new_interactions(journey.team_id, pending)
    _assert_page_equals_full_ranking(rep)
    assert event_cache._CACHE[busiest] is not cached[busiest]

    # A contact's stakeholder role changes (no interaction row does).
    contact_id = next(
        c for c in event_cache._CACHE[busiest].roles if Contact.objects.filter(pk=c).exists()
    )
    Contact.objects.filter(pk=contact_id).update(stakeholder_role="economic_buyer")
    before = event_cache._CACHE[busiest]
    _assert_page_equals_full_ranking(rep)
    assert event_cache._CACHE[busiest] is not before

    # Rows changed behind the summaries' back: stale journeys are read in full, never cached.
    Interaction.objects.filter(journey_id=busiest).update(kind="meeting", page_type="")
    ActivitySummary.objects.filter(journey_id=busiest).update(stale=True)
    _assert_page_equals_full_ranking(rep)
    assert busiest not in event_cache._CACHE

    # Deleted interactions, then the journey refreshed.
    gone = list(Interaction.objects.filter(journey_id=busiest).values_list("pk", flat=True)[:3])
    Interaction.objects.filter(pk__in=gone).delete()
    refresh_journey_activity([busiest])
    _assert_page_equals_full_ranking(rep)


def test_the_window_is_cut_to_now():
    rep = _book(12, journeys=30)
    rebuild_activity_summaries()
    now = timezone.now()
    ids = list(queries.queue_journeys(rep, now).values_list("pk", flat=True))
    for later in (now, now + timedelta(hours=7), now + timedelta(days=3)):
        cached = event_cache.events_by_journey(ids, later, days=queries.HISTORY_DAYS)
        direct = queries.events_by_journey(ids, later)
        assert cached == direct
    assert event_cache._CACHE


def test_the_cache_stays_under_its_size(monkeypatch):
    rep = _book(13, journeys=30)
    rebuild_activity_summaries()
    monkeypatch.setattr(event_cache, "MAX_CACHED_EVENTS", 40)
    now = timezone.now()
    ids = list(queries.queue_journeys(rep, now).values_list("pk", flat=True))
    assert event_cache.events_by_journey(ids, now, days=90) == queries.events_by_journey(ids, now)
    assert event_cache._SIZE[0] <= 40 or len(event_cache._CACHE) == 1
    assert event_cache._SIZE[0] == sum(len(e.events) + 1 for e in event_cache._CACHE.values())


def test_not_ready_summaries_bypass_the_cache():
    rep = _book(14, journeys=20)
    rebuild_activity_summaries()
    ActivitySummaryState.objects.filter(pk=1).update(ready=False)
    now = timezone.now()
    ids = list(queries.queue_journeys(rep, now).values_list("pk", flat=True))
    assert event_cache.events_by_journey(ids, now, days=90) == queries.events_by_journey(ids, now)
    assert not event_cache._CACHE
