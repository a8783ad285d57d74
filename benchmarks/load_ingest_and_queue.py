"""Load: the interaction ingestion API and the help-queue page at once, then sent vs stored.

Starts ``helpfirst serve --production`` (gunicorn) on loopback against a prepared demo database
(``helpfirst demo --no-serve``, small), then for each step of an ingest-rate ramp drives, with
threads and for a fixed time:

* ``POST /api/interactions``: batches of unique external ids, a share of batches re-sent whole
  on purpose (dedupe must hold), paced at the step's target rate (open loop);
* ``GET /`` as a logged-in rep: the help-queue page, closed loop.

Afterwards it counts what the database holds: sent (distinct), stored, lost (acknowledged but
not stored), duplicated (stored more than once), error rate and p50/p95/p99 per endpoint, and
the highest ingest rate whose p95 stayed under 200 ms on both endpoints.

    .venv/bin/python benchmarks/load_ingest_and_queue.py --database sqlite
    .venv/bin/python benchmarks/load_ingest_and_queue.py --database postgres
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles

from loopback_server import free_port
from throwaway_postgres import Postgres

REPO = Path(__file__).resolve().parents[1]
HELPFIRST = str(Path(sys.executable).with_name("helpfirst"))
SOURCE = "bench"


@dataclass
class Endpoint:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.requests += 1
            self.latencies.append(seconds * 1000)
            if not ok:
                self.errors += 1

    def percentiles(self) -> tuple[float, float, float]:
        if len(self.latencies) < 2:
            value = self.latencies[0] if self.latencies else float("nan")
            return value, value, value
        cuts = quantiles(self.latencies, n=100, method="inclusive")
        return cuts[49], cuts[94], cuts[98]


class Client:
    """One keep-alive HTTP connection to the server, as if behind a TLS-terminating proxy."""

    def __init__(self, port: int, headers: dict[str, str]):
        self.port = port
        self.headers = {"X-Forwarded-Proto": "https", **headers}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        all_headers = {**self.headers, **(headers or {})}
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
            return response.status, response, data
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return 0, None, b""


def log_in(port: int, username: str, password: str) -> str:
    """Sign in through the login form; return the Cookie header of the session."""
    client = Client(port, {})
    status, response, page = client.request("GET", "/accounts/login/")
    cookies = dict(
        re.match(r"([^=]+)=([^;]*)", value).groups()
        for key, value in response.getheaders()
        if key.lower() == "set-cookie"
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    origin = f"https://127.0.0.1:{port}"
    form = f"username={username}&password={password}&csrfmiddlewaretoken={token}"
    status, response, _ = client.request(
        "POST",
        "/accounts/login/",
        form.encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    for key, value in response.getheaders():
        if key.lower() == "set-cookie":
            name, val = re.match(r"([^=]+)=([^;]*)", value).groups()
            cookies[name] = val
    if status != 302 or "sessionid" not in cookies:
        sys.exit(f"could not log in as {username} (status {status})")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class Load:
    def __init__(self, port, token, cookie, batch: int, resend: float, domains: list[str]):
        self.port, self.token, self.cookie, self.domains = port, token, cookie, domains
        self.batch, self.resend = batch, resend
        self.next_id = 0
        self.sent_batches: list[list[dict]] = []
        self.sent_ids: set[str] = set()
        self.acked_ids: set[str] = set()
        self.items_sent = 0
        self.lock = threading.Lock()

    def new_batch(self) -> list[dict]:
        with self.lock:
            if self.sent_batches and random.random() < self.resend:
                return random.choice(self.sent_batches)  # re-sent on purpose
            start = self.next_id
            self.next_id += self.batch
        items = [
            {
                "source": SOURCE,
                "external_id": f"b-{i}",
                "kind": "page_view",
                "page_type": "pricing",
                "occurred_at": "2026-11-20T10:00:00Z",
                "account_domain": self.domains[i % len(self.domains)],
                "subject": f"load {i}",
            }
            for i in range(start, start + self.batch)
        ]
        with self.lock:
            self.sent_batches.append(items)
        return items

    def ingest(self, rate: float, stop: float, stats: Endpoint, threads: int, index: int):
        client = Client(
            self.port, {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        )
        interval = threads / rate
        due = time.monotonic() + index * interval / threads
        while due < stop:
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            items = self.new_batch()
            ids = [it["external_id"] for it in items]
            with self.lock:
                self.sent_ids.update(ids)
                self.items_sent += len(ids)
            started = time.monotonic()
            status, _resp, body = client.request(
                "POST", "/api/interactions", json.dumps(items).encode()
            )
            ok = status == 200 and json.loads(body).get("rejected") == 0
            stats.record(time.monotonic() - started, ok)
            if ok:
                with self.lock:
                    self.acked_ids.update(ids)
            due += interval  # open loop: a slow answer does not lower the offered rate

    def queue(self, stop: float, stats: Endpoint, think: float):
        client = Client(self.port, {"Cookie": self.cookie})
        while time.monotonic() < stop:
            started = time.monotonic()
            status, _resp, body = client.request("GET", "/")
            stats.record(time.monotonic() - started, status == 200 and b"queue" in body.lower())
            time.sleep(think)


def query(database_url: str, home: Path, sql: str) -> list[tuple]:
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as conn:
            return conn.execute(sql).fetchall()
    with sqlite3.connect(home / "helpfirst.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def stored_ids(database_url: str, home: Path) -> tuple[int, set[str]]:
    """(rows stored from this benchmark, their distinct external ids)."""
    sql = f"SELECT external_id FROM interactions_interaction WHERE source = '{SOURCE}'"  # noqa: S608
    rows = query(database_url, home, sql)
    return len(rows), {row[0] for row in rows}


def sustained(steps: list[dict], endpoints: tuple[str, ...]) -> float:
    """Highest achieved ingest rate (items/s) of a step that kept up with its target, had no
    errors and kept p95 under 200 ms on the given endpoints."""
    return max(
        (
            s["achieved_items_s"]
            for s in steps
            if all(s[f"{e}_p95_ms"] < 200 and s[f"{e}_error_rate"] == 0 for e in endpoints)
            and s["achieved_items_s"] >= 0.9 * s["target_items_s"]
        ),
        default=0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--home", type=Path, help="Prepared workspace to reuse (SQLite).")
    parser.add_argument("--rates", default="4,8,16,32,64", help="Ingest batches/s per step.")
    parser.add_argument("--step-seconds", type=float, default=20)
    parser.add_argument("--batch", type=int, default=50, help="Interactions per POST.")
    parser.add_argument("--resend", type=float, default=0.1, help="Share of batches re-sent.")
    parser.add_argument("--ingest-threads", type=int, default=8)
    parser.add_argument("--queue-threads", type=int, default=2)
    parser.add_argument("--queue-think", type=float, default=0.25)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix=f"helpfirst-load-{args.database}."))
    pg = Postgres() if args.database == "postgres" else None
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HELPFIRST_HOME=str(home),
        HELPFIRST_API_RATE_LIMIT="0",
        HELPFIRST_PUBLIC_RATE_LIMIT="0",
        HELPFIRST_LOG_FORMAT="json",
        HELPFIRST_LOG_LEVEL="WARNING",
        HELPFIRST_SECRET_KEY=secrets.token_urlsafe(50),
        HELPFIRST_ALLOWED_HOSTS="127.0.0.1",
        COLUMNS="200",
    )
    database_url = ""
    server = None
    server_log = (home / "server.log").open("w")
    try:
        if pg:
            database_url = pg.start()
            env["DATABASE_URL"] = database_url
        if not (home / ".load-prepared").exists() or pg:
            print(f"preparing the small demo in {home} ({args.database}) …", flush=True)
            subprocess.run(
                [HELPFIRST, "demo", "--no-serve", "--format", "json"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                cwd=REPO,
            )
            (home / ".load-prepared").touch()
        token = json.loads(
            subprocess.run(
                [HELPFIRST, "token", "create", "maya", "--name", "load", "--format", "json"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
                cwd=REPO,
            ).stdout
        )["token"]
        port = free_port()
        server = subprocess.Popen(
            [
                HELPFIRST,
                "serve",
                "--production",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=server_log,
            start_new_session=True,
        )
        probe = Client(port, {})
        deadline = time.monotonic() + 180
        while probe.request("GET", "/readyz")[0] != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit(f"server did not become ready; see {home / 'server.log'}")
            time.sleep(0.5)
        cookie = log_in(port, "ana", "demo-rep-1")
        domains = [
            row[0] for row in query(database_url, home, "SELECT domain FROM accounts_account")
        ]
        load = Load(port, token, cookie, args.batch, args.resend, domains)
        for _ in range(3):  # warm both endpoints in every worker
            Client(port, {"Cookie": cookie}).request("GET", "/")

        steps: list[dict] = []
        rates = [float(r) for r in args.rates.split(",")]
        for number, rate in enumerate([rates[0], *rates]):  # pass 0 warms every worker thread
            ingest, queue = Endpoint(), Endpoint()
            stop = time.monotonic() + args.step_seconds
            threads = [
                threading.Thread(
                    target=load.ingest, args=(rate, stop, ingest, args.ingest_threads, i)
                )
                for i in range(args.ingest_threads)
            ]
            threads += [
                threading.Thread(target=load.queue, args=(stop, queue, args.queue_think))
                for _ in range(args.queue_threads)
            ]
            started = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
            i50, i95, i99 = ingest.percentiles()
            q50, q95, q99 = queue.percentiles()
            step = {
                "target_batches_s": rate,
                "target_items_s": rate * args.batch,
                "achieved_items_s": round(ingest.requests * args.batch / elapsed, 1),
                "ingest_requests": ingest.requests,
                "ingest_error_rate": round(ingest.errors / max(ingest.requests, 1), 4),
                "ingest_p50_ms": round(i50, 1),
                "ingest_p95_ms": round(i95, 1),
                "ingest_p99_ms": round(i99, 1),
                "queue_requests": queue.requests,
                "queue_error_rate": round(queue.errors / max(queue.requests, 1), 4),
                "queue_p50_ms": round(q50, 1),
                "queue_p95_ms": round(q95, 1),
                "queue_p99_ms": round(q99, 1),
                "load_average_1m": round(os.getloadavg()[0], 1),
            }
            if number == 0:
                continue  # the warm-up pass is not recorded (its items are counted below)
            steps.append(step)
            print(json.dumps(step), flush=True)
            if i95 > 1000 or step["ingest_error_rate"] > 0.05:
                break  # far past saturation: stop ramping

        stored, ids = stored_ids(database_url, home)
        summary = {
            "database": args.database,
            "cpu_cores": os.cpu_count(),
            "load_average_1m_at_end": round(os.getloadavg()[0], 1),
            "items_sent": load.items_sent,
            "distinct_sent": len(load.sent_ids),
            "acknowledged": len(load.acked_ids),
            "stored": stored,
            "lost": len(load.acked_ids - ids),
            "duplicated": stored - len(ids),
            "stored_not_sent": len(ids - load.sent_ids),
            "sustained_items_s_ingest_p95_under_200ms": sustained(steps, ("ingest",)),
            "sustained_items_s_both_p95_under_200ms": sustained(steps, ("ingest", "queue")),
            "steps": steps,
        }
        print(json.dumps({k: v for k, v in summary.items() if k != "steps"}, indent=2))
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2))
    finally:
        if server and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        server_log.close()
        if pg:
            pg.stop()


if __name__ == "__main__":
    main()
