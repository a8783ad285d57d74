"""A real CalDAV server (Radicale) on 127.0.0.1, started once per test module."""

from __future__ import annotations

import base64
import http.client
import importlib.util
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import pytest

from tests.conftest import skip_or_fail

USER, PASSWORD = "ann", "radicale-test-pw"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Radicale:
    host: str
    port: int

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, body: str = "", **headers) -> int:
        auth = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request(
                method,
                path,
                body=body.encode() or None,
                headers={"Authorization": f"Basic {auth}", **headers},
            )
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def new_calendar(self) -> str:
        """Create a fresh calendar with MKCALENDAR; return its path."""
        self.request("PROPFIND", f"/{USER}/", "", Depth="0")
        path = f"/{USER}/{uuid.uuid4().hex[:10]}/"
        status = self.request("MKCALENDAR", path)
        assert status == 201, status
        return path

    def put(self, calendar: str, name: str, text: str) -> None:
        status = self.request(
            "PUT", f"{calendar}{name}", text, **{"Content-Type": "text/calendar; charset=utf-8"}
        )
        assert status in (201, 204), status

    def delete(self, calendar: str, name: str) -> None:
        assert self.request("DELETE", f"{calendar}{name}") in (200, 204)


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    if importlib.util.find_spec("radicale") is None:
        skip_or_fail("radicale is not installed (a dev dependency): run `uv sync`")
    folder = tmp_path_factory.mktemp("radicale")
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = free_port()
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n"
        "delay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[rights]\ntype = owner_only\n"
        "[logging]\nlevel = warning\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                err = process.stderr.read().decode(errors="replace")[-2000:]
                pytest.fail(f"Radicale did not start: {err}")
            time.sleep(0.05)
    yield Radicale("127.0.0.1", port)
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
