"""Where the data the help queue's per-process caches depend on stands: a token and a change log.

The help queue keeps what it read of a big book per process (:mod:`helpfirst.queue.scan_cache`,
:mod:`helpfirst.queue.event_cache`) and reuses it only while nothing it was read from changed.
On SQLite **database triggers** record every change, in the writing transaction, whatever the
write path: model saves, ``QuerySet.update()``, ``bulk_create`` / ``bulk_update``, the
importers' raw inserts, another process.

* The **token** (:class:`~helpfirst.queue.models.QueueDataVersion`, one row) gets a new random
  value (never a counter: a rolled-back write must not hand a later, different write the same
  token) whenever a row changes in journeys, fit records, buying committees, the summaries'
  ready state, contacts (consent and stakeholder role), users (owner names), and
  interactions on update and delete (every insert the queue can see changes the journey's
  activity summary instead: ``store_new_interactions``, ``Interaction.save()``, the importers
  and demo loaders all write it; a per-row insert trigger would slow bulk ingest).
* **Activity summaries** (which ingest rewrites all day) **and snoozes** are logged per journey
  instead (:class:`~helpfirst.queue.models.ActivityChange`, ids in commit order: SQLite has one
  writer at a time). A kept book re-reads only the summaries and snoozes of the journeys logged
  since it was read; the log keeps its newest ``CHANGES_KEPT`` entries, and a book older than
  that is read again.

One token for the whole database, not one per team: a trigger body may name no table but the
token's and the log's own (see ``_BODY``), so it cannot look a journey's team up.

The state is read only outside transactions and only when every trigger is in place (a later
migration that rebuilds a watched table on SQLite drops that table's triggers; ``post_migrate``
puts them back). Elsewhere (PostgreSQL, inside ``atomic``) :func:`current_state` is None and
the queue reads the database every time: slower, never stale.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DatabaseError, connection

__all__ = [
    "TRIGGER_PREFIX",
    "DataState",
    "changed_journeys",
    "current_state",
    "current_token",
    "install_triggers",
    "remove_triggers",
]

# Versioned: changed trigger bodies get new names, so a database keeping old ones reads None.
TRIGGER_PREFIX = "help_queue_v3_"
VERSION_TABLE = "help_queue_queuedataversion"
CHANGE_TABLE = "help_queue_activitychange"
_NEW_TOKEN = "lower(hex(randomblob(12)))"  # noqa: S105 (SQL, not a secret)
# The change log keeps the last this many entries (pruned every 1,024 inserts); a reader whose
# last entry was pruned reads the whole book again.
CHANGES_KEPT = 100_000

# (app label, model, events, columns watched on update or None: all of them). Activity
# summaries and snoozes are logged per journey instead (``_LOGGED``): ingest rewrites summaries
# all day, reps snooze from the queue, and a kept book then re-reads only those journeys.
_WATCHED = (
    ("journeys", "Journey", ("INSERT", "UPDATE", "DELETE"), None),
    ("journeys", "JourneyStakeholder", ("INSERT", "UPDATE", "DELETE"), None),
    ("fit", "FitRecord", ("INSERT", "UPDATE", "DELETE"), None),
    ("accounts", "Contact", ("INSERT", "UPDATE", "DELETE"), None),
    ("team", "User", ("INSERT", "UPDATE", "DELETE"), ("first_name", "last_name", "username")),
    ("help_queue", "ActivitySummaryState", ("INSERT", "UPDATE", "DELETE"), None),
    ("interactions", "Interaction", ("UPDATE", "DELETE"), None),
)  # fmt: skip
# Trigger bodies name only the token's and the log's tables: SQLite refuses to rebuild a table
# (Django's ALTER TABLE path) while a trigger elsewhere names it ("error in trigger ...: no such
# table"). So neither of those two tables may ever be rebuilt while the triggers exist.
_BODY = f"INSERT OR REPLACE INTO {VERSION_TABLE} (id, token) VALUES (1, {_NEW_TOKEN});"  # noqa: S608

_LOGGED = (("help_queue", "ActivitySummary"), ("help_queue", "Snooze"))
_FIRST_TOKEN = f"INSERT OR IGNORE INTO {VERSION_TABLE} (id, token) VALUES (1, {_NEW_TOKEN})"  # noqa: S608
_PRUNE = (
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGER_PREFIX}prune AFTER INSERT ON {CHANGE_TABLE} "  # noqa: S608
    "FOR EACH ROW WHEN NEW.id % 1024 = 0 BEGIN "
    f"DELETE FROM {CHANGE_TABLE} WHERE id <= NEW.id - {CHANGES_KEPT}; END"
)
_READ = (
    "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "  # noqa: S608
    f"AND name GLOB '{TRIGGER_PREFIX}*'), (SELECT token FROM {VERSION_TABLE} WHERE id = 1), "
    f"(SELECT max(id) FROM {CHANGE_TABLE}), (SELECT min(id) FROM {CHANGE_TABLE})"
)
_CHANGED = f"SELECT DISTINCT journey_id FROM {CHANGE_TABLE} WHERE id > %s AND id <= %s"  # noqa: S608


@dataclass(frozen=True, slots=True)
class DataState:
    """Where the queue's data stands: the token, and the last entry of the summaries' log.

    ``oldest``: the oldest entry still logged (None: none); entries after ``seq`` are later.
    """

    token: str
    seq: int
    oldest: int | None

    @property
    def key(self) -> str:
        """Return one string that changes on every write either part covers."""
        return f"{self.token}:{self.seq}"

    def logged_since(self, seq: int) -> bool:
        """Tell whether every change after entry ``seq`` is still in the log."""
        return seq <= self.seq and (seq == self.seq or (self.oldest or 0) <= seq + 1)


def trigger_sql(get_model) -> list[tuple[str, str]]:
    """Return ``(name, CREATE TRIGGER statement)`` for every trigger (SQLite)."""
    made = []
    watched = [(*w, _BODY) for w in _WATCHED]
    get_model("help_queue", "ActivityChange")  # LookupError before its migration
    log = f"INSERT INTO {CHANGE_TABLE} (journey_id)"
    bodies = {
        "INSERT": f"{log} VALUES (NEW.journey_id);",
        "UPDATE": f"{log} VALUES (NEW.journey_id); "
        f"{log} SELECT OLD.journey_id WHERE OLD.journey_id IS NOT NEW.journey_id;",
        "DELETE": f"{log} VALUES (OLD.journey_id);",
    }
    for model in _LOGGED:
        logged = get_model(*model)._meta.db_table
        made += [_trigger(logged, event, None, body) for event, body in bodies.items()]
    for app_label, model_name, events, columns, body in watched:
        table = get_model(app_label, model_name)._meta.db_table
        made += [_trigger(table, event, columns, body) for event in events]
    made.append((f"{TRIGGER_PREFIX}prune", _PRUNE))
    return made


def _trigger(table: str, event: str, columns, body: str) -> tuple[str, str]:
    name = f"{TRIGGER_PREFIX}{table}_{event.lower()}"
    when = f"UPDATE OF {', '.join(columns)}" if event == "UPDATE" and columns else event
    sql = (
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {when} ON {table} FOR EACH ROW BEGIN {body} END"
    )
    return name, sql


def expected_triggers() -> int:
    """Return how many triggers :func:`install_triggers` creates."""
    return sum(len(events) for _, _, events, _ in _WATCHED) + 3 * len(_LOGGED) + 1


def install_triggers(using_connection, get_model) -> int:
    """Create the missing triggers (SQLite; a no-op elsewhere); return how many are in place.

    Triggers of other versions (another ``TRIGGER_PREFIX``) are dropped first.
    """
    if using_connection.vendor != "sqlite":
        return 0
    statements = trigger_sql(get_model)
    with using_connection.cursor() as cursor:
        for name in _trigger_names(cursor):
            if not name.startswith(TRIGGER_PREFIX):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for _, sql in statements:
            cursor.execute(sql)
        cursor.execute(_FIRST_TOKEN)
    return len(statements)


def remove_triggers(using_connection, get_model=None) -> None:
    """Drop the triggers of every version (reversing the migrations)."""
    if using_connection.vendor != "sqlite":
        return
    with using_connection.cursor() as cursor:
        for name in _trigger_names(cursor):
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _trigger_names(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'help_queue_v*_*'"
    )
    return [row[0] for row in cursor.fetchall()]


def current_state() -> DataState | None:
    """Return where the data stands, or None where that cannot vouch for it.

    None on databases other than SQLite, inside a transaction (uncommitted rows may roll back;
    tests run in transactions), while any trigger is missing, and before the first watched
    write. Read it **before** the data it guards: a write committed in between then only makes
    the cached data newer than its state, and the next state differs anyway.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(_READ)
            triggers, token, seq, oldest = cursor.fetchone()
    except DatabaseError:  # the tables are not migrated yet
        return None
    if triggers != expected_triggers() or token is None:
        return None
    return DataState(str(token), int(seq or 0), oldest)


def current_token() -> str | None:
    """Return one string that changes on every watched write (:func:`current_state`'s key)."""
    state = current_state()
    return None if state is None else state.key


def changed_journeys(after: int, upto: int) -> set[int]:
    """Return the journeys whose activity summary changed in log entries ``(after, upto]``."""
    with connection.cursor() as cursor:
        cursor.execute(_CHANGED, [after, upto])
        return {row[0] for row in cursor.fetchall()}
