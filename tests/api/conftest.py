from __future__ import annotations

import pytest
from django.test import Client


class ApiClient:
    """A Django test client that sends a bearer token and JSON."""

    def __init__(self, raw_token: str | None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_token}"} if raw_token else {}

    def get(self, path, **params):
        return self.client.get(path, params, **self.headers)

    def post(self, path, payload):
        return self.client.post(path, payload, content_type="application/json", **self.headers)

    def post_raw(self, path, body: bytes, content_type="application/json"):
        return self.client.post(path, body, content_type=content_type, **self.headers)

    def patch(self, path, payload):
        return self.client.patch(path, payload, content_type="application/json", **self.headers)

    def put(self, path, payload):
        return self.client.put(path, payload, content_type="application/json", **self.headers)

    def delete(self, path):
        return self.client.delete(path, **self.headers)


@pytest.fixture
def api_as(world):
    """Return a function giving an API client authenticated as one of the world's users."""
    from helpfirst.team.models import ApiToken

    def make(user) -> ApiClient:
        _, raw = ApiToken.issue(user, "test")
        return ApiClient(raw)

    return make
