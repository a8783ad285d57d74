"""Loading the demo into the database: complete, idempotent, logins that work."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.db.models import F

from helpfirst.core.vocabulary import BUYING_STAGE_LABELS
from helpfirst.demo.loader import expected_counts, load_demo
from helpfirst.demo.people import DEMO_PEOPLE, DEMO_TEAM_SLUG
from helpfirst.demo.sizes import DemoSize
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, StageChange
from helpfirst.team.models import Team, User

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_tiny_demo_loads_completely_and_twice_changes_nothing():
    steps = []
    first = load_demo("tiny", seed=3, now=NOW, progress=lambda s, d, t: steps.append((s, d, t)))
    assert not first.already_loaded
    assert first.counts == expected_counts("tiny", seed=3)
    assert first.counts["interactions"] == 3_000
    assert ("interactions", 3_000, 3_000) in steps
    again = load_demo("tiny", seed=3, now=NOW)
    assert again.already_loaded
    assert again.counts == first.counts
    assert Team.objects.filter(slug=DEMO_TEAM_SLUG).count() == 1
    assert User.objects.filter(team__slug=DEMO_TEAM_SLUG).count() == len(DEMO_PEOPLE)
    rebuilt = load_demo("tiny", seed=3, now=NOW, refresh=True)
    assert not rebuilt.already_loaded
    assert rebuilt.counts == first.counts


def test_every_stage_has_journeys_with_history_and_logins_work():
    summary = load_demo("tiny", seed=4, now=NOW)
    stages = set(Journey.objects.values_list("buying_stage", flat=True))
    assert stages == set(BUYING_STAGE_LABELS)
    for journey in Journey.objects.all():
        history = list(StageChange.objects.filter(journey=journey).order_by("changed_at", "id"))
        assert history[0].from_stage == ""
        assert history[-1].to_stage == journey.buying_stage
        assert all(change.changed_by_id for change in history)
    for login in summary.logins:
        user = authenticate(username=login["username"], password=login["password"])
        assert user is not None
        assert user.role == login["role"]


def test_small_bulk_part_links_up_and_keeps_the_indexes():
    size = DemoSize("tiny-bulk", 16, 52, 20, 3_000, bulk_accounts=300, bulk_interactions=6_000)
    summary = load_demo(size, seed=5, now=NOW)
    assert summary.counts == expected_counts(size, seed=5)
    assert summary.counts["accounts"] == 316
    assert summary.counts["interactions"] == 9_000
    orphan_contacts = Interaction.objects.filter(contact__isnull=False).exclude(
        contact__account_id=F("account_id")
    )
    assert not orphan_contacts.exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='index' "
                "AND tbl_name='interactions_interaction'"
            )
            assert cursor.fetchone()[0] >= 7
    assert load_demo(size, seed=5, now=NOW).already_loaded

