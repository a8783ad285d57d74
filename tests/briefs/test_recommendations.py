"""Next actions and content: never resend, role mismatch lower, engagement learned."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpfirst.briefs.recommend import content_for_committee, next_actions, read_journey
from tests.factories import ContentItemFactory, InteractionFactory

pytestmark = pytest.mark.django_db


def _ranked_for(reading, name):
    return next(p for p in content_for_committee(reading, limit=10) if p.name == name).ranked


def test_an_item_already_sent_is_never_recommended_again(deal):
    reading = read_journey(deal["journey"], deal["now"])
    assert "sent-guide" in reading.snapshot.already_sent  # matched by its URL
    for person in content_for_committee(reading, limit=10):
        assert "sent-guide" not in [r.content_id for r in person.ranked]
    assert all(a.content_id != "sent-guide" for a in next_actions(reading))


def test_an_item_named_in_properties_counts_as_sent(deal, world):
    InteractionFactory(
        account=world.a1,
        journey=deal["journey"],
        kind="email_sent",
        properties={"content_slug": "cfo-case"},
    )
    reading = read_journey(deal["journey"], deal["now"])
    assert "cfo-case" not in [r.content_id for r in _ranked_for(reading, "Carla Ng")]


def test_a_role_mismatch_ranks_lower(deal):
    reading = read_journey(deal["journey"], deal["now"])
    ranked = _ranked_for(reading, "Carla Ng")
    ids = [r.content_id for r in ranked]
    assert ids.index("cfo-case") < ids.index("user-video")
    assert next(r for r in ranked if r.content_id == "user-video").role_fit == "mismatch"


def test_engagement_with_other_buyers_lifts_an_item(deal, world):
    ContentItemFactory(team=world.team_a, slug="helped", title="Helped")
    ContentItemFactory(team=world.team_a, slug="untried", title="Untried")
    for i in range(6):  # sent to other buyers; they replied
        for kind in ("email_sent", "email_replied"):
            InteractionFactory(
                account=world.a2,
                journey=world.j2,
                kind=kind,
                properties={"content_slug": "helped"},
                occurred_at=deal["now"] - timedelta(days=30 + i),
            )
    reading = read_journey(deal["journey"], deal["now"])
    ids = [r.content_id for r in _ranked_for(reading, "Ann Alder")]
    assert ids.index("helped") < ids.index("untried")
    stats = reading.snapshot.engagement_stats["helped"]
    assert stats.sent == 6
    assert stats.replied == 6


def test_up_to_three_next_actions_each_with_a_reason(deal):
    actions = next_actions(read_journey(deal["journey"], deal["now"]))
    assert 1 <= len(actions) <= 3
    assert all(a.reason for a in actions)
    # the sceptic nobody has listened to comes first
    assert actions[0].code == "listen_to_blocker"
    assert "Bo Stone" in actions[0].action
