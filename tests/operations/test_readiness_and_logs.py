"""/healthz and /readyz answer anonymously; every request is logged once, as JSON when asked."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import connection

from helpfirst.operations import readiness
from helpfirst.operations.logs import JsonFormatter


def test_readyz_is_public_and_reports_every_check(client, db):
    readiness._migrations_ok_until = 0.0
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "migrations", "home_writable", "static_files"}
    assert all(check["ok"] for check in body["checks"].values())
    assert client.get("/healthz").status_code == 200


def test_readyz_answers_503_with_the_reason_when_a_migration_is_missing(client, db):
    readiness._migrations_ok_until = 0.0
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'interactions' AND name = '0001_initial'"
        )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert not body["checks"]["migrations"]["ok"]
    assert "interactions.0001_initial" in body["checks"]["migrations"]["detail"]
    assert body["checks"]["database"]["ok"]


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(JsonFormatter())

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def request_log():
    handler = Collect()
    logger = logging.getLogger("helpfirst.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_each_request_is_one_json_line_with_its_id_status_duration_and_user(
    world, client, request_log
):
    client.force_login(world.rep1)
    response = client.get("/readyz", headers={"X-Request-ID": "abc-123"})
    assert response["X-Request-ID"] == "abc-123"
    anonymous = client.__class__().get("/api/accounts")
    assert len(anonymous["X-Request-ID"]) == 32  # generated when none (or a bad one) is sent

    entries = [json.loads(line) for line in request_log]
    first = entries[0]
    assert first["request_id"] == "abc-123"
    assert first["method"] == "GET"
    assert first["path"] == "/readyz"
    assert first["status"] == 200
    assert first["user_id"] == world.rep1.pk
    assert first["level"] == "INFO"
    assert first["logger"] == "helpfirst.request"
    assert isinstance(first["duration_ms"], float)
    assert {"time", "message"} <= set(first)
    assert entries[1]["status"] == 401
    assert "user_id" not in entries[1]
