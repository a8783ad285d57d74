"""Rendered page fragments shared by the worker processes of one server.

``helpfirst serve --production`` runs several gunicorn workers. A cache kept inside each worker
renders every page once per worker, and forgets everything when a worker is recycled; this store
keeps the fragments in one SQLite file that all workers of the server read and write. The file
is created when the server starts and deleted when it stops (``helpfirst.operations.
gunicorn_conf``), so nothing outlives the server: a restored backup never meets fragments of its
old data. Without that file (``runserver``, tests, the CLI) each process keeps its own cache.

A cache must never break a page: a locked or unreadable store answers "not cached" and a
write it cannot make is skipped (both logged once per process).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

ENV_FILE = "HELPFIRST_PAGE_CACHE_FILE"  # set by the gunicorn master for its workers
PRUNE_EVERY = 500  # writes between two clean-ups of expired and surplus fragments

logger = logging.getLogger(__name__)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS fragment ("
    " key TEXT PRIMARY KEY, expires REAL NOT NULL, html TEXT NOT NULL) WITHOUT ROWID"
)

_GET = "SELECT html FROM fragment WHERE key = ? AND expires > ?"


class SharedFragmentStore:
    """A key → HTML store with expiry in one SQLite file, safe across processes and threads."""

    def __init__(self, path: Path | str, max_entries: int = 5000):
        self.path = str(path)
        self.max_entries = max_entries
        self._local = threading.local()
        self._writes = 0
        self._warned = False

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            connection = sqlite3.connect(self.path, timeout=0.2, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")  # a lost fragment is only re-rendered
            connection.execute(_SCHEMA)
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def _failed(self, error: sqlite3.Error) -> None:
        if not self._warned:
            self._warned = True
            logger.warning(
                "Page fragment store %s unavailable (%s); rendering afresh.", self.path, error
            )

    def get(self, key: str) -> str | None:
        """Return the fragment stored under ``key`` unless it expired, else None."""
        try:
            row = (
                self._connection()
                .execute(
                    "SELECT html FROM fragment WHERE key = ? AND expires > ?", (key, time.time())
                )
                .fetchone()
            )
        except sqlite3.Error as error:
            self._failed(error)
            return None
        return row[0] if row else None

    def set(self, key: str, html: str, timeout: float) -> None:
        """Store ``html`` under ``key`` for ``timeout`` seconds (skipped when the store is busy)."""
        try:
            connection = self._connection()
            connection.execute(
                "INSERT OR REPLACE INTO fragment (key, expires, html) VALUES (?, ?, ?)",
                (key, time.time() + timeout, html),
            )
            self._writes += 1
            if self._writes % PRUNE_EVERY == 0:
                self.prune()
        except sqlite3.Error as error:
            self._failed(error)

    def prune(self) -> None:
        """Delete expired fragments, then the soonest-expiring ones past ``max_entries``."""
        connection = self._connection()
        connection.execute("DELETE FROM fragment WHERE expires <= ?", (time.time(),))
        connection.execute(
            "DELETE FROM fragment WHERE key IN (SELECT key FROM fragment ORDER BY expires"
            " LIMIT max(0, (SELECT count(*) FROM fragment) - ?))",
            (self.max_entries,),
        )

    def clear(self) -> None:
        """Forget every fragment."""
        try:
            self._connection().execute("DELETE FROM fragment")
        except sqlite3.Error as error:
            self._failed(error)


def create_store_file(folder: Path) -> Path:
    """Create an empty store for a server starting now and return its path.

    Stores left by servers that were killed (their master process is gone) are deleted.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("page-fragments-*.sqlite3"):
        pid = stale.stem.removeprefix("page-fragments-")
        if not pid.isdigit() or not _running(int(pid)):
            remove_store_file(stale)
    path = folder / f"page-fragments-{os.getpid()}.sqlite3"
    remove_store_file(path)
    SharedFragmentStore(path)._connection().close()
    return path


def remove_store_file(path: Path) -> None:
    """Delete a store and its WAL files (the server stopped)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: leave its file alone
    return True
