"""Describe the benchmark-sized demo as tables: event mixes per stage, and vectorised frames of
accounts, contacts and journeys (polars), ready to bulk-load with explicit ids.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np
import polars as pl

from helpfirst.core.vocabulary import STAGE_ORDER, BuyingStage
from helpfirst.demo.catalogue import (
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    LEGAL_SUFFIXES,
    NAME_PREFIXES,
    REGIONS,
    ROLE_TITLES,
)
from helpfirst.demo.journeys import EXIT_FROM, FINAL_STAGE_WEIGHTS
from helpfirst.demo.touches import PAGE_PATHS, SITE

S = BuyingStage
JOURNEY_EVERY = 3  # one bulk account in three has a journey
CITIES = (
    "Leeds", "Lyon", "Malmö", "Utrecht", "Porto", "Graz", "Aarhus", "Bristol", "Gent", "Bilbao",
    "Turin", "Cork", "Tampere", "Basel", "Nantes", "Bergen", "Leipzig", "Lille", "Seville",
    "Dundee", "Austin", "Denver", "Halifax", "Boise", "Tacoma", "Dresden", "Ljubljana", "Brno",
    "Kraków", "Riga", "Tartu", "Vilnius", "Galway", "Exeter", "York", "Bath", "Arhus", "Linz",
    "Delft", "Nice",
)
EVENT_TYPES: tuple[tuple[str, str], ...] = (
    ("page_view", "pricing"), ("page_view", "docs"), ("page_view", "security"),
    ("page_view", "case_study"), ("page_view", "blog"), ("page_view", "careers"),
    ("page_view", "product"), ("page_view", "integrations"), ("page_view", "home"),
    ("email_sent", ""), ("email_opened", ""), ("email_replied", ""), ("link_clicked", ""),
    ("content_download", ""), ("meeting", ""), ("call", ""), ("webinar", ""),
    ("trial_signup", ""), ("product_usage", ""), ("support_ticket", ""), ("note", ""),
)
_TYPE_INDEX = {(p or k): i for i, (k, p) in enumerate(EVENT_TYPES)}
CLASS_NAMES = ("none", "early", "evaluating", "deciding", "customer", "churned", "lost", "parked")
STAGE_CLASS: dict[str, int] = {
    "none": 0,
    S.EXPLORING_PROBLEM: 1, S.EXPLORING_SOLUTIONS: 1, S.EVALUATING: 2, S.DECIDING: 3,
    S.IMPLEMENTING: 4, S.REALISING_VALUE: 4, S.EXPANDING: 4, S.CHURNED: 5,
    S.CHOSE_ALTERNATIVE: 6, S.NO_DECISION: 6, S.NOT_A_FIT: 7, S.PAUSED: 7,
}
# Relative weights of event types per stage class (keys: page type, or kind for other events).
CLASS_MIX: dict[str, dict[str, float]] = {
    "none": {"blog": 30, "home": 12, "product": 10, "careers": 8, "case_study": 5, "docs": 5,
             "integrations": 3, "pricing": 2, "email_sent": 10, "email_opened": 5,
             "link_clicked": 1, "content_download": 2, "webinar": 1},
    "early": {"blog": 25, "home": 6, "product": 12, "case_study": 10, "integrations": 5,
              "pricing": 3, "docs": 3, "email_sent": 12, "email_opened": 8, "email_replied": 2,
              "link_clicked": 2, "content_download": 6, "meeting": 2, "call": 2, "webinar": 2},
    "evaluating": {"docs": 22, "security": 8, "integrations": 8, "product": 8, "pricing": 5,
                   "case_study": 4, "email_sent": 12, "email_opened": 8, "email_replied": 4,
                   "link_clicked": 2, "content_download": 4, "meeting": 5, "call": 2,
                   "trial_signup": 1, "product_usage": 5},
    "deciding": {"pricing": 18, "case_study": 6, "security": 4, "docs": 6, "product": 4,
                 "email_sent": 14, "email_opened": 10, "email_replied": 6,
                 "content_download": 4, "meeting": 7, "call": 3, "note": 1},
    "customer": {"product_usage": 45, "docs": 12, "support_ticket": 4, "email_sent": 8,
                 "email_opened": 5, "email_replied": 2, "meeting": 3, "pricing": 2, "blog": 3,
                 "note": 1},
    "churned": {"product_usage": 30, "support_ticket": 8, "docs": 8, "email_sent": 15,
                "email_opened": 4, "meeting": 2, "blog": 3},
    "lost": {"pricing": 8, "product": 8, "case_study": 6, "docs": 6, "blog": 10,
             "email_sent": 20, "email_opened": 8, "email_replied": 3, "meeting": 3, "call": 3},
    "parked": {"blog": 25, "home": 10, "product": 5, "email_sent": 15, "email_opened": 8,
               "email_replied": 1, "content_download": 3, "call": 2, "note": 1},
}
OUTBOUND = {"email_sent", "call", "note"}
BULK_EXIT_REASONS: dict[str, str] = {
    S.NOT_A_FIT: "Outside what we solve well; referred them on.",
    S.PAUSED: "Budget frozen until next quarter.",
    S.CHOSE_ALTERNATIVE: "Chose the reporting module of their ERP.",
    S.NO_DECISION: "Went quiet after the pricing discussion.",
    S.CHURNED: "Did not renew: usage fell away.",
}


def class_probabilities() -> np.ndarray:
    """Return a [class, event type] matrix of probabilities (rows sum to 1)."""
    matrix = np.zeros((len(CLASS_NAMES), len(EVENT_TYPES)))
    for row, name in enumerate(CLASS_NAMES):
        for key, weight in CLASS_MIX[name].items():
            matrix[row, _TYPE_INDEX[key]] = weight
    return matrix / matrix.sum(axis=1, keepdims=True)


def _windows() -> list[list[tuple[float, float]]]:
    """Return, per class and event type, how many days ago such events happen (low, high)."""
    table = [[(0.0, 182.0)] * len(EVENT_TYPES) for _ in CLASS_NAMES]
    for key in ("pricing",):
        table[3][_TYPE_INDEX[key]] = (0.0, 30.0)  # deciding: pricing revisits this month
    for key in ("docs", "security", "trial_signup"):
        table[2][_TYPE_INDEX[key]] = (0.0, 60.0)
    table[4][_TYPE_INDEX["product_usage"]] = (0.0, 150.0)
    for cls, quiet_days in ((5, 45.0), (6, 20.0)):  # silence before churn / no decision
        for kind, page in EVENT_TYPES:
            if kind not in OUTBOUND:
                table[cls][_TYPE_INDEX[page or kind]] = (quiet_days, 182.0)
    return table


STAGE_WINDOWS = _windows()


def url_table(variants: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Return URLs [event type, variant] and subjects [event type] for the bulk interactions."""
    urls = np.full((len(EVENT_TYPES), variants), "", dtype=object)
    subjects = np.full(len(EVENT_TYPES), "", dtype=object)
    for i, (kind, page) in enumerate(EVENT_TYPES):
        if page:
            paths = PAGE_PATHS[page]
            urls[i] = [SITE + paths[v % len(paths)] for v in range(variants)]
        subjects[i] = {
            "email_sent": "Northwind monthly: ideas for better numbers",
            "email_opened": "Northwind monthly: ideas for better numbers",
            "email_replied": "Re: Next steps",
            "meeting": "Catch-up",
            "support_ticket": "Question about a report",
            "webinar": "Forecasting without a data team (live)",
            "content_download": "Escaping spreadsheet chaos",
            "note": "Call notes",
        }.get(kind, "")
    return urls, subjects


