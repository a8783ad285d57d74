"""A journey with a started plan, on top of the shared two-team ``world``."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client


@pytest.fixture
def plan(world):
    from helpfirst.plans.services import start_plan

    return start_plan(world.j1, deal_type="new_purchase", by=world.rep1, today=date(2026, 5, 1))


@pytest.fixture
def client_as(world):
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def token_for(world):
    from helpfirst.team.models import ApiToken

    def make(user) -> dict:
        _, raw = ApiToken.issue(user, "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
