"""Real-process fixtures: a migrated SQLite workspace (built once per worker) and its CLI env."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
HELPFIRST = str(Path(sys.executable).with_name("helpfirst"))
ACCOUNTS = 20

SETUP = f"""
from helpfirst.cli.django_setup import ensure_django
ensure_django()
from helpfirst.cli.workspace import migrate_database
migrate_database(quiet=True)
from helpfirst.accounts.models import Account
from helpfirst.team.models import ApiToken, Role, Team, User
team = Team.objects.create(name="Ops", slug="ops")
admin = User.objects.create_user(
    "admin", password="a-Long-test-passw0rd", team=team, role=Role.ADMIN, is_staff=True
)
Account.objects.bulk_create(
    [Account(team=team, name=f"Acct {{i}}", domain=f"acct{{i}}.example") for i in range({ACCOUNTS})]
)
print(ApiToken.issue(admin, "faults")[1])
"""


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a helpfirst process on the SQLite database in ``home``."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(HELPFIRST_HOME=str(home), COLUMNS="200", HELPFIRST_API_RATE_LIMIT="0", **extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Workspace:
    def __init__(self, home: Path, token: str):
        self.home = home
        self.token = token
        self.db = home / "helpfirst.sqlite3"

    def env(self, **extra: str) -> dict[str, str]:
        return cli_env(self.home, **extra)


@pytest.fixture(scope="session")
def template_workspace(tmp_path_factory) -> Workspace:
    home = tmp_path_factory.mktemp("ops-template")
    done = subprocess.run(
        [sys.executable, "-c", SETUP],
        env=cli_env(home),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return Workspace(home, done.stdout.strip().splitlines()[-1])


@pytest.fixture
def workspace(template_workspace, tmp_path) -> Workspace:
    """A private copy of the migrated workspace (database, secret key)."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("helpfirst.sqlite3", "helpfirst.sqlite3-wal", "secret_key"):
        if (template_workspace.home / name).exists():
            shutil.copy2(template_workspace.home / name, home / name)
    return Workspace(home, template_workspace.token)
