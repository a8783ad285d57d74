"""Property-based fuzzing of every API operation from the OpenAPI schema: never a 500."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from helpfirst.site.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_test_connection_open():
    """Call the WSGI app like Django's test client does: without closing the DB connection.

    Django closes "obsolete" connections when a request finishes; inside a test's transaction
    on PostgreSQL that would close the connection the test itself is using.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(world):
    from helpfirst.team.models import ApiToken

    _, raw = ApiToken.issue(world.manager, "fuzz")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_api_never_answers_500(case, bearer):
    response = case.call(headers=bearer)
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
