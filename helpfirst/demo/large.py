"""Generate the benchmark-sized demo vectorised (numpy + polars): accounts, people, journeys and
millions of interactions, in chunks, with the same patterns as the curated demo in aggregate.

Each account gets an activity level (log-normal); its journey's stage decides the mix of its
interactions and how recent they are (pricing views crowd into the last month while deciding;
churned and no-decision accounts fall silent for weeks before the end; customers use the
product). ``write_interactions_parquet`` writes the same interaction stream to Parquet for the
scoring benchmark; :mod:`helpfirst.demo.bulkload` writes it to the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

from helpfirst.demo.bulk_tables import (
    CONTACTS_PER_ACCOUNT,
    EVENT_TYPES,
    JOURNEY_EVERY,
    STAGE_CLASS,
    STAGE_WINDOWS,
    class_probabilities,
    journey_stages,
    stage_path,
    url_table,
)

DAY_S = 86_400
HISTORY_S = 182 * DAY_S
CHUNK = 1_000_000
PARQUET_SCHEMA_DOC = """\
interaction_id int64, account_id int64, contact_id int64 (null), journey_id int64 (null),
kind string, page_type string ('' unless a page view), occurred_at timestamp[us, UTC],
url string, subject string; ids are 1-based positions in the generated accounts/contacts/journeys.
"""


def bulk_row_counts(n_accounts: int) -> dict[str, int]:
    """Return how many contacts, journeys and stage changes ``n_accounts`` bulk accounts get."""
    idx = np.arange(n_accounts)
    contacts = int(CONTACTS_PER_ACCOUNT(idx).sum())
    stages = journey_stages(n_accounts)
    steps = sum(len(stage_path(str(s))) for s in stages)
    return {"contacts": contacts, "journeys": len(stages), "stage_changes": steps}


def account_layout(n_accounts: int) -> dict[str, np.ndarray]:
    """Return per-account arrays: contact counts and offsets, journey index and stage class."""
    idx = np.arange(n_accounts)
    n_contacts = CONTACTS_PER_ACCOUNT(idx)
    contact_offset = np.concatenate(([0], np.cumsum(n_contacts)[:-1]))
    has_journey = idx % JOURNEY_EVERY == 0
    journey_idx = np.where(has_journey, idx // JOURNEY_EVERY, -1)
    stages = journey_stages(n_accounts)
    classes = np.array([STAGE_CLASS[str(s)] for s in stages], dtype=np.int8)
    stage_class = np.full(n_accounts, STAGE_CLASS["none"], dtype=np.int8)
    stage_class[has_journey] = classes[journey_idx[has_journey]]
    return {
        "n_contacts": n_contacts,
        "contact_offset": contact_offset,
        "journey_idx": journey_idx,
        "stage_class": stage_class,
    }


def interaction_chunks(
    n_accounts: int, n_interactions: int, seed: int, now: datetime, chunk: int = CHUNK
) -> Iterator[pl.DataFrame]:
    """Yield the interactions in chunks of ``chunk`` rows (deterministic for a seed and ``now``).

    Columns: account_idx, contact_idx (-1: none), journey_idx (-1: none), kind, page_type,
    occurred_at (UTC), url, subject, position (0-based over the whole stream).
    """
    rng = np.random.default_rng(seed)
    layout = account_layout(n_accounts)
    activity = rng.lognormal(0.0, 1.0, n_accounts)
    activity *= np.where(layout["journey_idx"] >= 0, 3.0, 1.0)
    per_account = rng.multinomial(n_interactions, activity / activity.sum())
    probabilities = class_probabilities()
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative[:, -1] = 1.0
    kinds = pl.Series("kind", [k for k, _ in EVENT_TYPES])
    pages = pl.Series("page_type", [p for _, p in EVENT_TYPES])
    is_page = np.array([bool(p) for _, p in EVENT_TYPES])
    windows = np.array(STAGE_WINDOWS, dtype=np.float64)  # [class, type, (lo, hi) days ago]
    url_grid, subject_list = url_table()
    variants = url_grid.shape[1]
    urls = pl.Series("url", url_grid.reshape(-1).tolist())
    subjects = pl.Series("subject", subject_list.tolist())
    now_s = int(now.astimezone(UTC).timestamp())
    today_s = now_s - now_s % DAY_S
    ends = np.cumsum(per_account)
    starts = ends - per_account
    position = 0
    while position < n_interactions:
        stop = min(position + chunk, n_interactions)
        first = int(np.searchsorted(ends, position, side="right"))
        last = int(np.searchsorted(ends, stop - 1, side="right"))
        accounts_here = np.arange(first, last + 1)
        lo = np.maximum(starts[accounts_here], position)
        hi = np.minimum(ends[accounts_here], stop)
        account = np.repeat(accounts_here, np.maximum(hi - lo, 0))
        size = len(account)
        stage_class = layout["stage_class"][account]
        draw = rng.random(size)
        event = np.empty(size, dtype=np.int64)
        for cls in range(cumulative.shape[0]):
            mask = stage_class == cls
            event[mask] = np.searchsorted(cumulative[cls], draw[mask], side="right")
        event = np.minimum(event, len(EVENT_TYPES) - 1)
        low = windows[stage_class, event, 0]
        high = windows[stage_class, event, 1]
        days_ago = np.floor(low + rng.random(size) * (high - low)).astype(np.int64)
        # Mostly office hours (07:00-19:00 UTC); never after "now".
        when = today_s - days_ago * DAY_S + rng.integers(7 * 3600, 19 * 3600, size)
        when = np.where(when >= now_s, when - DAY_S, when)
        n_contacts = layout["n_contacts"][account]
        contact = layout["contact_offset"][account] + (rng.random(size) * n_contacts).astype(
            np.int64
        )
        anonymous = is_page[event] & (rng.random(size) < 0.4)
        contact = np.where(anonymous, -1, contact)
        journey = layout["journey_idx"][account]
        journey = np.where((journey >= 0) & (rng.random(size) < 0.7), journey, -1)
        variant = rng.integers(0, variants, size)
        yield pl.DataFrame(
            {
                "position": np.arange(position, position + size, dtype=np.int64),
                "account_idx": account.astype(np.int64),
                "contact_idx": contact.astype(np.int64),
                "journey_idx": journey.astype(np.int64),
                "kind": kinds.gather(event),
                "page_type": pages.gather(event),
                "occurred_at": (when * 1_000_000).astype("datetime64[us]"),
                "url": urls.gather(event * variants + variant),
                "subject": subjects.gather(event),
            }
        ).with_columns(pl.col("occurred_at").dt.replace_time_zone("UTC"))
        position = stop


def write_interactions_parquet(
    path: str | Path,
    n_accounts: int = 100_000,
    n_interactions: int = 10_000_000,
    seed: int = 0,
    now: datetime | None = None,
) -> Path:
    """Write the large interaction stream to one Parquet file and return its path.

    The schema is described in :data:`PARQUET_SCHEMA_DOC`; ``now`` defaults to a fixed date so
    the file is byte-for-byte reproducible for a seed.
    """
    import pyarrow.parquet as pq

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    moment = now or datetime(2025, 1, 1, 9, tzinfo=UTC)
    writer = None
    try:
        for frame in interaction_chunks(n_accounts, n_interactions, seed, moment):
            table = frame.select(
                (pl.col("position") + 1).alias("interaction_id"),
                (pl.col("account_idx") + 1).alias("account_id"),
                pl.when(pl.col("contact_idx") >= 0).then(pl.col("contact_idx") + 1)
                .alias("contact_id"),
                pl.when(pl.col("journey_idx") >= 0).then(pl.col("journey_idx") + 1)
                .alias("journey_id"),
                "kind", "page_type", "occurred_at", "url", "subject",
            ).to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(target, table.schema, compression="zstd")
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return target

