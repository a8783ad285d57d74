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
