"""Every ``HELPFIRST_*`` setting, declared once: name, default and help.

Settings are read from the environment when Django settings are built (never at import time of
other modules). ``helpfirst settings`` and the docs are generated from :data:`SETTINGS`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class SettingRecord:
    """One environment setting helpfirst understands."""

    name: str
    default: str
    help: str

    def read(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS: tuple[SettingRecord, ...] = (
    SettingRecord("HELPFIRST_HOME", "./var", "Folder for the SQLite database, uploads and keys."),
    SettingRecord(
        "DATABASE_URL",
        "",
        "Database URL, e.g. postgres://user:pw@127.0.0.1:5432/helpfirst. "
        "Empty: SQLite at $HELPFIRST_HOME/helpfirst.sqlite3.",
    ),
    SettingRecord(
        "HELPFIRST_SECRET_KEY",
        "",
        "Django secret key. Empty: one is generated once and kept in $HELPFIRST_HOME/secret_key.",
    ),
    SettingRecord("HELPFIRST_DEBUG", "0", "1 to show Django debug pages (never in production)."),
    SettingRecord(
        "HELPFIRST_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names to serve."
    ),
    SettingRecord(
        "HELPFIRST_TEAM_ROSTER",
        "",
        "Comma-separated seller names used to tell call sides apart when --seller is not given.",
    ),
    SettingRecord(
        "HELPFIRST_EMBEDDING_MODEL",
        "",
        "Path to a locally installed sentence-embedding model (never fetched from a hub).",
    ),
    SettingRecord(
        "HELPFIRST_FIT_BACKEND",
        "auto",
        "Fit text matching: builtin, embedding, hybrid, or auto (hybrid when a local embedding "
        "model is installed, else builtin).",
    ),
    SettingRecord(
        "HELPFIRST_WHISPER_MODEL",
        "",
        "Path to a local faster-whisper (CTranslate2) model for call transcription.",
    ),
    SettingRecord(
        "HELPFIRST_SHARED_DATA",
        "../shared/data",
        "Folder with the public data sets used by benchmarks (relative to the repository root).",
    ),
    SettingRecord(
        "HELPFIRST_API_BATCH_LIMIT", "10000", "Most interactions accepted in one API batch."
    ),
    # Security (issue #9): production mode, login lockout, sessions, API rate limits.
    SettingRecord(
        "HELPFIRST_PRODUCTION",
        "0",
        "1 for production: HTTPS only (SSL redirect, HSTS, Secure cookies), DEBUG off, and a "
        "non-default HELPFIRST_SECRET_KEY required. `serve --production` sets it.",
    ),
    SettingRecord(
        "HELPFIRST_BEHIND_PROXY",
        "1",
        "In production, trust X-Forwarded-Proto: https from the reverse proxy (set 0 when "
        "gunicorn faces the network itself, with TLS).",
    ),
    SettingRecord(
        "HELPFIRST_HSTS_SECONDS",
        "31536000",
        "Strict-Transport-Security max-age in production (seconds).",
    ),
    SettingRecord(
        "HELPFIRST_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed sign-ins for one username before it is locked out.",
    ),
    SettingRecord(
        "HELPFIRST_LOGIN_IP_FAILURE_LIMIT",
        "20",
        "Failed sign-ins from one IP address (any username) before that address is locked out.",
    ),
    SettingRecord("HELPFIRST_LOGIN_LOCKOUT_MINUTES", "15", "How long a lockout lasts (minutes)."),
    SettingRecord(
        "HELPFIRST_PAGE_CACHE_SECONDS",
        "60",
        "Reuse rendered account-page fragments this long at most (every write renders them "
        "afresh at once); 0 turns the cache off.",
    ),
    SettingRecord(
        "HELPFIRST_PAGE_CACHE_FILE",
        "",
        "SQLite file of page fragments shared by a server's worker processes; `serve "
        "--production` creates and deletes it itself (empty: one cache per process).",
    ),
    SettingRecord(
        "HELPFIRST_SESSION_IDLE_MINUTES",
        "120",
        "Sign a browser session out after this many minutes without a request.",
    ),
    SettingRecord(
        "HELPFIRST_SESSION_MAX_HOURS",
        "12",
        "Sign a browser session out this many hours after sign-in, active or not.",
    ),
    SettingRecord(
        "HELPFIRST_API_RATE_LIMIT",
        "12000",
        "Most API requests per minute per token (or per user, or per IP when anonymous); "
        "0 turns the limit off. Answered with 429 and Retry-After.",
    ),
    SettingRecord(
        "HELPFIRST_PUBLIC_RATE_LIMIT",
        "600",
        "Most anonymous requests per minute per IP to public pages (buyer links, tracked "
        "links, sign-in); 0 turns the limit off. The tracking beacon has its per-site limit.",
    ),
    # Operations (issue #9): logs and the production server.
    SettingRecord(
        "HELPFIRST_LOG_FORMAT",
        "text",
        "Log lines as text (people) or json (one object per line: time, level, logger, message, "
        "request id, method, path, status, duration_ms, user id).",
    ),
    SettingRecord(
        "HELPFIRST_LOG_LEVEL",
        "WARNING",
        "Level of helpfirst's own logs (the request log is always on, at INFO).",
    ),
    SettingRecord("HELPFIRST_WORKERS", "2", "gunicorn worker processes for `serve --production`."),
    SettingRecord("HELPFIRST_THREADS", "4", "Threads per gunicorn worker."),
    SettingRecord(
        "HELPFIRST_REQUEST_TIMEOUT",
        "60",
        "Seconds before gunicorn restarts a worker stuck on one request.",
    ),
    # Website tracking (issue #8).
    SettingRecord(
        "HELPFIRST_PUBLIC_URL",
        "http://127.0.0.1:8000",
        "helpfirst's address as buyers' browsers reach it: tracked links (/l/…) and the "
        "open pixel in e-mails point here.",
    ),
    SettingRecord(
        "HELPFIRST_TRACKING_IP_LIMIT",
        "300",
        "Most website-tracking events per minute from one client address (each site also has "
        "its own per-minute limit). Answered with 429 and Retry-After.",
    ),
)


def setting(name: str) -> str:
    """Return the current value of a declared setting (environment, else default)."""
    for record in SETTINGS:
        if record.name == name:
            return record.read()
    raise KeyError(f"{name} is not a declared helpfirst setting")


def home_dir() -> Path:
    """Return the resolved ``HELPFIRST_HOME`` folder, creating it if needed."""
    raw = Path(setting("HELPFIRST_HOME")).expanduser()
    path = raw if raw.is_absolute() else (Path.cwd() / raw)
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def shared_data_dir() -> Path:
    """Return the folder of public data sets (benchmarks and some tests read it)."""
    raw = Path(setting("HELPFIRST_SHARED_DATA")).expanduser()
    return raw if raw.is_absolute() else (REPO_ROOT / raw).resolve()
