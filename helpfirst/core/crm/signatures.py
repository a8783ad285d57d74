"""Verify webhook signatures: HubSpot (v3, v2) and helpfirst's own scheme for Salesforce relays.

HubSpot v3 (``X-HubSpot-Signature-v3``): base64 of HMAC-SHA256, keyed with the app secret, over
``method + uri + body + timestamp`` where the timestamp is ``X-HubSpot-Request-Timestamp`` in
milliseconds; deliveries older than five minutes are refused. HubSpot v2
(``X-HubSpot-Signature`` with ``X-HubSpot-Signature-Version: v2``): hex SHA-256 of
``secret + method + uri + body``; it carries no time, so only the event ids stop a replay.

Salesforce cannot sign outbound messages itself, so a connector (Apex callout, MuleSoft, a relay
in front of outbound messages or the Pub/Sub API) signs them the way Stripe does:
``X-Helpfirst-Timestamp: <unix seconds>`` and
``X-Helpfirst-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping

from helpfirst.core.crm.errors import WebhookSignatureError

MAX_AGE_SECONDS = 300
# HubSpot decodes these escapes in the URI before signing (its v3 documentation lists them).
_HUBSPOT_DECODED = {
    "%3A": ":",
    "%2F": "/",
    "%3F": "?",
    "%40": "@",
    "%21": "!",
    "%24": "$",
    "%27": "'",
    "%28": "(",
    "%29": ")",
    "%2A": "*",
    "%2C": ",",
    "%3B": ";",
}


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


def _hubspot_uri(uri: str) -> str:
    for escaped, plain in _HUBSPOT_DECODED.items():
        uri = uri.replace(escaped, plain).replace(escaped.lower(), plain)
    return uri


def hubspot_v3_signature(secret: str, method: str, uri: str, body: bytes, timestamp: str) -> str:
    """Return the ``X-HubSpot-Signature-v3`` value HubSpot sends for this request."""
    message = method.upper().encode() + _hubspot_uri(uri).encode() + body + timestamp.encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def hubspot_v2_signature(secret: str, method: str, uri: str, body: bytes) -> str:
    """Return the ``X-HubSpot-Signature`` (version v2) value for this request."""
    message = secret.encode() + method.upper().encode() + uri.encode() + body
    return hashlib.sha256(message).hexdigest()


def helpfirst_signature(secret: str, timestamp: str, body: bytes) -> str:
    """Return the ``X-Helpfirst-Signature`` value a Salesforce connector sends for ``body``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


def _check_age(moment: float, now: float, header: str) -> None:
    if abs(now - moment) > MAX_AGE_SECONDS:
        raise WebhookSignatureError(
            f"The delivery was signed {abs(now - moment):.0f} s from now; more than "
            f"{MAX_AGE_SECONDS} s is refused (a replay, or a clock that is wrong).",
            field=header,
        )


def verify_hubspot(
    secret: str,
    *,
    method: str,
    uri: str,
    body: bytes,
    headers: Mapping[str, str],
    now: float | None = None,
) -> str:
    """Check a HubSpot delivery; return the version used ("v3" or "v2").

    ``uri`` is the full URL HubSpot called (scheme, host, path and query). Raises
    :class:`WebhookSignatureError` when the signature is missing, wrong or stale.
    """
    now = time.time() if now is None else now
    given = _lower(headers)
    if "x-hubspot-signature-v3" in given:
        stamp = given.get("x-hubspot-request-timestamp", "")
        try:
            moment = int(stamp) / 1000
        except ValueError:
            raise WebhookSignatureError(
                "X-HubSpot-Request-Timestamp must be milliseconds since 1970.",
                field="X-HubSpot-Request-Timestamp",
            ) from None
        _check_age(moment, now, "X-HubSpot-Request-Timestamp")
        expected = hubspot_v3_signature(secret, method, uri, body, stamp)
        if not hmac.compare_digest(expected, given["x-hubspot-signature-v3"].strip()):
            raise WebhookSignatureError(
                "The HubSpot v3 signature does not match; check the app secret of this "
                "connection and that the webhook URL is exactly the one shown.",
                field="X-HubSpot-Signature-v3",
            )
        return "v3"
    if "x-hubspot-signature" in given and given.get("x-hubspot-signature-version") == "v2":
        expected = hubspot_v2_signature(secret, method, uri, body)
        if not hmac.compare_digest(expected, given["x-hubspot-signature"].strip().lower()):
            raise WebhookSignatureError(
                "The HubSpot v2 signature does not match; check the app secret.",
                field="X-HubSpot-Signature",
            )
        return "v2"
    raise WebhookSignatureError(
        "The delivery carries no HubSpot v3 or v2 signature.", field="X-HubSpot-Signature-v3"
    )


def verify_helpfirst(
    secret: str, *, body: bytes, headers: Mapping[str, str], now: float | None = None
) -> None:
    """Check a delivery signed with helpfirst's scheme (Salesforce connectors)."""
    now = time.time() if now is None else now
    given = _lower(headers)
    stamp = given.get("x-helpfirst-timestamp", "")
    signature = given.get("x-helpfirst-signature", "").strip()
    if not stamp or not signature:
        raise WebhookSignatureError(
            "Sign the delivery: send X-Helpfirst-Timestamp and X-Helpfirst-Signature "
            "(v1=HMAC-SHA256 of 'timestamp.body' with the connection secret).",
            field="X-Helpfirst-Signature",
        )
    try:
        moment = float(stamp)
    except ValueError:
        raise WebhookSignatureError(
            "X-Helpfirst-Timestamp must be seconds since 1970.", field="X-Helpfirst-Timestamp"
        ) from None
    _check_age(moment, now, "X-Helpfirst-Timestamp")
    expected = helpfirst_signature(secret, stamp, body)
    candidates = [part.strip() for part in signature.split(",")]
    if not any(hmac.compare_digest(expected, c) for c in candidates):
        raise WebhookSignatureError(
            "The signature does not match; check the connection secret.",
            field="X-Helpfirst-Signature",
        )
