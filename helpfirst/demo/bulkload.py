"""Bulk-load the benchmark-sized demo fast: raw ``executemany`` in one transaction on SQLite
(secondary indexes dropped during the load and rebuilt after), ``COPY`` on PostgreSQL.

Rows get explicit ids (after the highest id already there), so accounts, contacts, journeys and
interactions link up without reading anything back.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

import polars as pl
from django.db import connection, transaction

from helpfirst.accounts.models import Account, Contact
from helpfirst.demo.bulk_tables import accounts_frame, contacts_frame, journeys_frame
from helpfirst.demo.large import interaction_chunks
from helpfirst.demo.sizes import DemoSize
from helpfirst.demo.topics import problems_from
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder, StageChange

Progress = Callable[[str, int, int], None]


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
        return int(cursor.fetchone()[0]) + 1


def _as_db_values(frame: pl.DataFrame) -> pl.DataFrame:
    """Turn datetimes into the text each backend stores, and booleans into 0/1 on SQLite."""
    vendor = connection.vendor
    casts = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.Datetime):
            fmt = "%Y-%m-%d %H:%M:%S" if vendor == "sqlite" else "%Y-%m-%d %H:%M:%S+00"
            casts.append(pl.col(name).dt.strftime(fmt))
        elif dtype == pl.Boolean and vendor == "sqlite":
            casts.append(pl.col(name).cast(pl.Int8))
    return frame.with_columns(casts) if casts else frame


def insert_frame(model, frame: pl.DataFrame) -> int:
    """Insert ``frame`` (columns named as in the table) into ``model``'s table; return the count."""
    if frame.height == 0:
        return 0
    table = model._meta.db_table
    frame = _as_db_values(frame)
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        frame.write_csv(buffer, include_header=False, quote_style="non_numeric")
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
        return frame.height
    marks = ", ".join("?" for _ in frame.columns)
    connection.ensure_connection()
    raw = connection.connection
    raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", frame.iter_rows())  # noqa: S608
    return frame.height


def _sqlite_secondary_indexes(model) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [model._meta.db_table],
        )
        return [(name, sql) for name, sql in cursor.fetchall()]


def _reset_sequences(models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def load_bulk(
    team, users, plan: DemoSize, seed: int, now: datetime, report: Progress, playbook=None
) -> None:
    """Add the vectorised part of a large demo to ``team`` (one transaction)."""
    reps = [u.pk for u in users.values() if u.role == "rep"]
    needs = [p for topic in problems_from(playbook) for p in topic.phrasings]
    n_accounts, n_interactions = plan.bulk_accounts, plan.bulk_interactions
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -400000")
        report("bulk accounts", 0, n_accounts)
        accounts = accounts_frame(n_accounts, seed, team.pk, reps, now, _next_id(Account))
        insert_frame(Account, accounts)
        report("bulk accounts", n_accounts, n_accounts)
        contacts = contacts_frame(accounts, seed, team.pk, now, _next_id(Contact))
        insert_frame(Contact, contacts)
        report("bulk contacts", contacts.height, contacts.height)
        journeys, history = journeys_frame(
            accounts, seed, team.pk, reps, needs, now, _next_id(Journey)
        )
        insert_frame(Journey, journeys)
        insert_frame(StageChange, history)
        insert_frame(JourneyStakeholder, _stakeholders(accounts, contacts, journeys))
        report("bulk journeys", journeys.height, journeys.height)
        _load_interactions(team, seed, now, n_accounts, n_interactions, accounts, contacts,
                           journeys, report)
        _reset_sequences([Account, Contact, Journey, Interaction, StageChange,
                          JourneyStakeholder])


def _stakeholders(accounts: pl.DataFrame, contacts: pl.DataFrame,
                  journeys: pl.DataFrame) -> pl.DataFrame:
    seats = journeys.select(pl.col("id").alias("journey_id"), "account_id").join(
        contacts.select(pl.col("id").alias("contact_id"), "account_id"), on="account_id"
    )
    return seats.select(
        "journey_id", "contact_id",
        pl.lit("").alias("stakeholder_role"),
        pl.lit(3).alias("influence"),
        pl.lit("neutral").alias("stance"),
    )


def _load_interactions(team, seed, now, n_accounts, n_interactions, accounts, contacts,
                       journeys, report: Progress) -> None:
    account_first = int(accounts["id"][0])
    contact_first = int(contacts["id"][0])
    journey_first = int(journeys["id"][0]) if journeys.height else 0
    first_id = _next_id(Interaction)
    dropped: list[tuple[str, str]] = []
    if connection.vendor == "sqlite":
        dropped = _sqlite_secondary_indexes(Interaction)
        with connection.cursor() as cursor:
            for name, _sql in dropped:
                cursor.execute(f'DROP INDEX "{name}"')
    done = 0
    report("bulk interactions", 0, n_interactions)
    for chunk in interaction_chunks(n_accounts, n_interactions, seed, now):
        rows = chunk.select(
            (pl.col("position") + first_id).alias("id"),
            pl.lit(team.pk).alias("team_id"),
            (pl.col("account_idx") + account_first).alias("account_id"),
            pl.when(pl.col("contact_idx") >= 0).then(pl.col("contact_idx") + contact_first)
            .alias("contact_id"),
            pl.when(pl.col("journey_idx") >= 0).then(pl.col("journey_idx") + journey_first)
            .alias("journey_id"),
            "kind", "occurred_at", "page_type", "url", "subject",
            pl.lit("demo").alias("source"),
            pl.format("bulk-{}", pl.col("position").cast(pl.String).str.zfill(9))
            .alias("external_id"),
            pl.lit("{}").alias("properties"),
            pl.col("occurred_at").alias("created_at"),
        )
        insert_frame(Interaction, rows)
        done += rows.height
        report("bulk interactions", done, n_interactions)
    if dropped:
        report("indexing", 0, len(dropped))
        with connection.cursor() as cursor:
            for number, (_name, sql) in enumerate(dropped, start=1):
                cursor.execute(sql)
                report("indexing", number, len(dropped))
