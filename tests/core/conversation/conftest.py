"""Locate the hand-labelled transcripts and the shared public data for conversation tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "transcripts"


def labelled_transcripts() -> list[tuple[Path, dict]]:
    """Return (transcript path, labels) for every hand-labelled fixture."""
    out = []
    for path in sorted(FIXTURES.iterdir()):
        if path.name.endswith(".labels.json") or path.name.startswith("."):
            continue
        labels = path.with_name(path.name.rsplit(".", 1)[0] + ".labels.json")
        out.append((path, json.loads(labels.read_text(encoding="utf-8"))))
    return out


def shared_data_dir() -> Path:
    """Return the shared data folder, or skip when it is not there."""
    root = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    if not root.is_dir():
        pytest.skip(f"shared data not found at {root}; set HELPFIRST_SHARED_DATA")
    return root
