"""Measure the accounts list and the account page under concurrent clients on loopback.

Usage (after ``helpfirst demo --no-serve --size large`` into the same HELPFIRST_HOME):

    HELPFIRST_HOME=/tmp/demo-large .venv/bin/python benchmarks/page_latency.py \
        --clients 20 --seconds 30 --format json

Starts gunicorn (DEBUG off, with ``serve --production``'s gunicorn settings) on a free
127.0.0.1 port, logs in as a rep and as the manager, and has ``--clients`` threads request the
accounts list (random pages and searches) and random account pages for ``--seconds``. Prints
median and p95 latency per page and role; the target is p95 under 150 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import requests
from loopback_server import free_port, server_cpu_seconds, start_gunicorn, stop

REPO = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 150.0
PAGES = ("account-list", "account-detail")
SEARCHES = ("north", "freight", "health", "retail", "lab")
CACHE_HEADER = "X-Page-Cache"


def _login(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
        allow_redirects=False,  # the home page is not what we measure
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"Could not log in as {username} (HTTP {response.status_code}).")
    return session


def _account_ids(db: Path, username: str | None, limit: int = 2000) -> list[int]:
    """Return account ids the user may open (owned by the rep; any for the manager)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        if username is None:
            rows = conn.execute(
                "SELECT id FROM accounts_account ORDER BY random() LIMIT ?", [limit]
            ).fetchall()
        else:
            rows = conn.execute(
                "SELECT a.id FROM accounts_account a JOIN team_user u ON a.owner_id = u.id "
                "WHERE u.username = ? ORDER BY random() LIMIT ?",
                [username, limit],
            ).fetchall()
    return [r[0] for r in rows]


def _client(base, cookies, account_ids, deadline, results, lock, seed, keep_alive=True):
    """One simulated user: request a page, wait for the whole answer, request the next.

    Plain ``http.client`` on one keep-alive connection (or a new one per request): the load
    generator shares the machine's cores with the server, and ``requests`` costs several times
    more CPU per request.
    """
    rng = random.Random(seed)
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    if not keep_alive:  # a new connection per request (a proxy without upstream keep-alive)
        headers["Connection"] = "close"
    local: dict[str, list[float]] = {"account-list": [], "account-detail": [], "errors": []}
    while time.time() < deadline:
        if rng.random() < 0.5:
            name = "account-list"
            query = (
                {"page": rng.randint(1, 20)} if rng.random() < 0.7 else {"q": rng.choice(SEARCHES)}
            )
            path = f"/accounts/?{urlencode(query)}"
        else:
            name = "account-detail"
            path = f"/accounts/{rng.choice(account_ids)}/"
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            connection.close()  # the server closed an idle keep-alive connection: reconnect
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            local["errors"].append(response.status)
        local[name].append(elapsed)
        # The account pages say whether their fragment came from the cache (accounts.page_cache).
        cache_state = response.getheader(CACHE_HEADER) or "none"
        local.setdefault(f"{name}:{cache_state}", []).append(elapsed)
    connection.close()
    with lock:
        for key, values in local.items():
            results.setdefault(key, []).extend(values)


def _run_role(base, session, ids, clients, seconds, keep_alive=True) -> dict:
    results: dict[str, list] = {}
    lock = threading.Lock()
    deadline = time.time() + seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(base, session.cookies.get_dict(), ids, deadline, results, lock, n, keep_alive),
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out = {}
    for name in PAGES:
        for label in (name, f"{name}:hit", f"{name}:miss"):
            values = sorted(results.get(label, []))
            if not values:
                continue
            out[label] = {
                "requests": len(values),
                "median_ms": round(statistics.median(values), 1),
                "p95_ms": round(values[int(0.95 * (len(values) - 1))], 1),
                "per_second": round(len(values) / seconds, 1),
            }
    out["errors"] = len(results.get("errors", []))
    return out


