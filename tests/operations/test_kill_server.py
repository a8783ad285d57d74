"""SIGKILL the server while a client streams interaction batches; restart, resend everything.

Every stored interaction was sent, none twice: the API is idempotent on (source, external_id)
and each batch commits in one transaction, so a kill loses at most the uncommitted batch, which
the resend stores.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.operations.conftest import ACCOUNTS, REPO_ROOT, free_port

BATCHES = 25
PER_BATCH = 250


def batch(number: int) -> list[dict]:
    # Items overlap with the previous batch on purpose: re-sent items must not be duplicated.
    start = number * PER_BATCH - (20 if number else 0)
    return [
        {
            "source": "web",
            "external_id": f"pv-{i}",
            "kind": "page_view",
            "page_type": "pricing",
            "occurred_at": "2026-11-20T10:00:00Z",
            "account_domain": f"acct{i % ACCOUNTS}.example",
        }
        for i in range(start, (number + 1) * PER_BATCH)
    ]


def post(port: int, token: str, items: list[dict]) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/interactions",
        data=json.dumps(items).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def start_server(workspace, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:helpfirst.operations.gunicorn_conf",
            "helpfirst.site.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        env=workspace.env(),
        cwd=REPO_ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            assert process.poll() is None, "the server did not start"
            time.sleep(0.2)
    raise AssertionError("the server did not answer /healthz within 60 s")


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the master and every worker at once
    except ProcessLookupError:
        return
    process.wait(timeout=10)


@pytest.mark.slow
def test_server_killed_midstream_then_resent_stores_each_item_once(workspace):
    port = free_port()
    server = start_server(workspace, port)
    acked: list[int] = []
    failed: list[str] = []

    def client() -> None:
        for number in range(BATCHES):
            try:
                post(port, workspace.token, batch(number))
                acked.append(number)
            except (OSError, urllib.error.URLError) as exc:
                failed.append(f"batch {number}: {exc}")
                return

    sender = threading.Thread(target=client)
    try:
        sender.start()
        while len(acked) < 5 and sender.is_alive():
            time.sleep(0.01)
        kill_group(server)  # mid-stream: the client is sending the next batch
        sender.join(timeout=30)
        assert failed, "the client should have seen the server die"
        assert 5 <= len(acked) < BATCHES

        with sqlite3.connect(workspace.db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        server = start_server(workspace, port)
        for number in range(BATCHES):  # resend everything, acknowledged or not
            result = post(port, workspace.token, batch(number))
            assert result["rejected"] == 0
    finally:
        kill_group(server)

    sent = {item["external_id"] for number in range(BATCHES) for item in batch(number)}
    with sqlite3.connect(workspace.db) as conn:
        stored, distinct = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM interactions_interaction "
            "WHERE source = 'web'"
        ).fetchone()
        ids = {
            row[0]
            for row in conn.execute(
                "SELECT external_id FROM interactions_interaction WHERE source = 'web'"
            )
        }
    assert stored == distinct == len(sent)
    assert ids == sent
