"""Object-level permissions: who sees which accounts, journeys, contacts and interactions."""

from __future__ import annotations

import pytest

from helpfirst.team import permissions


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_rep_sees_own_journeys_only(world):
    assert ids(permissions.visible_journeys(world.rep1)) == {world.j1.pk, world.j3.pk}
    assert ids(permissions.visible_journeys(world.rep2)) == {world.j2.pk}


@pytest.mark.django_db
def test_rep_sees_accounts_they_own_or_touch(world):
    assert ids(permissions.visible_accounts(world.rep1)) == {world.a1.pk, world.a2.pk}
    assert ids(permissions.visible_accounts(world.rep2)) == {world.a2.pk}


@pytest.mark.django_db
def test_manager_sees_whole_team_and_nothing_else(world):
    assert ids(permissions.visible_accounts(world.manager)) == {
        world.a1.pk,
        world.a2.pk,
        world.a3.pk,
    }
    assert world.jb.pk not in ids(permissions.visible_journeys(world.manager))
    assert world.ib.pk not in ids(permissions.visible_interactions(world.manager))


@pytest.mark.django_db
def test_rep_never_sees_a_colleagues_journey_touches(world):
    seen = ids(permissions.visible_interactions(world.rep1))
    assert world.i1.pk in seen
    assert world.i3.pk in seen
    assert world.i2.pk not in seen  # on rep2's journey at a shared account


@pytest.mark.django_db
def test_outsider_sees_only_their_team(world):
    assert ids(permissions.visible_accounts(world.outsider)) == {world.b1.pk}
    assert not permissions.can_edit_journey(world.outsider, world.j1)
    assert not permissions.can_edit_account(world.outsider, world.a1)


@pytest.mark.django_db
def test_edit_rights(world):
    assert permissions.can_edit_journey(world.rep1, world.j1)
    assert not permissions.can_edit_journey(world.rep2, world.j1)
    assert permissions.can_edit_journey(world.manager, world.j1)
    assert permissions.can_edit_playbook(world.manager)
    assert not permissions.can_edit_playbook(world.rep1)


@pytest.mark.django_db
def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not permissions.visible_accounts(anonymous).exists()
    assert not permissions.visible_journeys(anonymous).exists()
