"""Connection pages and API: managers create (secret shown once) and revoke; reps are refused;
every list is scoped to the team."""

from __future__ import annotations

import pytest

from helpfirst.crm.connections import create_connection
from helpfirst.crm.models import CrmConnection
from helpfirst.team.models import ApiToken
from tests.crm.conftest import post_hubspot

pytestmark = pytest.mark.django_db


def test_manager_creates_connection_and_sees_secret_once(client, world):
    client.force_login(world.manager)
    page = client.post(
        "/crm/", {"kind": "salesforce", "name": "SF prod", "external_account_id": "00D000000000062"}
    )
    assert page.status_code == 200
    connection = CrmConnection.objects.get(name="SF prod")
    text = page.content.decode()
    assert connection.secret in text
    assert f"/api/crm/webhooks/salesforce/{connection.public_key}" in text
    listing = client.get("/crm/").content.decode()
    assert "SF prod" in listing
    assert connection.secret not in listing
    assert connection.secret not in client.get(f"/crm/{connection.pk}/").content.decode()


def test_hubspot_needs_its_app_secret(client, world):
    client.force_login(world.manager)
    page = client.post("/crm/", {"kind": "hubspot", "name": "HS"})
    assert page.status_code == 200
    assert "client secret" in page.content.decode()
    assert not CrmConnection.objects.exists()


def test_rep_is_refused_and_other_team_gets_404(client, world, hubspot):
    client.force_login(world.rep1)
    assert client.get("/crm/").status_code == 403
    client.force_login(world.outsider)
    assert client.get(f"/crm/{hubspot.pk}/").status_code in (403, 404)
    other_admin = world.outsider.__class__.objects.create(
        username="boss-b", team=world.team_b, role="admin"
    )
    client.force_login(other_admin)
    assert client.get(f"/crm/{hubspot.pk}/").status_code == 404
    assert client.post(f"/crm/{hubspot.pk}/revoke/").status_code == 404


def test_deliveries_page_and_revoke(client, world, hubspot):
    events = [
        {
            "eventId": 1,
            "occurredAt": 1700000000000,
            "portalId": 62515,
            "subscriptionType": "ticket.creation",
            "objectId": 5,
        }
    ]
    post_hubspot(client, hubspot, events)
    client.force_login(world.manager)
    page = client.get(f"/crm/{hubspot.pk}/").content.decode()
    assert "ticket.creation" in page
    assert "Object not used" in page
    assert client.post(f"/crm/{hubspot.pk}/revoke/").status_code == 302
    hubspot.refresh_from_db()
    assert hubspot.revoked_at is not None


def test_api_lists_connections_and_deliveries_of_own_team(client, world, hubspot):
    theirs, _ = create_connection(
        world.outsider.__class__.objects.create(username="boss-b", team=world.team_b, role="admin"),
        kind="salesforce",
        name="Theirs",
    )
    post_hubspot(
        client,
        hubspot,
        [
            {
                "eventId": 2,
                "occurredAt": 1700000000000,
                "portalId": 62515,
                "subscriptionType": "ticket.creation",
                "objectId": 6,
            }
        ],
    )
    _, raw = ApiToken.issue(world.manager, "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    listed = client.get("/api/crm/connections", **auth)
    assert listed.status_code == 200
    body = listed.json()
    assert [c["name"] for c in body] == ["HubSpot prod"]
    assert "secret" not in body[0]
    assert hubspot.secret not in listed.content.decode()
    deliveries = client.get(f"/api/crm/connections/{hubspot.pk}/deliveries", **auth).json()
    assert [d["status"] for d in deliveries] == ["ignored"]
    assert client.get(f"/api/crm/connections/{theirs.pk}/deliveries", **auth).status_code == 404
    _, rep_raw = ApiToken.issue(world.rep1, "rep")
    refused = client.get("/api/crm/connections", HTTP_AUTHORIZATION=f"Bearer {rep_raw}")
    assert refused.status_code == 403
