"""Load the demo company into the database: safe to run again, the same seed gives the same data.

``load_demo`` is what ``helpfirst demo`` and ``make demo`` call. A second run finds the demo
already there (same counts) and changes nothing; ``refresh=True`` rebuilds it.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction

from helpfirst.demo.dataset import build_dataset, default_now
from helpfirst.demo.people import DEMO_TEAM_NAME, demo_logins
from helpfirst.demo.sizes import DEFAULT_SEED, DemoSize, demo_size
from helpfirst.demo.store import (
    Progress,
    demo_counts,
    ensure_demo_people,
    ensure_demo_team,
    refresh_planner_statistics,
    remove_demo_rows,
    write_dataset,
)
from helpfirst.demo.topics import load_playbook_spec
from helpfirst.queue.activity import rebuild_activity_summaries, summaries_ready


@dataclass
class DemoSummary:
    """What the demo load did, and how to log in."""

    team: str
    size: str
    seed: int
    now: str
    already_loaded: bool
    seconds: float
    counts: dict[str, int]
    logins: list[dict[str, str]] = field(default_factory=list)
    playbook_applied: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _apply_playbook(team, spec: Any) -> bool:
    if spec is None:
        return False
    try:
        from helpfirst.playbook.services import apply_playbook
    except ImportError as missing:
        if str(missing.name or "").startswith("helpfirst"):
            return False
        raise
    apply_playbook(team, spec)
    return True


def expected_counts(size: str | DemoSize = "small", seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Return how many demo rows a complete load of ``size`` has (no database needed)."""
    plan = size if isinstance(size, DemoSize) else demo_size(size)
    data = build_dataset(plan, seed, playbook=load_playbook_spec())
    return _counts_of(data, plan)


def _counts_of(data, plan) -> dict[str, int]:
    return {
        "accounts": len(data.accounts) + plan.bulk_accounts,
        "contacts": sum(len(a.contacts) for a in data.accounts) + _bulk_counts(plan)["contacts"],
        "journeys": len(data.journeys) + _bulk_counts(plan)["journeys"],
        "stage_changes": sum(len(j.steps) for j in data.journeys)
        + _bulk_counts(plan)["stage_changes"],
        "interactions": len(data.interactions) + plan.bulk_interactions,
    }


def _bulk_counts(plan) -> dict[str, int]:
    if not plan.bulk_accounts:
        return {"contacts": 0, "journeys": 0, "stage_changes": 0}
    from helpfirst.demo.large import bulk_row_counts

    return bulk_row_counts(plan.bulk_accounts)


def load_demo(
    size: str | DemoSize = "small",
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
    refresh: bool = False,
) -> DemoSummary:
    """Load the demo company of ``size`` (tiny, small or large) from ``seed``.

    ``progress(step, done, total)`` is called as the load goes (for a progress bar). ``now`` is
    the reference time the six months of history end at (default: today 09:00 UTC). When the
    demo is already complete, nothing is written; ``refresh=True`` replaces it. ``size`` may
    also be a :class:`~helpfirst.demo.sizes.DemoSize` (tests use small bulk parts).
    """
    started = time.perf_counter()
    plan = size if isinstance(size, DemoSize) else demo_size(size)
    report = progress or (lambda step, done, total: None)
    moment = now or default_now()
    spec = load_playbook_spec()
    report("build", 0, 1)
    data = build_dataset(plan, seed, moment, spec)
    report("build", 1, 1)
    expected = _counts_of(data, plan)
    with transaction.atomic():
        team = ensure_demo_team(DEMO_TEAM_NAME)
        users = ensure_demo_people(team)
        applied = _apply_playbook(team, spec)
    current = demo_counts(team)
    already = current == expected and not refresh
    if not already:
        if any(current.values()):
            report("clearing", 0, 1)
            remove_demo_rows(team)
            report("clearing", 1, 1)
        write_dataset(team, users, data, report)
        if plan.bulk_accounts:
            from helpfirst.demo.bulkload import load_bulk

            load_bulk(team, users, plan, seed, data.now, report, playbook=spec)
    if not already or not summaries_ready():
        # Bulk writes bypass ingest: recompute the help queue's activity summaries at once.
        rebuild_activity_summaries(report)
    if not already:
        refresh_planner_statistics()
        current = demo_counts(team)
    return DemoSummary(
        team=team.name,
        size=plan.name,
        seed=seed,
        now=data.now.isoformat(),
        already_loaded=already,
        seconds=round(time.perf_counter() - started, 2),
        counts=current,
        logins=demo_logins(),
        playbook_applied=applied,
    )
