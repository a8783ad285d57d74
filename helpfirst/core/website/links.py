"""Tracked-link destinations: only absolute http(s) URLs, and the visitor-join parameter."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from helpfirst.core.website.errors import TrackingSetupError
from helpfirst.core.website.payload import LINK_PARAM

MAX_DESTINATION = 2000


def check_destination(url: str) -> str:
    """Return ``url`` if a tracked link may send people there; raise saying why not."""
    value = (url or "").strip()
    if not value:
        raise TrackingSetupError("The destination URL is empty.", field="url")
    if len(value) > MAX_DESTINATION:
        raise TrackingSetupError(
            f"The destination URL is longer than {MAX_DESTINATION} characters.", field="url"
        )
    if any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in value):
        raise TrackingSetupError(
            "The destination URL contains spaces, backslashes or control characters.",
            field="url",
        )
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise TrackingSetupError(f"{value!r} is not a URL.", field="url") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise TrackingSetupError(
            "Only http:// and https:// destinations can be tracked.", field="url"
        )
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise TrackingSetupError(
            "The destination needs a host name and no user name or password.", field="url"
        )
    return value


def with_link_token(url: str, token: str) -> str:
    """Add (or replace) the ``hf_t`` parameter the snippet reads to join visitor and contact."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != LINK_PARAM]
    query.append((LINK_PARAM, token))
    return urlunsplit(parts._replace(query=urlencode(query)))
