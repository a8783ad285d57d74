"""Shared test setup: strict mode, and a small two-team world for permission tests."""

from __future__ import annotations

import os

import pytest

STRICT = os.environ.get("HELPFIRST_STRICT_TESTS") == "1"
# Rich wraps console output at the terminal width; keep messages on one line for assertions.
os.environ.setdefault("COLUMNS", "200")


def skip_or_fail(reason: str) -> None:
    """Skip locally when a system package is missing; fail in strict (CI) mode."""
    if STRICT:
        pytest.fail(f"strict mode: {reason}")
    pytest.skip(reason)


@pytest.fixture
def world(db):
    """Two teams: team A with a manager and two reps, and team B with one rep.

    rep1 owns account a1 with journey j1; rep2 owns account a2 with journey j2; rep1 also has a
    journey j3 at a2 (a shared account). Team B has its own account and journey.
    """
    from helpfirst.team.models import Role
    from tests.factories import (
        AccountFactory,
        ContactFactory,
        InteractionFactory,
        JourneyFactory,
        TeamFactory,
        UserFactory,
    )

    team_a = TeamFactory(name="Team A", slug="team-a")
    team_b = TeamFactory(name="Team B", slug="team-b")
    manager = UserFactory(username="manager", team=team_a, role=Role.MANAGER)
    rep1 = UserFactory(username="rep1", team=team_a)
    rep2 = UserFactory(username="rep2", team=team_a)
    outsider = UserFactory(username="outsider", team=team_b)
    a1 = AccountFactory(team=team_a, owner=rep1, name="Alpha GmbH", domain="alpha.example")
    a2 = AccountFactory(team=team_a, owner=rep2, name="Beta SA", domain="beta.example")
    a3 = AccountFactory(team=team_a, owner=None, name="Gamma Inc", domain="gamma.example")
    b1 = AccountFactory(team=team_b, owner=outsider, name="Other Co", domain="other.example")
    j1 = JourneyFactory(account=a1, owner=rep1, title="Alpha forecasting")
    j2 = JourneyFactory(account=a2, owner=rep2, title="Beta onboarding")
    j3 = JourneyFactory(account=a2, owner=rep1, title="Beta reporting")
    jb = JourneyFactory(account=b1, owner=outsider, title="Other journey")
    c1 = ContactFactory(account=a1, email="ann@alpha.example")
    c2 = ContactFactory(account=a2, email="bob@beta.example")
    i1 = InteractionFactory(account=a1, journey=j1, contact=c1)
    i2 = InteractionFactory(account=a2, journey=j2, contact=c2)
    i3 = InteractionFactory(account=a2, journey=j3)
    ib = InteractionFactory(account=b1, journey=jb)

    class World:
        pass

    w = World()
    w.__dict__.update(locals())
    return w


def pytest_configure(config):
    """Use a fast password hasher in every test (real hashing costs ~0.3 s per user)."""
    if config.pluginmanager.hasplugin("django"):
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
