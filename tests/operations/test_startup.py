"""Wrong settings stop helpfirst at start with a message naming the variable and what to set."""

from __future__ import annotations

import subprocess
import sys

from django.core import checks

from helpfirst.operations.startup import environment_problems
from tests.operations.conftest import HELPFIRST, REPO_ROOT, cli_env

GOOD_KEY = "k3y-" + "abcdefghij" * 6


def problems(tmp_path, **env):
    return {p.variable: p for p in environment_problems({"HELPFIRST_HOME": str(tmp_path), **env})}


def test_a_good_environment_has_no_problem(tmp_path):
    assert problems(tmp_path) == {}
    production = problems(
        tmp_path,
        HELPFIRST_PRODUCTION="1",
        HELPFIRST_SECRET_KEY=GOOD_KEY,
        HELPFIRST_ALLOWED_HOSTS="sales.example.com",
        DATABASE_URL="postgres://hf:pw@db.internal:5432/helpfirst",
    )
    assert production == {}


def test_each_wrong_setting_is_named_with_what_to_set(tmp_path):
    (tmp_path / "a-file").write_text("")
    found = problems(
        tmp_path,
        HELPFIRST_HOME=str(tmp_path / "a-file" / "home"),
        DATABASE_URL="mysql://root@127.0.0.1/helpfirst",
        HELPFIRST_API_RATE_LIMIT="lots",
        HELPFIRST_DEBUG="yes",
        HELPFIRST_LOG_FORMAT="xml",
    )
    assert "is a file" in found["HELPFIRST_HOME"].message
    assert "uses mysql scheme" in found["DATABASE_URL"].message
    assert "postgres://" in found["DATABASE_URL"].message
    assert "must be a whole number" in found["HELPFIRST_API_RATE_LIMIT"].message
    assert "set it to 1 (on) or 0 (off)" in found["HELPFIRST_DEBUG"].message
    assert "text or json" in found["HELPFIRST_LOG_FORMAT"].message
    assert all(p.fatal for p in found.values())


def test_production_needs_a_real_secret_key_and_host_names(tmp_path):
    found = problems(tmp_path, HELPFIRST_PRODUCTION="1", HELPFIRST_SECRET_KEY="short")
    assert "50 or more random characters" in found["HELPFIRST_SECRET_KEY"].message
    assert "HELPFIRST_ALLOWED_HOSTS=sales.example.com" in found["HELPFIRST_ALLOWED_HOSTS"].message
    loopback = problems(
        tmp_path,
        HELPFIRST_PRODUCTION="1",
        HELPFIRST_SECRET_KEY=GOOD_KEY,
        HELPFIRST_ALLOWED_HOSTS="127.0.0.1",
    )
    assert not loopback["HELPFIRST_ALLOWED_HOSTS"].fatal  # a warning: fine behind a local proxy


def test_the_system_check_reports_wrong_settings(monkeypatch):
    monkeypatch.setenv("HELPFIRST_LOGIN_LOCKOUT_MINUTES", "soon")
    errors = [e for e in checks.run_checks() if e.id == "helpfirst.E001"]
    assert len(errors) == 1
    assert "HELPFIRST_LOGIN_LOCKOUT_MINUTES" in errors[0].msg


def test_serve_and_every_command_refuse_to_start_with_wrong_settings(tmp_path):
    env = cli_env(tmp_path, HELPFIRST_SESSION_IDLE_MINUTES="two hours")
    serve = subprocess.run(
        [HELPFIRST, "serve", "--production", "--port", "1"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert serve.returncode == 2
    assert "HELPFIRST_SESSION_IDLE_MINUTES" in serve.stderr
    assert "HELPFIRST_SECRET_KEY" in serve.stderr  # production mode, no real key
    check = subprocess.run(
        [sys.executable, "-m", "django", "check", "--settings", "helpfirst.site.settings"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode != 0
    assert "HELPFIRST_SESSION_IDLE_MINUTES: is 'two hours' but must be a whole number" in (
        check.stderr
    )
