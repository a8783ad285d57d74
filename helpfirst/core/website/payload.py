"""Read one event sent by the snippet, with size caps and messages a developer can act on.

The snippet sends one JSON object per event (``Content-Type: text/plain`` so browsers need no
CORS preflight)::

    {"site_key": "hfs_…", "visitor_id": "v_…", "kind": "page_view", "url": "https://…",
     "title": "Pricing", "referrer": "https://…", "at": 1763900000000, "event_id": "e_…",
     "consent": true, "email": "…" (form_submit only), "link_token": "…" (optional)}

Everything is checked here; nothing about sites or teams (the Django app does that).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from helpfirst.core.website.errors import TrackingPayloadError

MAX_BODY_BYTES = 8 * 1024
MAX_URL = 1000
MAX_TITLE = 300
MAX_EMAIL = 254
EVENT_KINDS = ("page_view", "content_download", "form_submit")
# Two views of the same URL by the same visitor within this many seconds are one view.
DEDUPE_BUCKET_SECONDS = 30
# Client clocks are trusted within this window; outside it the server's time is used.
MAX_CLOCK_PAST = timedelta(days=1)
MAX_CLOCK_FUTURE = timedelta(minutes=5)
LINK_PARAM = "hf_t"

_ID = re.compile(r"[A-Za-z0-9_-]{8,64}\Z")
_SITE_KEY = re.compile(r"[A-Za-z0-9_-]{8,80}\Z")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,80}\Z")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+\Z")
KNOWN_FIELDS = frozenset(
    {
        "site_key",
        "visitor_id",
        "kind",
        "url",
        "title",
        "referrer",
        "at",
        "event_id",
        "consent",
        "email",
        "link_token",
        "dnt",
        "gpc",
    }
)


@dataclass(frozen=True)
class CollectedEvent:
    """One checked event, ready for the app to store."""

    site_key: str
    visitor_id: str
    kind: str
    url: str
    title: str
    referrer: str
    occurred_at: datetime
    event_id: str
    consent: bool | None
    email: str
    link_token: str
    privacy_signal: str  # "" or why the browser asked not to be tracked

    @property
    def dedupe_key(self) -> str:
        """Same visitor, kind and URL within one time bucket: the same event."""
        return dedupe_key(self.visitor_id, self.kind, self.url, self.occurred_at)


def dedupe_key(visitor_id: str, kind: str, url: str, moment: datetime) -> str:
    bucket = int(moment.timestamp()) // DEDUPE_BUCKET_SECONDS
    raw = f"{visitor_id}|{kind}|{url}|{bucket}".encode()
    return hashlib.sha256(raw).hexdigest()[:40]


def _fail(message: str, field: str | None = None) -> TrackingPayloadError:
    return TrackingPayloadError(message, field=field)


def _text(data: dict, key: str, limit: int, *, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _fail(f"{key} must be a string.", key)
    value = value.strip()
    if required and not value:
        raise _fail(f"{key} is required.", key)
    if len(value) > limit:
        raise _fail(f"{key} is longer than {limit} characters.", key)
    if any(ord(ch) < 32 and ch not in "\t" for ch in value):
        raise _fail(f"{key} contains control characters.", key)
    return value


def clean_page_url(url: str, field: str = "url") -> str:
    """Return an absolute http(s) URL without fragment, tracking token or e-mail addresses."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise _fail(f"{field} is not a URL: {exc}.", field) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _fail(f"{field} must be an absolute http(s) URL.", field)
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name != LINK_PARAM and "@" not in value
    ]
    netloc = parts.hostname.lower() + (f":{parts.port}" if _port(parts) else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


def _port(parts) -> int | None:
    try:
        return parts.port
    except ValueError:
        raise _fail("The URL has an invalid port.", "url") from None


def _when(value, now: datetime) -> datetime:
    if value in (None, ""):
        return now
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail("at must be milliseconds since 1970 (Date.now()).", "at")
    try:
        moment = datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return now
    if moment < now - MAX_CLOCK_PAST or moment > now + MAX_CLOCK_FUTURE:
        return now
    return moment


def _flag(data: dict, key: str) -> bool | None:
    value = data.get(key)
    if value is None:
        return None
    if value in (True, 1, "1", "true", "yes"):
        return True
    if value in (False, 0, "0", "false", "no", ""):
        return False
    raise _fail(f"{key} must be true or false.", key)


def parse_event(body: bytes | str, now: datetime | None = None) -> CollectedEvent:
    """Read and check one event; raise :class:`TrackingPayloadError` naming the bad field."""
    now = now or datetime.now(UTC)
    raw = body.encode() if isinstance(body, str) else body
    if len(raw) > MAX_BODY_BYTES:
        raise _fail(f"The event is larger than {MAX_BODY_BYTES} bytes.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _fail(f"The body is not UTF-8 JSON ({exc.__class__.__name__}).") from None
    if not isinstance(data, dict):
        raise _fail("The body must be one JSON object (one event).")
    unknown = sorted(str(k) for k in data if k not in KNOWN_FIELDS)
    if unknown:
        raise _fail(f"Unknown field(s): {', '.join(unknown[:5])}.", unknown[0][:50])
    site_key = _text(data, "site_key", 80, required=True)
    if not _SITE_KEY.match(site_key):
        raise _fail("site_key is malformed; copy it from the site's page in helpfirst.", "site_key")
    visitor_id = _text(data, "visitor_id", 64, required=True)
    if not _ID.match(visitor_id):
        raise _fail("visitor_id must be 8-64 letters, digits, '-' or '_'.", "visitor_id")
    kind = _text(data, "kind", 32) or "page_view"
    if kind not in EVENT_KINDS:
        raise _fail(f"Unknown kind {kind!r}; use one of: {', '.join(EVENT_KINDS)}.", "kind")
    url = clean_page_url(_text(data, "url", MAX_URL, required=True))
    referrer = _text(data, "referrer", MAX_URL)
    if referrer:
        try:
            referrer = clean_page_url(referrer, "referrer")
        except TrackingPayloadError:
            referrer = ""  # a strange referrer is not worth losing the event for
    event_id = _text(data, "event_id", 64)
    if event_id and not _ID.match(event_id):
        raise _fail("event_id must be 8-64 letters, digits, '-' or '_'.", "event_id")
    email = _text(data, "email", MAX_EMAIL).lower()
    if email and not _EMAIL.match(email):
        email = ""  # a mistyped address identifies nobody; the event still counts
    if email and kind != "form_submit":
        raise _fail("email is only sent with form_submit events.", "email")
    link_token = _text(data, "link_token", 80)
    if link_token and not _TOKEN.match(link_token):
        link_token = ""
    signal = ""
    if _flag(data, "dnt"):
        signal = "do_not_track"
    elif _flag(data, "gpc"):
        signal = "global_privacy_control"
    return CollectedEvent(
        site_key=site_key,
        visitor_id=visitor_id,
        kind=kind,
        url=url,
        title=_text(data, "title", MAX_TITLE),
        referrer=referrer,
        occurred_at=_when(data.get("at"), now),
        event_id=event_id,
        consent=_flag(data, "consent"),
        email=email,
        link_token=link_token,
        privacy_signal=signal,
    )