def CONTACTS_PER_ACCOUNT(idx: np.ndarray) -> np.ndarray:  # noqa: N802 (a table, read as one)
    """Return how many contacts bulk account ``idx`` has (2 to 4, fixed by position)."""
    return 2 + (idx * 7 + 3) % 3


def journey_stages(n_accounts: int) -> np.ndarray:
    """Return the final stage of each bulk journey (weights as in the curated demo)."""
    pattern = [stage for stage, weight in FINAL_STAGE_WEIGHTS.items() for _ in range(weight)]
    random.Random(0).shuffle(pattern)
    count = (n_accounts + JOURNEY_EVERY - 1) // JOURNEY_EVERY
    return np.array([str(pattern[j % len(pattern)]) for j in range(count)], dtype=object)


def stage_path(final: str) -> list[str]:
    """Return the stages a bulk journey went through to ``final`` (an exit from a fixed stage)."""
    last_open = EXIT_FROM[final][-1] if final in EXIT_FROM else final
    path = [str(s) for s in STAGE_ORDER[: STAGE_ORDER.index(last_open) + 1]]
    return [*path, final] if final in EXIT_FROM else path


def _sqltime(seconds: np.ndarray) -> pl.Series:
    return pl.Series((seconds * 1_000_000).astype("datetime64[us]")).dt.replace_time_zone("UTC")


