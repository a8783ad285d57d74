"""One delivery over a real socket: a signed HubSpot POST to a live server, sent twice."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from helpfirst.core.crm.signatures import hubspot_v3_signature
from tests.crm.conftest import HUBSPOT_SECRET


def _post(url: str, body: bytes, secret: str) -> tuple[int, dict]:
    stamp = str(int(time.time() * 1000))
    request = urllib.request.Request(  # noqa: S310 - a local test server
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-HubSpot-Request-Timestamp": stamp,
            "X-HubSpot-Signature-v3": hubspot_v3_signature(secret, "POST", url, body, stamp),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.django_db(transaction=True)
def test_live_server_stores_a_redelivered_event_once(live_server, transactional_db, world):
    from helpfirst.crm.connections import create_connection
    from helpfirst.crm.models import WebhookDelivery

    connection, _ = create_connection(
        world.manager, kind="hubspot", name="Live", secret=HUBSPOT_SECRET
    )
    url = f"{live_server.url}{connection.webhook_path()}"
    events = [
        {
            "eventId": 77,
            "occurredAt": 1700000000000,
            "subscriptionType": "company.creation",
            "objectId": 1234,
            "properties": {"name": "Live Co", "domain": "live.example"},
        }
    ]
    body = json.dumps(events).encode()
    assert _post(url, body, HUBSPOT_SECRET) == (200, _post_result(applied=1))
    assert _post(url, body, HUBSPOT_SECRET)[1]["duplicates"] == 1
    assert _post(url, body, "wrong-secret-0123456789")[0] == 401
    assert WebhookDelivery.objects.filter(connection=connection).count() == 1
    assert world.team_a.accounts.filter(name="Live Co", source="hubspot").count() == 1


def _post_result(**counts: int) -> dict:
    base = {
        "ok": True,
        "received": 1,
        "applied": 0,
        "duplicates": 0,
        "waiting": 0,
        "unmapped": 0,
        "ignored": 0,
        "failed": 0,
        "unknown_objects": {},
        "messages": [],
    }
    return {**base, **counts}
