"""Start helpfirst under gunicorn on a free loopback port, and read what it spent (benchmarks).

Shared by the benchmarks that measure the app over HTTP (``page_latency.py``,
``tracking_endpoint.py``, ``load_ingest_and_queue.py``): they run as scripts, so they import
this module from their own folder.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    port: int,
    workers: int,
    threads: int,
    env: dict[str, str],
    *extra: str,
    production_config: bool = True,
    wait_s: float = 90,
) -> subprocess.Popen:
    """Start the app under gunicorn; return once /healthz answers.

    ``production_config``: with ``serve --production``'s gunicorn settings
    (``helpfirst.operations.gunicorn_conf``), else gunicorn's defaults.
    """
    config = ["--config", "python:helpfirst.operations.gunicorn_conf"] if production_config else []
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "helpfirst.site.wsgi:application",
        *config,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
        *extra,
    ]
    server = subprocess.Popen(command, cwd=REPO, env=env)
    deadline = time.time() + wait_s
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"The server did not answer /healthz within {wait_s:.0f} s.")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn gracefully (SIGTERM), killing it after 20 s."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """Return the CPU seconds (user + system) used so far by gunicorn and its workers (Linux).

    Live workers are read one by one; workers gunicorn recycled (``max_requests``) are counted
    in the master's "children" times once it has reaped them.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in [server.pid, *_children(server.pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if pid == server.pid:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped workers
    return total / ticks


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []
