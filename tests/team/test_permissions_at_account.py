"""``contacts_at`` / ``interactions_at`` give exactly what the general rules give at one account."""

from __future__ import annotations

from helpfirst.accounts.models import Account
from helpfirst.team import permissions
from tests.factories import ContactFactory, InteractionFactory, JourneyFactory


def _pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_account_scoped_reads_equal_the_general_rules(world):
    # A colleague's journey with touches at rep1's account, and loose touches on no journey.
    colleague = JourneyFactory(account=world.a1, owner=world.rep2, title="Colleague's need")
    InteractionFactory(account=world.a1, journey=colleague)
    InteractionFactory(account=world.a1, journey=None)
    InteractionFactory(account=world.a3, journey=None)
    ContactFactory(account=world.a3, email="cy@gamma.example")
    users = (world.rep1, world.rep2, world.manager, world.outsider)
    for user in users:
        for account in Account.objects.all():
            visible = permissions.visible_accounts(user).filter(pk=account.pk).exists()
            if not visible:
                continue
            assert _pks(permissions.contacts_at(user, account)) == _pks(
                permissions.visible_contacts(user).filter(account=account)
            ), (user.username, account.name)
            assert _pks(permissions.interactions_at(user, account)) == _pks(
                permissions.visible_interactions(user).filter(account=account)
            ), (user.username, account.name)


def test_account_scoped_reads_refuse_another_teams_account(world):
    assert not permissions.contacts_at(world.rep1, world.b1).exists()
    assert not permissions.interactions_at(world.rep1, world.b1).exists()


def test_a_rep_may_edit_the_account_they_own_without_a_query(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert permissions.can_edit_account(world.rep1, world.a1)
    assert permissions.can_edit_account(world.rep1, world.a2)  # through their journey j3
    assert not permissions.can_edit_account(world.rep2, world.a1)
    assert not permissions.can_edit_account(world.outsider, world.a1)