def accounts_frame(
    n: int, seed: int, team_id: int, owners: list[int], now: datetime, first_id: int
) -> pl.DataFrame:
    """Return ``n`` distinct bulk accounts (names from prefix x industry word x city)."""
    rng = np.random.default_rng([seed, 1])
    words = [(p.name, w, p.median_employees) for p in INDUSTRIES for w in p.words]
    combos = len(NAME_PREFIXES) * len(words) * len(CITIES)
    pick = rng.permutation(combos)[:n] if n <= combos else rng.integers(0, combos, n)
    prefix = pick % len(NAME_PREFIXES)
    word = (pick // len(NAME_PREFIXES)) % len(words)
    city = pick // (len(NAME_PREFIXES) * len(words))
    industry = np.array([w[0] for w in words], dtype=object)[word]
    median = np.array([w[2] for w in words])[word]
    base = [f"{NAME_PREFIXES[a]} {words[b][1]} {CITIES[c]}" for a, b, c in zip(prefix, word, city,
                                                                                  strict=True)]
    suffix = rng.integers(0, len(LEGAL_SUFFIXES), n)
    names = [b + LEGAL_SUFFIXES[s] for b, s in zip(base, suffix, strict=True)]
    domains = [
        "".join(ch for ch in b.lower() if ch.isascii() and ch.isalnum()) + f"-{i}.example"
        for i, b in enumerate(base)
    ]
    employees = np.clip(np.exp(rng.normal(np.log(median), 0.9)), 8, 40_000).astype(np.int64)
    region = np.array([r for r, _ in REGIONS], dtype=object)[rng.integers(0, len(REGIONS), n)]
    idx = np.arange(n)
    owner = np.array(owners, dtype=np.int64)[idx % len(owners)]
    now_s = int(now.astimezone(UTC).timestamp())
    created = now_s - rng.integers(30, 182, n) * 86_400
    return pl.DataFrame(
        {
            "id": first_id + idx,
            "team_id": np.full(n, team_id, dtype=np.int64),
            "name": names,
            "domain": domains,
            "industry": industry.astype(str),
            "employees": employees,
            "region": region.astype(str),
            "strategies": [""] * n,
            "priorities": [""] * n,
            "owner_id": pl.Series(np.where(idx % 8 == 7, -1, owner)).replace(-1, None),
            "source": ["demo"] * n,
            "external_id": [f"bulk-account-{i + 1:07d}" for i in idx],
            "created_at": _sqltime(created),
            "updated_at": _sqltime(np.full(n, now_s)),
        }
    )


def contacts_frame(
    accounts: pl.DataFrame, seed: int, team_id: int, now: datetime, first_id: int
) -> pl.DataFrame:
    """Return the bulk contacts: a champion, an economic buyer, then IT and others."""
    rng = np.random.default_rng([seed, 2])
    n_accounts = accounts.height
    per = CONTACTS_PER_ACCOUNT(np.arange(n_accounts))
    account_pos = np.repeat(np.arange(n_accounts), per)
    seat = np.arange(len(account_pos)) - np.repeat(np.cumsum(per) - per, per)
    roles = np.array(["champion", "economic_buyer", "technical_evaluator", "end_user"],
                     dtype=object)[np.minimum(seat, 3)]
    firsts = np.array(FIRST_NAMES["en"] + FIRST_NAMES["de"] + FIRST_NAMES["fr"], dtype=object)
    lasts = np.array(LAST_NAMES["en"] + LAST_NAMES["de"] + LAST_NAMES["fr"], dtype=object)
    n = len(account_pos)
    first = firsts[rng.integers(0, len(firsts), n)]
    last = lasts[rng.integers(0, len(lasts), n)]
    titles = np.array([ROLE_TITLES[r][0] for r in roles], dtype=object)
    domains = accounts["domain"].to_numpy()[account_pos]
    emails = [
        f"{''.join(c for c in f.lower() if c.isascii() and c.isalpha())}."
        f"{''.join(c for c in la.lower() if c.isascii() and c.isalpha())}{s}@{d}"
        for f, la, s, d in zip(first, last, seat, domains, strict=True)
    ]
    now_s = int(now.astimezone(UTC).timestamp())
    return pl.DataFrame(
        {
            "id": first_id + np.arange(n),
            "team_id": np.full(n, team_id, dtype=np.int64),
            "account_id": accounts["id"].to_numpy()[account_pos],
            "first_name": first.astype(str),
            "last_name": last.astype(str),
            "title": titles.astype(str),
            "email": emails,
            "phone": [""] * n,
            "stakeholder_role": roles.astype(str),
            "what_matters": [""] * n,
            "may_contact": rng.random(n) < 0.9,
            "recording_consent": rng.random(n) < 0.65,
            "source": ["demo"] * n,
            "external_id": [f"bulk-contact-{i + 1:07d}" for i in range(n)],
            "created_at": _sqltime(np.full(n, now_s)),
            "updated_at": _sqltime(np.full(n, now_s)),
        }
    )


def journeys_frame(
    accounts: pl.DataFrame, seed: int, team_id: int, reps: list[int], needs: list[str],
    now: datetime, first_id: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return the bulk journeys (one account in three) and their stage histories."""
    rng = np.random.default_rng([seed, 3])
    stages = journey_stages(accounts.height)
    n = len(stages)
    host = np.arange(n) * JOURNEY_EVERY
    owner = accounts["owner_id"].to_numpy(allow_copy=True)[host]
    fallback = np.array(reps, dtype=np.int64)[np.arange(n) % len(reps)]
    owner = np.where(np.isnan(owner.astype(float)), fallback, owner).astype(np.int64)
    now_s = int(now.astimezone(UTC).timestamp())
    changed = now_s - rng.integers(1, 60, n) * 86_400 - rng.integers(0, 36_000, n)
    lengths = np.array([len(stage_path(s)) for s in stages])
    created = changed - lengths * rng.integers(10, 25, n) * 86_400 // 2
    names = accounts["name"].to_numpy()[host]
    journeys = pl.DataFrame(
        {
            "id": first_id + np.arange(n),
            "team_id": np.full(n, team_id, dtype=np.int64),
            "account_id": accounts["id"].to_numpy()[host],
            "title": [f"Better numbers — {nm.split(' ')[0]}" for nm in names],
            "owner_id": owner,
            "stated_needs": [needs[i % len(needs)] for i in range(n)],
            "buying_stage": stages.astype(str),
            "exit_reason": [BULK_EXIT_REASONS.get(st, "") for st in stages],
            "referred_to": [""] * n,
            "currency": ["EUR"] * n,
            "expected_value": (rng.integers(12, 360, n) * 500).astype(np.float64),
            "stage_changed_at": _sqltime(changed),
            "source": ["demo"] * n,
            "external_id": [f"bulk-journey-{i + 1:07d}" for i in range(n)],
            "created_at": _sqltime(created),
            "updated_at": _sqltime(changed),
        }
    )
    columns = ("journey_id", "from_stage", "to_stage", "changed_by_id", "changed_at", "reason")
    rows: dict[str, list] = {k: [] for k in columns}
    for j in range(n):
        path = stage_path(stages[j])
        step = (changed[j] - created[j]) // max(1, len(path) - 1)
        previous = ""
        for position, stage in enumerate(path):
            rows["journey_id"].append(first_id + j)
            rows["from_stage"].append(previous)
            rows["to_stage"].append(stage)
            rows["changed_by_id"].append(int(owner[j]))
            rows["changed_at"].append(int(created[j] + position * step))
            rows["reason"].append("Journey opened" if not position else "Moved by the buyer")
            previous = stage
    history = pl.DataFrame(rows).with_columns(
        pl.from_epoch("changed_at", time_unit="s").dt.replace_time_zone("UTC")
    )
    return journeys, history
