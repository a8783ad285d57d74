"""Fixtures for import/export tests: a team with an admin and a rep, and file helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def make_team(slug: str = "acme-sellers"):
    """Create a team with an admin ("boss") and a rep ("rita")."""
    from helpfirst.team.models import Role
    from tests.factories import TeamFactory, UserFactory

    team = TeamFactory(name="Acme sellers", slug=slug)
    admin = UserFactory(username="boss", team=team, role=Role.ADMIN, email="boss@seller.example")
    rep = UserFactory(username="rita", team=team, role=Role.REP, email="rita@seller.example")
    return team, admin, rep


@pytest.fixture
def seller_team(db):
    """Return (team, admin, rep)."""
    return make_team()


@pytest.fixture
def crm_exports() -> Path:
    """Return the folder of real CRM export files, or skip when the shared data is absent."""
    base = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    folder = base / "real-formats" / "crm-exports"
    if not folder.is_dir():
        pytest.skip(f"shared data not found at {folder} (set HELPFIRST_SHARED_DATA)")
    return folder


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``tmp_path/name`` in ``encoding`` and return the path."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path
