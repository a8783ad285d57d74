"""Demo tests: hash demo passwords cheaply (the demo sets five of them on every load)."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
