"""Which web origins may send events for a site: exact origins or ``https://*.example.com``."""

from __future__ import annotations

from urllib.parse import urlsplit

from helpfirst.core.website.errors import TrackingSetupError

MAX_ORIGINS = 50


def normalise_origin(text: str, *, line: int | None = None) -> str:
    """Return ``scheme://host[:port]`` (lower case); a bare host is taken as https."""
    value = text.strip().rstrip("/")
    if not value:
        raise TrackingSetupError("The origin is empty.", line=line, field="origin")
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise TrackingSetupError(
            f"{text!r} is not an origin; write e.g. https://www.example.com.",
            line=line,
            field="origin",
        ) from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise TrackingSetupError(
            f"{text!r} is not an origin; write e.g. https://www.example.com.",
            line=line,
            field="origin",
        )
    if parts.path not in ("", "/") or parts.query or parts.username or parts.password:
        raise TrackingSetupError(
            f"{text!r} has a path or credentials; an origin is only scheme://host[:port].",
            line=line,
            field="origin",
        )
    label = host[2:] if host.startswith("*.") else host
    if "*" in label or not label or any(ch.isspace() for ch in label):
        raise TrackingSetupError(
            f"{text!r}: a wildcard may only open the host, as in https://*.example.com.",
            line=line,
            field="origin",
        )
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def parse_origins(text: str) -> list[str]:
    """Read origins separated by new lines, spaces or commas; duplicates are dropped."""
    seen: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for item in line.replace(",", " ").split():
            origin = normalise_origin(item, line=number)
            if origin not in seen:
                seen.append(origin)
    if len(seen) > MAX_ORIGINS:
        raise TrackingSetupError(f"At most {MAX_ORIGINS} origins per site.")
    return seen


def origin_allowed(origin: str, allowed: list[str]) -> bool:
    """Tell whether the browser ``Origin`` header value is one of the allowed origins."""
    if not origin or origin == "null":
        return False
    try:
        candidate = normalise_origin(origin)
    except TrackingSetupError:
        return False
    if "*" in candidate:
        return False
    scheme, host = candidate.split("://", 1)
    for entry in allowed:
        if entry == candidate:
            return True
        entry_scheme, entry_host = entry.split("://", 1)
        if entry_scheme == scheme and entry_host.startswith("*."):
            suffix = entry_host[1:]  # ".example.com[:port]"
            if host.endswith(suffix) and len(host) > len(suffix):
                return True
    return False
