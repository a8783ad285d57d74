"""SIGKILL an import mid-way: nothing is half-applied, and re-running completes it exactly.

An import applies its good rows in one transaction (helpfirst.imports): killed before the
commit, the database holds none of the file's rows; re-run, it holds every one once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.operations.conftest import ACCOUNTS, HELPFIRST, REPO_ROOT

ROWS = 50_000


def write_interactions(path: Path, rows: int) -> None:
    with path.open("w") as out:
        out.write("source,external_id,kind,occurred_at,account_domain,subject\n")
        for i in range(rows):
            out.write(
                f"crm,ext-{i},email_sent,2026-11-{1 + i % 20:02d}T10:{i % 60:02d}:00Z,"
                f"acct{i % ACCOUNTS}.example,Follow-up {i}\n"
            )


def read_position(pid: int, path: Path) -> int | None:
    """How far the process has read into ``path`` (from /proc), or None if it is not open."""
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        for fd in fd_dir.iterdir():
            try:
                if Path(os.readlink(fd)) == path:
                    info = Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text()
                    return int(info.split("pos:")[1].split()[0])
            except (OSError, IndexError, ValueError):
                continue
    except OSError:
        return None
    return None


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.mark.slow
def test_import_killed_midway_leaves_nothing_and_rerun_completes(workspace, tmp_path):
    if not Path("/proc/self/fdinfo").is_dir():
        pytest.skip("needs Linux /proc to see how far the import has read")
    csv = tmp_path / "big.csv"
    write_interactions(csv, ROWS)
    size = csv.stat().st_size
    command = [HELPFIRST, "import", "interactions", str(csv), "--format", "json"]
    before = count(workspace.db, "SELECT COUNT(*) FROM interactions_interaction")

    process = subprocess.Popen(
        command,
        env=workspace.env(),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    position = None
    while time.monotonic() < deadline and process.poll() is None:
        position = read_position(process.pid, csv)
        if position is not None and position >= size * 0.4:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    assert position is not None
    assert size * 0.4 <= position < size
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    # Nothing half-applied: no row of the file, and an intact database.
    assert count(workspace.db, "SELECT COUNT(*) FROM interactions_interaction") == before
    with sqlite3.connect(workspace.db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    rerun = subprocess.run(
        command,
        env=workspace.env(),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert count(workspace.db, "SELECT COUNT(*) FROM interactions_interaction") == before + ROWS
    distinct = count(
        workspace.db,
        "SELECT COUNT(*) FROM (SELECT DISTINCT source, external_id FROM interactions_interaction)",
    )
    assert distinct == before + ROWS
