"""Helpers to sign and post webhook deliveries like HubSpot and Salesforce connectors do."""

from __future__ import annotations

import json
import time

import pytest

from helpfirst.core.crm.signatures import helpfirst_signature, hubspot_v3_signature

HUBSPOT_SECRET = "hubspot-app-secret-0123456789"


def post_hubspot(client, connection, events, *, secret=HUBSPOT_SECRET, age_s=0.0):
    """POST ``events`` to the connection's URL, signed with HubSpot's v3 scheme."""
    body = json.dumps(events).encode()
    path = connection.webhook_path()
    stamp = str(int((time.time() - age_s) * 1000))
    signature = hubspot_v3_signature(secret, "POST", f"http://testserver{path}", body, stamp)
    return client.post(
        path,
        body,
        content_type="application/json",
        headers={"X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": stamp},
    )


def post_salesforce(client, connection, body: bytes, *, secret=None, content_type="text/xml"):
    """POST ``body`` signed with helpfirst's scheme (X-Helpfirst-Signature)."""
    stamp = str(int(time.time()))
    signature = helpfirst_signature(secret or connection.secret, stamp, body)
    return client.post(
        connection.webhook_path(),
        body,
        content_type=content_type,
        headers={"X-Helpfirst-Timestamp": stamp, "X-Helpfirst-Signature": signature},
    )


@pytest.fixture
def hubspot(world):
    from helpfirst.crm.connections import create_connection

    connection, _ = create_connection(
        world.manager,
        kind="hubspot",
        name="HubSpot prod",
        secret=HUBSPOT_SECRET,
        external_account_id="62515",
    )
    return connection


@pytest.fixture
def salesforce(world):
    from helpfirst.crm.connections import create_connection

    connection, _ = create_connection(
        world.manager,
        kind="salesforce",
        name="Salesforce prod",
        external_account_id="00D000000000062EAA",
    )
    return connection
