"""Find the transcript of a meeting: an attached file, or a file in a transcripts folder.

A meeting's transcript is, in this order:

1. an inline ATTACH that looks like a transcript (``.vtt``, ``.srt``, or a ``.txt``/``.json``
   whose name says "transcript");
2. an ATTACH or URL pointing to such a local file (``file:`` URI or relative path) that lies
   inside one of the allowed folders (the ``--transcripts`` folder, or the .ics file's own
   folder for file imports): a calendar never makes helpfirst read files elsewhere;
3. a file in the transcripts folder named after the event (its UID, or UID and instance start),
4. or one whose name carries the meeting's start time (UTC), e.g. Zoom's
   ``GMT20260301-093000_Recording.transcript.vtt`` or ``2026-03-01T0930 acme.vtt``, within
   ``TIME_TOLERANCE`` of the start; the closest wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from helpfirst.core.calendar.model import Attachment, Meeting, uid_key

TRANSCRIPT_SUFFIXES = (".vtt", ".srt")
NAMED_SUFFIXES = (".txt", ".json")
TRANSCRIPT_TYPES = ("text/vtt", "application/x-subrip")
TIME_TOLERANCE = timedelta(minutes=20)
MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024
_TIME = re.compile(
    r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})[T_ -]?(\d{2})[-:.h]?(\d{2})(?:[-:.]?(\d{2}))?(?!\d)"
)


@dataclass(frozen=True)
class TranscriptFile:
    """Where a meeting's transcript came from and its bytes."""

    name: str
    data: bytes
    origin: str  # "attachment", "folder-uid", "folder-time"


def looks_like_transcript(name: str, fmttype: str = "") -> bool:
    """Tell whether a file name (or media type) is a transcript helpfirst can analyse."""
    lower = name.lower()
    if fmttype.lower() in TRANSCRIPT_TYPES or lower.endswith(TRANSCRIPT_SUFFIXES):
        return True
    return lower.endswith(NAMED_SUFFIXES) and "transcript" in lower


def time_in_name(name: str) -> datetime | None:
    """Return the UTC time written in a file name, or None."""
    match = _TIME.search(name)
    if not match:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=UTC
        )
    except ValueError:
        return None


def safe_stem(text: str) -> str:
    """The form of a UID used in file names: unsafe characters become ``_``."""
    return re.sub(r"[^A-Za-z0-9@._-]", "_", text)[:200]


def _inside(path: Path, roots: list[Path]) -> bool:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def _read(path: Path) -> bytes | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _local_path(reference: str, roots: list[Path]) -> Path | None:
    parsed = urlparse(reference)
    if parsed.scheme.lower() == "file":
        candidate = Path(unquote(parsed.path))
    elif parsed.scheme or reference.startswith("//"):
        return None  # a web or mail link: never fetched
    else:
        candidate = Path(unquote(reference))
    if not candidate.is_absolute():
        for root in roots:
            joined = root / candidate
            if _inside(joined, roots) and joined.is_file():
                return joined
        return None
    return candidate if _inside(candidate, roots) else None


def from_attachments(meeting: Meeting, roots: list[Path]) -> TranscriptFile | None:
    """Return the transcript attached to ``meeting`` (inline, or a local file in ``roots``)."""
    links = [*meeting.attachments]
    if meeting.url:
        links.append(Attachment(uri=meeting.url))
    for item in links:
        if not looks_like_transcript(item.name, item.fmttype):
            continue
        if item.data is not None:
            return TranscriptFile(item.name or "transcript.vtt", item.data, "attachment")
        if item.uri and roots:
            path = _local_path(item.uri, roots)
            data = _read(path) if path else None
            if data is not None:
                return TranscriptFile(path.name, data, "attachment")
    return None


class TranscriptFolder:
    """A folder of transcript files, indexed once by name and by the time in the name."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.by_stem: dict[str, Path] = {}
        self.by_time: list[tuple[datetime, Path]] = []
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if not path.is_file() or not looks_like_transcript(path.name):
                continue
            stem = path.name.split(".", 1)[0] if path.suffix else path.name
            self.by_stem.setdefault(path.stem, path)
            self.by_stem.setdefault(stem, path)
            moment = time_in_name(path.name)
            if moment is not None:
                self.by_time.append((moment, path))

    def find(self, meeting: Meeting) -> TranscriptFile | None:
        """Return the transcript for ``meeting`` by UID, else by start time; None if none."""
        names = [meeting.external_id, meeting.uid, uid_key(meeting.uid)]
        for name in names:
            path = self.by_stem.get(safe_stem(name)) or self.by_stem.get(name)
            data = _read(path) if path else None
            if data is not None:
                return TranscriptFile(path.name, data, "folder-uid")
        start = meeting.start.astimezone(UTC)
        close = [
            (abs(moment - start), path)
            for moment, path in self.by_time
            if abs(moment - start) <= TIME_TOLERANCE
        ]
        if close:
            path = min(close)[1]
            data = _read(path)
            if data is not None:
                return TranscriptFile(path.name, data, "folder-time")
        return None
