"""``helpfirst backup`` while another process keeps writing, then ``helpfirst restore --yes``."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import tarfile
import threading

from tests.operations.conftest import HELPFIRST, REPO_ROOT


def test_backup_is_consistent_while_writes_go_on_and_restore_brings_it_back(workspace, tmp_path):
    with sqlite3.connect(workspace.db) as conn:
        conn.execute("CREATE TABLE pairs (id INTEGER PRIMARY KEY, half INTEGER)")
    stop = threading.Event()

    def writer() -> None:  # every transaction adds two rows: a consistent copy holds pairs
        conn = sqlite3.connect(workspace.db, timeout=10, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO pairs (half) VALUES (1)")
            conn.execute("INSERT INTO pairs (half) VALUES (2)")
            conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    archive = tmp_path / "live.tar.gz"
    try:
        made = subprocess.run(
            [HELPFIRST, "backup", str(archive), "--format", "json"],
            env=workspace.env(),
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        stop.set()
        thread.join()
    assert made.returncode == 0, made.stderr
    report = json.loads(made.stdout)
    assert report["ok"]
    assert report["vendor"] == "sqlite"
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        tar.extract("database.sqlite3", tmp_path, filter="data")
    with sqlite3.connect(tmp_path / "database.sqlite3") as copy:
        pairs = copy.execute("SELECT COUNT(*) FROM pairs").fetchone()[0]
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert pairs % 2 == 0  # never half a transaction
    assert manifest["row_counts"]["pairs"] == pairs

    restored = subprocess.run(
        [HELPFIRST, "restore", str(archive), "--yes", "--format", "json"],
        env=workspace.env(),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(workspace.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM pairs").fetchone()[0] == pairs
