from __future__ import annotations

import pytest


@pytest.fixture
def admin(world):
    from helpfirst.team.models import Role
    from tests.factories import UserFactory

    return UserFactory(username="admin", team=world.team_a, role=Role.ADMIN)


@pytest.fixture
def admin_b(world):
    from helpfirst.team.models import Role
    from tests.factories import UserFactory

    return UserFactory(username="admin-b", team=world.team_b, role=Role.ADMIN)
