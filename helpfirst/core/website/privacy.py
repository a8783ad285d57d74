"""Respect the visitor: Do-Not-Track, Global Privacy Control, and the team's IP policy."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Mapping

IP_POLICIES = ("drop", "truncate")


def privacy_signal(headers: Mapping[str, str]) -> str:
    """Return why the browser asked not to be tracked ("" when it did not).

    ``headers`` uses HTTP names (``DNT``, ``Sec-GPC``), looked up case-insensitively.
    """
    lowered = {str(k).lower(): str(v).strip() for k, v in headers.items()}
    if lowered.get("dnt") == "1":
        return "do_not_track"
    if lowered.get("sec-gpc") == "1":
        return "global_privacy_control"
    return ""


def apply_ip_policy(ip: str, policy: str) -> str:
    """Return what may be stored of ``ip``: nothing (drop), or its network (truncate).

    Truncation keeps an IPv4 /24 and an IPv6 /48, enough for a rough location and never one
    household. An unreadable address is never stored.
    """
    if policy != "truncate":
        return ""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def limiter_key(ip: str, secret: str) -> str:
    """A keyed hash of an address for rate limiting, so raw addresses are never stored."""
    return hmac.new(secret.encode(), ip.encode(), hashlib.sha256).hexdigest()[:32]
