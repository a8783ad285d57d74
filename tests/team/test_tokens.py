"""API tokens: scopes (read-only tokens cannot write), expiry, the CLI, and API rate limits."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from typer.testing import CliRunner

pytestmark = pytest.mark.django_db


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_read_only_token_reads_but_cannot_write(world):
    from helpfirst.team.models import ApiToken

    token, raw = ApiToken.issue(world.manager, "reader", scopes=["read"])
    assert not token.can_write
    client = Client()
    assert client.get("/api/accounts", headers=_bearer(raw)).status_code == 200
    response = client.post(
        "/api/accounts",
        {"name": "New Co", "domain": "new.example"},
        content_type="application/json",
        headers=_bearer(raw),
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["message"]
    assert client.delete(f"/api/accounts/{world.a1.pk}", headers=_bearer(raw)).status_code == 403


def test_default_tokens_read_and_write(world):
    from helpfirst.team.models import ApiToken

    token, raw = ApiToken.issue(world.manager, "both")
    assert token.scopes == ["read", "write"]
    response = Client().post(
        "/api/accounts",
        {"name": "New Co", "domain": "new.example"},
        content_type="application/json",
        headers=_bearer(raw),
    )
    assert response.status_code == 201


def test_cli_creates_a_read_only_expiring_token(world):
    from helpfirst.cli.tokens import app
    from helpfirst.team.models import ApiToken

    result = CliRunner().invoke(
        app, ["create", "rep1", "--scope", "read", "--days", "30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scopes"] == ["read"]
    token = ApiToken.objects.get(pk=data["id"])
    assert token.scopes == ["read"]
    assert token.expires_at is not None
    listed = CliRunner().invoke(app, ["list", "--format", "json"])
    assert json.loads(listed.output)[0]["scopes"] == ["read"]
    bad = CliRunner().invoke(app, ["create", "rep1", "--scope", "admin"])
    assert bad.exit_code == 2


@override_settings(HELPFIRST_API_RATE_LIMIT=3)
def test_api_rate_limit_answers_429_with_retry_after(world):
    from helpfirst.team.models import ApiToken

    _, raw = ApiToken.issue(world.rep1, "busy")
    _, other = ApiToken.issue(world.rep2, "calm")
    client = Client()
    statuses = [client.get("/api/accounts", headers=_bearer(raw)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/accounts", headers=_bearer(raw))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["code"] == "rate_limited"
    # Counted per token: another token is not slowed down.
    assert client.get("/api/accounts", headers=_bearer(other)).status_code == 200


@override_settings(HELPFIRST_PUBLIC_RATE_LIMIT=2)
def test_public_endpoints_are_rate_limited_per_address(world):
    client = Client(REMOTE_ADDR="192.0.2.10")
    statuses = [client.get("/b/not-a-token/").status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert Client(REMOTE_ADDR="192.0.2.11").get("/b/not-a-token/").status_code != 429


def test_rate_counter_is_shared_and_counts(world):
    from helpfirst.team.throttle import hit

    assert [hit("k", 100) for _ in range(3)] == [1, 2, 3]
    assert hit("k", 101) == 1  # a new minute starts again (and drops the old one)
    from helpfirst.team.models import RateCounter

    assert list(RateCounter.objects.filter(key="k").values_list("minute", flat=True)) == [101]
