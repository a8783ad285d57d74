"""`manage.py check --deploy` passes with the production settings (HELPFIRST_PRODUCTION=1)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HELPFIRST_", "DJANGO_"))}
    env.update(
        HELPFIRST_HOME=str(tmp_path),
        HELPFIRST_PRODUCTION="1",
        HELPFIRST_SECRET_KEY=secrets.token_urlsafe(50),
        HELPFIRST_ALLOWED_HOSTS="sales.example.com",
        DJANGO_SETTINGS_MODULE="helpfirst.site.settings",
    )
    env.update(extra)
    return env


def _django(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = _django(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_hardened(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER, "
        "'testserver' in s.ALLOWED_HOSTS)"
    )
    result = _django(_production_env(tmp_path, HELPFIRST_DEBUG="1"), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "False",
    ]


def test_production_refuses_a_missing_secret_key(tmp_path):
    env = _production_env(tmp_path)
    env.pop("HELPFIRST_SECRET_KEY")
    result = _django(env, "check")
    assert result.returncode != 0
    assert "HELPFIRST_SECRET_KEY" in result.stderr
