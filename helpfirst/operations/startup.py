"""Validate the environment before helpfirst starts, with messages that say what to set.

:func:`environment_problems` is pure (it reads a mapping, never Django), so the settings module,
``helpfirst serve`` and the ``helpfirst.E001``/``W001`` system checks share it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from helpfirst.site.config import SETTINGS

FLAGS = ("HELPFIRST_DEBUG", "HELPFIRST_PRODUCTION", "HELPFIRST_BEHIND_PROXY")
DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass(frozen=True)
class EnvironmentProblem:
    """One setting that is wrong: which variable, what is wrong, what to set."""

    variable: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.variable}: {self.message}"


def _value(env: Mapping[str, str], name: str) -> str:
    for record in SETTINGS:
        if record.name == name:
            return env.get(name, record.default)
    return env.get(name, "")


def _numbers(env: Mapping[str, str]) -> list[EnvironmentProblem]:
    problems = []
    for record in SETTINGS:
        raw = env.get(record.name)
        if raw is None:
            continue
        if record.name in FLAGS:
            if raw.strip() not in ("0", "1"):
                problems.append(
                    EnvironmentProblem(record.name, f"is {raw!r}; set it to 1 (on) or 0 (off).")
                )
        elif record.default.isdigit() and not raw.strip().isdigit():
            problems.append(
                EnvironmentProblem(
                    record.name,
                    f"is {raw!r} but must be a whole number (default {record.default}).",
                )
            )
    log_format = env.get("HELPFIRST_LOG_FORMAT")
    if log_format is not None and log_format not in ("text", "json"):
        problems.append(
            EnvironmentProblem("HELPFIRST_LOG_FORMAT", f"is {log_format!r}; set text or json.")
        )
    level = env.get("HELPFIRST_LOG_LEVEL")
    if level is not None and level.upper() not in LOG_LEVELS:
        problems.append(
            EnvironmentProblem(
                "HELPFIRST_LOG_LEVEL", f"is {level!r}; set one of {', '.join(LOG_LEVELS)}."
            )
        )
    return problems


def _database(env: Mapping[str, str]) -> list[EnvironmentProblem]:
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        return []
    scheme = urlsplit(url).scheme.lower()
    if scheme not in DATABASE_SCHEMES:
        return [
            EnvironmentProblem(
                "DATABASE_URL",
                f"uses {scheme or 'no'} scheme; helpfirst runs on PostgreSQL "
                "(postgres://user:password@host:5432/name) or SQLite (sqlite:////abs/path.sqlite3"
                ", or leave DATABASE_URL empty for SQLite in HELPFIRST_HOME).",
            )
        ]
    if scheme != "sqlite" and not urlsplit(url).path.strip("/"):
        return [
            EnvironmentProblem(
                "DATABASE_URL", "names no database; end it with /DATABASE_NAME, e.g. /helpfirst."
            )
        ]
    return []


def home_problem(raw: str, cwd: Path | None = None) -> EnvironmentProblem | None:
    """Tell whether HELPFIRST_HOME can be created and written to."""
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        return EnvironmentProblem(
            "HELPFIRST_HOME", f"{path} cannot be a folder: {probe} is a file. Point it elsewhere."
        )
    try:
        with tempfile.NamedTemporaryFile(dir=probe, prefix=".helpfirst-write-test-"):
            pass
    except OSError as exc:
        return EnvironmentProblem(
            "HELPFIRST_HOME",
            f"{path} is not writable ({exc.strerror or exc}); point HELPFIRST_HOME at a folder "
            "the server's user may write to.",
        )
    return None


def _production(env: Mapping[str, str]) -> list[EnvironmentProblem]:
    if _value(env, "HELPFIRST_PRODUCTION").strip() != "1":
        return []
    problems = []
    key = env.get("HELPFIRST_SECRET_KEY", "")
    if len(key) < 50 or len(set(key)) < 5:
        problems.append(
            EnvironmentProblem(
                "HELPFIRST_SECRET_KEY",
                "production needs a real secret key of 50 or more random characters, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
            )
        )
    hosts = [h.strip() for h in env.get("HELPFIRST_ALLOWED_HOSTS", "").split(",") if h.strip()]
    if not hosts or "*" in hosts:
        problems.append(
            EnvironmentProblem(
                "HELPFIRST_ALLOWED_HOSTS",
                "production needs the host name(s) people reach the app by, e.g. "
                "HELPFIRST_ALLOWED_HOSTS=sales.example.com (not empty, not '*').",
            )
        )
    elif set(hosts) <= LOOPBACK_HOSTS:
        problems.append(
            EnvironmentProblem(
                "HELPFIRST_ALLOWED_HOSTS",
                "names only loopback addresses: fine behind a proxy on this machine that "
                "rewrites Host, otherwise add your public host name.",
                fatal=False,
            )
        )
    return problems


def environment_problems(env: Mapping[str, str] | None = None) -> list[EnvironmentProblem]:
    """Every problem with the environment's helpfirst settings (empty: all good)."""
    env = os.environ if env is None else env
    problems = _numbers(env) + _database(env)
    home = home_problem(_value(env, "HELPFIRST_HOME"))
    if home:
        problems.append(home)
    return problems + _production(env)


def describe(problems: list[EnvironmentProblem]) -> str:
    lines = [f"  - {p}" for p in problems]
    return "helpfirst cannot start; fix these settings:\n" + "\n".join(lines)


def fail_on_bad_environment() -> None:
    """Raise ImproperlyConfigured naming every fatal problem (called by the settings module)."""
    fatal = [p for p in environment_problems() if p.fatal]
    if fatal:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(describe(fatal))
