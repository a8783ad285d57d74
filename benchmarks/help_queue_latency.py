"""Measure the help-queue home page (and GET /api/queue) on a demo database.

Usage (after ``HELPFIRST_HOME=/tmp/queue-dev helpfirst demo --no-serve``):

    .venv/bin/python benchmarks/help_queue_latency.py --home /tmp/queue-dev --requests 50
    .venv/bin/python benchmarks/help_queue_latency.py --home /tmp/queue-dev \
        --home /tmp/demo-large --format json

For each ``--home`` (a HELPFIRST_HOME holding a demo database) it runs in a fresh interpreter,
logs in with Django's test client (in process, DEBUG off, no network) as the rep who owns the
most open journeys and as a manager, requests the home page ``--requests`` times each after a
warm-up, and prints the median and p95 latency, the CPU time of the process, and the queue size
(to help + backing off; the query count is capped by tests/queue/test_queue_pages.py). The
target (issue 5) is p95 under 150 ms at ``--size large``.

The first request of each page is timed on its own (``first_ms``): the process reads that book
for the first time (code and templates are loaded before it, as a server does at start). Warm
requests reuse what the process kept while the data token holds (helpfirst.queue.data_version);
``--invalidate`` gives every measured request a new token, as if a write had just happened
(the book is read afresh, cached events re-checked); ``--ingest N`` makes every measured request
see N of the book's journeys logged as having new activity summaries, as after an ingest batch
(those summaries are read again, cached events re-checked). Neither writes to the demo.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 150.0
WARMUP = 3


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


PAGES = ("rep-home", "manager-home", "manager-rep", "rep-api")


def _measure(
    home: str,
    requests: int,
    warmup: int = WARMUP,
    only: tuple = PAGES,
    invalidate: bool = False,
    ingest: int = 0,
) -> dict:
    os.environ["HELPFIRST_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpfirst.site.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db.models import Count, Q
    from django.test import Client

    from helpfirst.core import vocabulary
    from helpfirst.team.models import Role, User
    from helpfirst.web.today import build_today

    open_q = Q(journeys__buying_stage__in=sorted(vocabulary.OPEN_STAGES))
    rep = (
        User.objects.filter(role=Role.REP)
        .annotate(n=Count("journeys", filter=open_q))
        .order_by("-n")
        .first()
    )
    manager = User.objects.filter(role=Role.MANAGER).first()
    if rep is None or manager is None:
        raise SystemExit(f"{home}: no demo rep/manager found; run `helpfirst demo --no-serve`.")
    results = {
        "home": home,
        "requests": requests,
        "warmup": warmup,
        "invalidate": invalidate,
        "ingest": ingest,
        "pages": [],
    }
    if invalidate:
        import uuid

        from helpfirst.queue import data_version

        real_state = data_version.current_state

        def fresh_state() -> data_version.DataState | None:
            now = real_state()
            if now is None:
                return None
            return data_version.DataState(uuid.uuid4().hex, now.seq, now.oldest)

        data_version.current_state = fresh_state
        data_version.current_token = lambda: None if (s := fresh_state()) is None else s.key
    if ingest:
        _simulate_ingest(ingest, rep)
    pages = ((rep, "/"), (manager, "/"), (manager, f"/?owner={rep.pk}"), (rep, "/api/queue"))
    pages = tuple(page for name, page in zip(PAGES, pages, strict=True) if name in only)
    # Code and templates load before the first timed request: it times reading the book.
    from django.template.loader import get_template
    from django.urls import get_resolver

    from helpfirst.queue.activity import summaries_ready

    get_resolver().url_patterns  # noqa: B018 (imports every app's views)
    get_template("web/home.html")

    results["activity_summaries"] = summaries_ready()
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    for who, url in pages:
        client = Client()
        client.force_login(who)
        start, start_cpu = time.perf_counter(), time.process_time()
        assert client.get(url).status_code == 200
        first_ms = (time.perf_counter() - start) * 1000
        first_cpu_ms = (time.process_time() - start_cpu) * 1000
        for _ in range(warmup):
            assert client.get(url).status_code == 200
        timings, cpu = [], []
        for _ in range(requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        owner_id = rep.pk if "owner=" in url else None
        today = build_today(who, owner_id=owner_id)
        queue_size = today.total_to_help + today.total_backing_off
        results["pages"].append(
            {
                "user": who.username,
                "role": who.role,
                "url": url,
                "queue_items": queue_size,
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(_p95(timings), 1),
                "cpu_median_ms": round(statistics.median(cpu), 1),
                "cpu_p95_ms": round(_p95(cpu), 1),
                "first_ms": round(first_ms, 1),
                "first_cpu_ms": round(first_cpu_ms, 1),
                "target_p95_ms": TARGET_P95_MS,
                "load_average_1min": round(os.getloadavg()[0], 2),
            }
        )
    return results


def _simulate_ingest(per_request: int, rep) -> None:
    """Make each state read see ``per_request`` of ``rep``'s journeys freshly logged."""
    import itertools
    import random

    from helpfirst.journeys.models import Journey
    from helpfirst.queue import data_version

    book = list(Journey.objects.filter(owner=rep).values_list("pk", flat=True))
    rng = random.Random(0)
    real_state, later = data_version.current_state, itertools.count(1)

    def state() -> data_version.DataState | None:
        now = real_state()
        if now is None:
            return None
        return data_version.DataState(now.token, now.seq + next(later), None)

    data_version.current_state = state
    data_version.current_token = lambda: None if (s := state()) is None else s.key
    data_version.changed_journeys = lambda after, upto: set(rng.sample(book, per_request))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", action="append", help="HELPFIRST_HOME of a demo (repeatable)")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=WARMUP, help="unmeasured requests first")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help=f"comma-separated subset of {','.join(PAGES)}"
    )
    parser.add_argument(
        "--invalidate",
        action="store_true",
        help="give every request a new data token (the cost right after a write)",
    )
    parser.add_argument(
        "--ingest",
        type=int,
        default=0,
        metavar="N",
        help="every request sees N of the book's journeys with new activity summaries",
    )
    parser.add_argument("--single", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        only = tuple(args.pages.split(","))
        result = _measure(
            args.single, args.requests, args.warmup, only, args.invalidate, args.ingest
        )
        print(json.dumps(result))
        return
    env_home = os.environ.get("HELPFIRST_HOME")
    homes = args.home or ([env_home] if env_home else [])
    if not homes:
        raise SystemExit("Name a demo with --home PATH (or set HELPFIRST_HOME).")
    runs = []
    for home in homes:
        if not (Path(home) / "helpfirst.sqlite3").exists():
            print(f"skipping {home}: no helpfirst.sqlite3 there", file=sys.stderr)
            continue
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--single",
                home,
                "--requests",
                str(args.requests),
                "--warmup",
                str(args.warmup),
                "--pages",
                args.pages,
                *(["--invalidate"] if args.invalidate else []),
                *(["--ingest", str(args.ingest)] if args.ingest else []),
            ],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
            cwd=REPO,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    if args.format == "json":
        print(json.dumps(runs, indent=2))
        return
    for run in runs:
        print(
            f"{run['home']} ({run['requests']} requests each, {run['warmup']} warm-up; "
            f"activity summaries {'ready' if run['activity_summaries'] else 'not ready'}; "
            f"{'new data token every request; ' if run['invalidate'] else ''}"
            f"{str(run['ingest']) + ' journeys logged every request; ' if run['ingest'] else ''}"
            f"load average {run['load_average']})"
        )
        for page in run["pages"]:
            print(
                f"  {page['url']:<16} as {page['user']:<8} ({page['role']}, "
                f"{page['queue_items']} queue items): median {page['median_ms']} ms, "
                f"p95 {page['p95_ms']} ms; CPU median {page['cpu_median_ms']} ms, "
                f"p95 {page['cpu_p95_ms']} ms; first request {page['first_ms']} ms "
                f"(CPU {page['first_cpu_ms']} ms) (load {page['load_average_1min']})"
            )


if __name__ == "__main__":
    main()
