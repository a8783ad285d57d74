"""A production server creates the page-fragment store its workers share, and deletes it on stop."""

from __future__ import annotations

import signal

import pytest

from tests.operations.conftest import free_port
from tests.operations.test_kill_server import kill_group, start_server


@pytest.mark.slow
def test_store_lives_exactly_as_long_as_the_server(workspace):
    run = workspace.home / "run"
    run.mkdir(parents=True, exist_ok=True)
    stale = run / "page-fragments-999999999.sqlite3"  # left by a server that was killed
    stale.write_bytes(b"")
    server = start_server(workspace, free_port())
    try:
        stores = sorted(run.glob("page-fragments-*.sqlite3"))
        assert [path.name for path in stores] == [f"page-fragments-{server.pid}.sqlite3"]
        server.send_signal(signal.SIGTERM)  # a graceful stop
        server.wait(timeout=60)
    finally:
        kill_group(server)
    assert list(run.glob("page-fragments-*")) == []
    assert not stale.exists()