def _in_process(home: Path, db: Path, users: dict[str, str | None], requests_per_page: int) -> dict:
    """Return the median CPU milliseconds one request costs, served in this process.

    Django's test client, no HTTP and no concurrency: the figure other jobs on a shared machine
    disturb least (thread CPU time, not wall time). A fresh database connection per request, as
    in the server.
    """
    os.environ["HELPFIRST_HOME"] = str(home)
    os.environ["HELPFIRST_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpfirst.site.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client

    from helpfirst.team.models import User

    rng = random.Random(7)
    out: dict = {}
    for role, username in users.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        ids = _account_ids(db, None if role == "manager" else username, limit=500)
        pages = {
            "account-list": lambda: ("/accounts/", {"page": rng.randint(1, 20)}),
            "account-search": lambda: ("/accounts/", {"q": rng.choice(SEARCHES)}),
            "account-detail": lambda ids=ids: (f"/accounts/{rng.choice(ids)}/", {}),
        }
        out[role] = {}
        for page, make in pages.items():
            for _ in range(3):
                client.get(*make())
            by_state: dict[str, list[float]] = {}
            for _ in range(requests_per_page):
                url, params = make()
                started = time.thread_time()
                response = client.get(url, params)
                cost = (time.thread_time() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
                by_state.setdefault(response.headers.get(CACHE_HEADER, "none"), []).append(cost)
            for state, costs in sorted(by_state.items()):
                costs.sort()
                out[role][f"{page}:{state}"] = {
                    "requests": len(costs),
                    "median_cpu_ms": round(statistics.median(costs), 1),
                    "p90_cpu_ms": round(costs[int(0.9 * (len(costs) - 1))], 1),
                }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        default=str(REPO.parent / "shared" / "data"),
        help="unused: this benchmark reads the demo database",
    )
    parser.add_argument("--home", default=os.environ.get("HELPFIRST_HOME", str(REPO / "var")))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--rep", default="ana")
    parser.add_argument("--rep-password", default="demo-rep-1")
    parser.add_argument("--manager", default="maya")
    parser.add_argument("--manager-password", default="demo-manager")
    parser.add_argument(
        "--connection",
        choices=("keep-alive", "close"),
        default="keep-alive",
        help="keep-alive: each client keeps one connection (pinned to one gunicorn worker); "
        "close: a new connection per request, as behind a proxy without upstream keep-alive",
    )
    parser.add_argument("--format", choices=("json", "text"), default="text")
    parser.add_argument(
        "--in-process",
        type=int,
        default=0,
        metavar="N",
        help="instead: serve N requests per page in this process, one at a time, "
        "and print the CPU each costs",
    )
    args = parser.parse_args()

    home = Path(args.home).resolve()
    db = home / "helpfirst.sqlite3"
    if args.in_process:
        costs = _in_process(home, db, {"rep": args.rep, "manager": args.manager}, args.in_process)
        if args.format == "json":
            print(json.dumps(costs, indent=2))
            return
        for role, pages in costs.items():
            for page, row in pages.items():
                print(
                    f"{role:8} {page:20} CPU per request: median {row['median_cpu_ms']:6.1f} ms"
                    f"  p90 {row['p90_cpu_ms']:6.1f} ms  ({row['requests']} requests)"
                )
        return
    env = {**os.environ, "HELPFIRST_HOME": str(home), "HELPFIRST_DEBUG": "0"}
    port = free_port()
    load_before = os.getloadavg()[0]
    server = start_gunicorn(port, args.workers, args.threads, env)
    base = f"http://127.0.0.1:{port}"
    report: dict = {
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "threads": args.threads,
        "connection": args.connection,
        "cpus": os.cpu_count(),
        "target_p95_ms": TARGET_P95_MS,
    }
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        report["accounts"] = conn.execute("SELECT count(*) FROM accounts_account").fetchone()[0]
        report["interactions"] = conn.execute(
            "SELECT max(id) FROM interactions_interaction"
        ).fetchone()[0]
    try:
        for role, user, password, owner in (
            ("rep", args.rep, args.rep_password, args.rep),
            ("manager", args.manager, args.manager_password, None),
        ):
            session = _login(base, user, password)
            ids = _account_ids(db, owner)
            server_cpu = server_cpu_seconds(server)
            client_cpu = time.process_time()
            keep_alive = args.connection == "keep-alive"
            report[role] = _run_role(base, session, ids, args.clients, args.seconds, keep_alive)
            served = sum(report[role][page]["requests"] for page in PAGES if page in report[role])
            report[role]["server_cpu_ms_per_request"] = round(
                (server_cpu_seconds(server) - server_cpu) * 1000 / max(served, 1), 1
            )
            report[role]["client_cpu_ms_per_request"] = round(
                (time.process_time() - client_cpu) * 1000 / max(served, 1), 1
            )
    finally:
        stop(server)
    # 1-minute load average before the server started and after the run (the machine is shared).
    report["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    if args.format == "json":
        print(json.dumps(report, indent=2))
        return
    print(
        f"{report['accounts']:,} accounts, ~{report['interactions']:,} interactions; "
        f"{args.clients} clients ({args.connection}) for {args.seconds:.0f} s per role; "
        f"gunicorn {args.workers}x{args.threads}; "
        f"load average {report['load_average'][0]} -> {report['load_average'][1]} "
        f"on {report['cpus']} CPUs"
    )
    for role in ("rep", "manager"):
        for page in [f"{p}{state}" for p in PAGES for state in ("", ":hit", ":miss")]:
            row = report[role].get(page)
            if row:
                flag = "ok" if row["p95_ms"] < TARGET_P95_MS else "over target"
                print(
                    f"{role:8} {page:20} median {row['median_ms']:7.1f} ms  "
                    f"p95 {row['p95_ms']:7.1f} ms  ({row['requests']} requests, {flag})"
                )
        print(
            f"{role:8} errors: {report[role]['errors']}; CPU per request: server "
            f"{report[role]['server_cpu_ms_per_request']} ms, "
            f"load generator {report[role]['client_cpu_ms_per_request']} ms"
        )


if __name__ == "__main__":
    main()
