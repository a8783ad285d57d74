"""Drive the website-tracking collect endpoint on loopback and check that nothing is lost.

Usage (SQLite in a fresh temporary HELPFIRST_HOME; PostgreSQL through the throw-away server):

    .venv/bin/python benchmarks/tracking_endpoint.py --clients 8 --seconds 20
    scripts/with-postgres.sh .venv/bin/python benchmarks/tracking_endpoint.py --clients 8

Migrates a fresh database, creates a team with one tracked site and a few contacts, starts
gunicorn (DEBUG off) on a free 127.0.0.1 port, and has ``--clients`` threads each send one
event per request (``text/plain`` JSON, as the snippet does, with the site's Origin) for
``--seconds``. Every event has its own URL, so each accepted one must be stored exactly once.
One visitor in ``--identified`` (default 1 in 10) first submits a form with a known contact's
e-mail, so their page views also become interactions (the full identification path).

Prints sustained accepted events per second, latency p50/p95/p99, the status codes seen, and
sent vs accepted vs stored (visit events and interactions): "lost" must be 0.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from loopback_server import free_port, server_cpu_seconds, start_gunicorn, stop

REPO = Path(__file__).resolve().parents[1]
ORIGIN = "https://www.bench-vendor.test"
CONTACTS = 20


def _setup(env: dict[str, str]) -> str:
    """Migrate and create the team, site and contacts (in a child process); return the key."""
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
        cwd=REPO,
        env=env,
        check=True,
    )
    script = f"""
import django, json
django.setup()
from helpfirst.accounts.models import Account, Contact
from helpfirst.team.models import Team
from helpfirst.tracking.sites import create_site
team = Team.objects.create(name="Bench", slug="bench-{int(time.time())}")
account = Account.objects.create(team=team, name="Buyer Co", domain="buyer.example")
for i in range({CONTACTS}):
    Contact.objects.create(team=team, account=account, email=f"buyer{{i}}@buyer.example")
site = create_site(team.pk, name="Bench site", allowed_origins=["{ORIGIN}"],
                   consent_required=False, events_per_minute=1_000_000)
