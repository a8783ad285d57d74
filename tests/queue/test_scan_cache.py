"""The per-process scan cache never changes a queue page: every write it depends on is seen.

These tests commit (``transaction=True``): nothing is cached inside a transaction. On databases
other than SQLite there is no data token, so nothing is cached and the pages are read afresh.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.fit.models import FitRecord
from helpfirst.interactions.ingest import store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder
from helpfirst.queue import data_version, event_cache, page, queries, scan_cache, services
from helpfirst.queue.activity import rebuild_activity_summaries
from helpfirst.queue.apps import _reinstall_triggers
from helpfirst.queue.models import ActivitySummaryState, Snooze
from tests.queue.test_queue_pruning import _book, _shown

pytestmark = pytest.mark.django_db(transaction=True)
SQLITE = connection.vendor == "sqlite"


@pytest.fixture(autouse=True)
def empty_caches():
    scan_cache.clear()
    event_cache.clear()
    yield
    scan_cache.clear()
    event_cache.clear()


def _page(rep) -> page.QueuePage:
    """Build the page through the caches and check it against the full ranking from the DB."""
    now = timezone.now()
    scope = queries.queue_journeys(rep, now)
    pruned = page.build_queue_page(
        scope, now, shown_to_help=20, shown_backing_off=15, batch=5, prune_from=0
    )
    assert _shown(pruned) == _shown(page._unpruned_page(scope, now, 20, 15))
    return pruned


def _kept() -> list:
    return list(scan_cache._BOOKS.values())


def _interaction(journey: Journey, kind: str, hours_ago: float, **fields) -> Interaction:
    return Interaction(
        team_id=journey.team_id,
        account_id=journey.account_id,
        journey=journey,
        kind=kind,
        source="scan-cache",
        external_id=uuid.uuid4().hex,
        occurred_at=timezone.now() - timedelta(hours=hours_ago),
        **fields,
    )


def _top(rep) -> Journey:
    return _page(rep).to_help[0].journey


def test_every_watched_write_replaces_the_token():
    if not SQLITE:
        assert data_version.current_token() is None
        return
    rep = _book(21, journeys=12)
    rebuild_activity_summaries()
    journey = Journey.objects.filter(owner=rep, committee__isnull=False).first()
    contact = Contact.objects.filter(team_id=rep.team_id).first()

    def changes(write) -> None:
        before = data_version.current_token()
        assert before is not None
        write()
        assert data_version.current_token() not in (None, before), write

    changes(lambda: Journey.objects.filter(pk=journey.pk).update(expected_value=9))
    changes(lambda: services.snooze(journey, by=rep, until=timezone.now() + timedelta(days=1)))
    changes(lambda: Contact.objects.filter(pk=contact.pk).update(may_contact=False))
    changes(lambda: JourneyStakeholder.objects.filter(journey=journey).delete())
    changes(
        lambda: FitRecord.objects.create(
            journey=journey, team_id=journey.team_id, score=80, verdict="strong",
            payload={}, inputs_fingerprint=uuid.uuid4().hex,
        )
    )  # fmt: skip
    changes(lambda: type(rep).objects.filter(pk=rep.pk).update(first_name="Renamed"))
    changes(lambda: ActivitySummaryState.objects.filter(pk=1).update(rebuilt_at=timezone.now()))
    store = {("scan-cache", "x1"): _interaction(journey, "page_view", 1, page_type="pricing")}
    store[("scan-cache", "x1")].external_id = "x1"
    changes(lambda: store_new_interactions(journey.team_id, store))
    changes(lambda: Interaction.objects.filter(journey=journey).update(page_type="docs"))
    changes(lambda: Interaction.objects.filter(journey=journey).delete())
    # Signing in (last_login) is not watched: it changes nothing the queue shows.
    token = data_version.current_token()
    type(rep).objects.filter(pk=rep.pk).update(last_login=timezone.now())
    assert data_version.current_token() == token


def test_a_kept_scan_is_reused_and_every_change_shows_on_the_next_request():
    rep = _book(22, journeys=40)
    rebuild_activity_summaries()
    _page(rep)
    kept = _kept()
    assert len(kept) == (1 if SQLITE else 0)
    _page(rep)  # a second request (a later ``now``) reuses the kept columns
    assert all(a is b for a, b in zip(_kept(), kept, strict=True))

    # A new interaction (the ingest path): a burst of our e-mails backs the top journey off.
    top = _top(rep)
    pending = {}
    for n in range(4):
        obj = _interaction(top, "email_sent", n + 1)
        pending[(obj.source, obj.external_id)] = obj
    store_new_interactions(top.team_id, pending)
    assert top.pk not in {e.journey.pk for e in _page(rep).to_help}

    # A snooze takes the (new) top journey out of the queue.
    top = _top(rep)
    services.snooze(top, by=rep, until=timezone.now() + timedelta(days=3))
    assert top.pk not in {e.item.journey_id for e in _page(rep).to_help}

    # A stage change: the new top journey is closed without a re-check.
    top = _top(rep)
    top.buying_stage = "chose_alternative"
    top.recheck_on = None
    top.save()
    assert top.pk not in {e.item.journey_id for e in _page(rep).to_help}

    # Consent withdrawn behind the models' back (a queryset update, no signal).
    top = _top(rep)
    people = JourneyStakeholder.objects.filter(journey=top).values_list("contact_id", flat=True)
    if not people:
        JourneyStakeholder.objects.create(
            journey=top, contact=Contact.objects.filter(account_id=top.account_id).first()
        )
        people = JourneyStakeholder.objects.filter(journey=top).values_list("contact_id")
    Contact.objects.filter(pk__in=list(people)).update(may_contact=False)
    shown = _page(rep)
    assert top.pk not in {e.item.journey_id for e in shown.to_help}
    assert top.pk in {e.item.journey_id for e in shown.backing_off}

    # A new fit verdict and a renamed owner.
    top = _top(rep)
    FitRecord.objects.filter(journey=top).update(is_latest=False)
    FitRecord.objects.create(
        journey=top, team_id=top.team_id, score=3, verdict="weak", payload={},
        inputs_fingerprint=uuid.uuid4().hex,
    )  # fmt: skip
    type(rep).objects.filter(pk=rep.pk).update(first_name="Rowena", last_name="Rep")
    shown = _page(rep)
    assert {owner for owner, _, _ in shown.effort} == {"Rowena Rep"}


def test_no_token_inside_a_transaction_or_while_a_trigger_is_missing():
    rep = _book(23, journeys=10)
    rebuild_activity_summaries()
    with transaction.atomic():
        assert data_version.current_token() is None
    if not SQLITE:
        assert data_version.current_token() is None
        return
    assert data_version.current_token() is not None
    name = data_version.trigger_sql(apps.get_model)[0][0]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}")
    assert data_version.current_token() is None
    _page(rep)
    assert not _kept()
    _reinstall_triggers(apps.get_app_config("help_queue"), using="default", apps=apps)
    assert data_version.current_token() is not None
    _page(rep)
    assert _kept()


def test_watched_tables_can_still_be_rebuilt():
    """SQLite rebuilds a table to alter it; a trigger naming another table would block that."""
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA legacy_alter_table = OFF")
    models = [(app, model) for app, model, _, _ in data_version._WATCHED]
    tables = {apps.get_model(*m)._meta.db_table for m in [*models, *data_version._LOGGED]}
    db.execute(f"CREATE TABLE {data_version.VERSION_TABLE} (id integer primary key, token text)")
    db.execute(
        f"CREATE TABLE {data_version.CHANGE_TABLE} (id integer primary key autoincrement, "
        "journey_id int)"
    )
    for table in tables:
        db.execute(f"CREATE TABLE {table} (id integer primary key, team_id int, journey_id int)")
    for _, sql in data_version.trigger_sql(apps.get_model):
        db.execute(sql)
    for table in sorted(tables):
        db.executescript(
            f"CREATE TABLE new__{table} (id integer primary key, team_id int, journey_id int, x);"  # noqa: S608
            f"INSERT INTO new__{table} (id, team_id, journey_id) SELECT * FROM {table};"
            f"DROP TABLE {table}; ALTER TABLE new__{table} RENAME TO {table};"
        )
    left = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    assert left == [(f"{data_version.TRIGGER_PREFIX}prune",)]  # the others went with their tables


def test_the_change_log_prunes_itself():
    if not SQLITE:
        return
    table = data_version.CHANGE_TABLE
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (journey_id) VALUES (%s)",  # noqa: S608
            [(n,) for n in range(data_version.CHANGES_KEPT + 3_000)],
        )
        cursor.execute(f"SELECT count(*), max(id) - min(id) FROM {table}")  # noqa: S608
        count, spread = cursor.fetchone()
    assert data_version.CHANGES_KEPT <= count < data_version.CHANGES_KEPT + 1_024
    assert spread == count - 1


def test_summary_changes_reread_only_their_journeys_and_gaps_read_all():
    rep = _book(25, journeys=40)
    rebuild_activity_summaries()
    _page(rep)
    if not SQLITE:
        assert not _kept()
        return
    (before,) = _kept()
    top = _top(rep)
    store = {}
    for n in range(4):
        obj = _interaction(top, "email_sent", n + 1)
        store[(obj.source, obj.external_id)] = obj
    store_new_interactions(top.team_id, store)
    _page(rep)  # equal to the full ranking (checked inside)
    (after,) = _kept()
    assert after is not before
    assert after.seq > before.seq
    assert after.static_logs is before.static_logs  # the rest of the book was not read again
    # A gap in the log (entries pruned since the book was read): the whole book is read.
    for hours in (0.5, 0.25):  # two writes: the first one's entries are then pruned
        obj = _interaction(top, "page_view", hours, page_type="pricing")
        store_new_interactions(top.team_id, {(obj.source, obj.external_id): obj})
    state = data_version.current_state()
    assert state.seq > after.seq + 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {data_version.CHANGE_TABLE} WHERE id < %s",  # noqa: S608
            [state.seq],
        )
    _page(rep)
    (reread,) = _kept()
    assert reread.static_logs is not after.static_logs


def test_a_book_that_matches_nothing_is_read_and_not_kept():
    rep = _book(24, journeys=3)
    now = timezone.now()
    for scope in (Journey.objects.none(), Journey.objects.filter(pk__in=[])):
        empty = page.build_queue_page(scope, now, shown_to_help=5, shown_backing_off=5)
        assert (empty.to_help, empty.backing_off, empty.journeys) == ([], [], 0)
    assert not _kept()
    assert _page(rep).journeys == 3


def test_a_patched_book_equals_a_fresh_read():
    import numpy as np

    from helpfirst.queue import summary

    rep = _book(26, journeys=30)
    rebuild_activity_summaries()
    now = timezone.now()
    scope = queries.queue_journeys(rep, now)
    half_life = queries.QUEUE_WEIGHTS.half_life_days
    old = scan_cache.columns_from_rows(summary._rows(scope, half_life)[0])
    journeys = list(Journey.objects.filter(owner=rep).order_by("pk"))
    services.snooze(journeys[0], by=rep, until=now + timedelta(days=2))
    Snooze.objects.create(journey=journeys[1], by=rep, until=now - timedelta(hours=1))  # over
    obj = _interaction(journeys[2], "page_view", 0.1, page_type="pricing")
    store_new_interactions(rep.team_id, {(obj.source, obj.external_id): obj})
    changed = {j.pk for j in journeys[:3]}
    new = scan_cache.patched(old, changed | {10**12}, 7)
    fresh = scan_cache.columns_from_rows(summary._rows(scope, half_life)[0])
    for name in ("snooze_ts", "anchor", "points", "last_answer", "max_event", "stale",
                 "touches", "touch_owner", "touch_counts", "people", "people_owner"):  # fmt: skip
        a, b = getattr(new, name), getattr(fresh, name)
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name
    assert new.snooze_until == fresh.snooze_until
    assert new.contacts_seen == fresh.contacts_seen
    assert [a.tolist() for a in new.seen_lately()] == [a.tolist() for a in fresh.seen_lately()]
    assert not np.array_equal(old.snooze_ts, new.snooze_ts, equal_nan=True)
    assert new.seq == 7
