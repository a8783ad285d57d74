from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from helpfirst.team.models import ApiToken, hash_token
from tests.api.conftest import ApiClient


@pytest.mark.django_db
def test_no_token_is_401_with_clear_body(world):
    response = ApiClient(None).get("/api/accounts")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
def test_token_is_stored_hashed_and_works(world):
    token, raw = ApiToken.issue(world.rep1, "laptop")
    assert raw not in (token.key_hash, token.prefix)
    assert token.key_hash == hash_token(raw)
    assert ApiClient(raw).get("/api/accounts").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_revoked_and_expired_tokens_stop_working(world):
    token, raw = ApiToken.issue(world.rep1, "old")
    token.revoked_at = timezone.now()
    token.save()
    assert ApiClient(raw).get("/api/accounts").status_code == 401
    _expired, raw2 = ApiToken.issue(world.rep1, "exp", expires_at=timezone.now() - timedelta(1))
    assert ApiClient(raw2).get("/api/accounts").status_code == 401


@pytest.mark.django_db
def test_wrong_token_is_401(world):
    assert ApiClient("hf_not-a-real-token").get("/api/journeys").status_code == 401