print(json.dumps({{"key": site.site_key, "site": site.pk}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _client(port, key, number, deadline, identified_every, results, lock):
    rng = random.Random(number)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "text/plain", "Origin": ORIGIN}
    local = {"latencies": [], "status": {}, "sent": 0, "accepted": 0}
    visitor = f"bench-{number:04d}-0"
    sequence = 0
    identified = False

    def send(body: dict) -> None:
        nonlocal conn
        payload = json.dumps(body)
        started = time.perf_counter()
        try:
            conn.request("POST", "/t/collect", body=payload, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status, data = 0, b""
        local["latencies"].append((time.perf_counter() - started) * 1000)
        local["sent"] += 1
        local["status"][status] = local["status"].get(status, 0) + 1
        if status == 202 and json.loads(data).get("stored") == 1:
            local["accepted"] += 1

    while time.time() < deadline:
        sequence += 1
        if sequence % 25 == 1:  # a new visitor every 25 events
            visitor = f"bench-{number:04d}-{sequence}"
            identified = identified_every > 0 and rng.randrange(identified_every) == 0
            if identified:
                send(
                    {
                        "site_key": key,
                        "visitor_id": visitor,
                        "kind": "form_submit",
                        "url": f"{ORIGIN}/contact/{number}/{sequence}",
                        "email": f"buyer{rng.randrange(CONTACTS)}@buyer.example",
                        "at": int(time.time() * 1000),
                    }
                )
                continue
        send(
            {
                "site_key": key,
                "visitor_id": visitor,
                "kind": "page_view",
                "url": f"{ORIGIN}/{rng.choice(['pricing', 'docs', 'blog'])}/{number}/{sequence}",
                "title": "Benchmark page",
                "referrer": "https://search.example/",
                "at": int(time.time() * 1000),
                "event_id": f"e{number:04d}{sequence:08d}",
            }
        )
    conn.close()
    with lock:
        results["latencies"].extend(local["latencies"])
        for status, count in local["status"].items():
            results["status"][status] = results["status"].get(status, 0) + count
        for key_ in ("sent", "accepted"):
            results[key_] += local[key_]


def _count(env: dict[str, str], site: int) -> dict:
    script = f"""
import django, json
django.setup()
from helpfirst.interactions.models import Interaction
from helpfirst.tracking.models import Visitor, VisitEvent
print(json.dumps({{
    "visit_events": VisitEvent.objects.filter(site_id={site}).count(),
    "visitors": Visitor.objects.filter(site_id={site}).count(),
    "identified_visitors": Visitor.objects.filter(site_id={site}, contact__isnull=False).count(),
    "promoted_events": VisitEvent.objects.filter(site_id={site}, promoted=True).count(),
    "interactions": Interaction.objects.filter(source="website").count(),
}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], share: float) -> float:
    return round(values[min(len(values) - 1, int(share * (len(values) - 1)))], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--identified", type=int, default=10, help="one visitor in N identifies (0: nobody)"
    )
    parser.add_argument("--format", choices=("json", "text"), default="text")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="helpfirst-tracking-bench-"))
    env = {
        **os.environ,
        "HELPFIRST_HOME": str(home),
        "HELPFIRST_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "helpfirst.site.settings",
        "PYTHONPATH": str(REPO),
        # Every request comes from 127.0.0.1: lift the per-address limits for the load test
        # (the per-site limit stays on, set high on the site).
        "HELPFIRST_TRACKING_IP_LIMIT": "100000000",
        "HELPFIRST_PUBLIC_RATE_LIMIT": "0",
        "HELPFIRST_LOG_LEVEL": "WARNING",
    }
    database = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    made = _setup(env)
    port = free_port()
    # gunicorn's defaults and a deep backlog, as when the figures in benchmarks/README.md were taken
    server = start_gunicorn(
        port, args.workers, args.threads, env, "--backlog", "2048", production_config=False
    )
    results: dict = {"latencies": [], "status": {}, "sent": 0, "accepted": 0}
    lock = threading.Lock()
    load_before = os.getloadavg()[0]
    try:
        cpu_before = server_cpu_seconds(server)
        started = time.time()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=_client,
                args=(port, made["key"], n, deadline, args.identified, results, lock),
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - started
        server_cpu = server_cpu_seconds(server) - cpu_before
    finally:
        stop(server)
    counts = _count(env, made["site"])
    latencies = sorted(results["latencies"])
    report = {
        "database": database,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "workers": args.workers,
        "threads": args.threads,
        "cpus": os.cpu_count(),
        "sent": results["sent"],
        "accepted": results["accepted"],
        "status": {str(k): v for k, v in sorted(results["status"].items())},
        "stored_visit_events": counts["visit_events"],
        "lost": results["accepted"] - counts["visit_events"],
        "events_per_second": round(results["accepted"] / elapsed, 1),
        "p50_ms": _percentile(latencies, 0.50) if latencies else None,
        "p95_ms": _percentile(latencies, 0.95) if latencies else None,
        "p99_ms": _percentile(latencies, 0.99) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        "server_cpu_ms_per_event": round(server_cpu * 1000 / max(results["sent"], 1), 2),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "visitors": counts["visitors"],
        "identified_visitors": counts["identified_visitors"],
        "views_of_identified_visitors": counts["promoted_events"],
        "interactions_stored": counts["interactions"],
        "interactions_lost": counts["promoted_events"] - counts["interactions"],
    }
    if args.format == "json":
        print(json.dumps(report, indent=2))
        return
    print(
        f"{database}: {args.clients} clients, {report['seconds']} s, gunicorn "
        f"{args.workers}x{args.threads} on {report['cpus']} CPUs"
    )
    print(
        f"  sent {report['sent']:,}  accepted {report['accepted']:,}  stored "
        f"{report['stored_visit_events']:,}  lost {report['lost']}  status {report['status']}"
    )
    print(
        f"  {report['events_per_second']:,.1f} events/s  p50 {report['p50_ms']} ms  "
        f"p95 {report['p95_ms']} ms  p99 {report['p99_ms']} ms"
    )
    print(
        f"  server CPU {report['server_cpu_ms_per_event']} ms per event; load average "
        f"{report['load_average'][0]} -> {report['load_average'][1]}"
    )
    print(
        f"  {report['identified_visitors']}/{report['visitors']} visitors identified; their "
        f"views {report['views_of_identified_visitors']:,} -> interactions "
        f"{report['interactions_stored']:,} (lost {report['interactions_lost']})"
    )


if __name__ == "__main__":
    main()
