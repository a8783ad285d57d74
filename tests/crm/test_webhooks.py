"""Webhook receivers over real HTTP requests (Django's test client): signatures, idempotency,
stage moves with history, activities as interactions, team isolation."""

from __future__ import annotations

import json

import pytest

from helpfirst.capture.models import CaptureSource
from helpfirst.crm.models import WebhookDelivery
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, StageChange
from tests.crm.conftest import post_hubspot, post_salesforce

pytestmark = pytest.mark.django_db


def hs(event_id, subscription, object_id, **extra):
    return {
        "eventId": event_id,
        "subscriptionId": 7,
        "portalId": 62515,
        "appId": 1,
        "occurredAt": 1700000000000 + event_id,
        "subscriptionType": subscription,
        "attemptNumber": 0,
        "objectId": object_id,
        "changeSource": "CRM",
        **extra,
    }


def company_contact_deal():
    return [
        hs(1, "company.propertyChange", 501, propertyName="name", propertyValue="Delta AG"),
        hs(2, "company.propertyChange", 501, propertyName="domain", propertyValue="delta.example"),
        hs(
            3,
            "deal.creation",
            901,
            properties={"dealname": "Delta rollout", "dealstage": "appointmentscheduled"},
        ),
        hs(
            4,
            "deal.associationChange",
            901,
            fromObjectId=901,
            toObjectId=501,
            associationType="DEAL_TO_COMPANY",
            associationRemoved=False,
        ),
        hs(
            5,
            "contact.creation",
            301,
            properties={"email": "dora@delta.example", "firstname": "Dora", "lastname": "Delta"},
            associations={"companies": [501]},
        ),
    ]


def test_signed_delivery_is_stored_once_even_when_delivered_twice(client, world, hubspot):
    first = post_hubspot(client, hubspot, company_contact_deal())
    assert first.status_code == 200, first.content
    assert first.json()["applied"] == 4  # the deal waited for its company association ...
    statuses = set(WebhookDelivery.objects.values_list("status", flat=True))
    assert statuses == {"applied"}  # ... and was completed by it
    journey = Journey.objects.get(team=world.team_a, source="hubspot", external_id="901")
    assert journey.buying_stage == "exploring_problem"
    assert journey.account.name == "Delta AG"
    again = post_hubspot(client, hubspot, company_contact_deal())
    assert again.status_code == 200
    assert again.json()["duplicates"] == 5
    assert again.json()["applied"] == 0
    assert WebhookDelivery.objects.filter(connection=hubspot).count() == 5
    assert Journey.objects.filter(source="hubspot").count() == 1
    source = CaptureSource.objects.get(team=world.team_a, kind="hubspot_webhook")
    assert source.duplicates_skipped == 5


def test_deal_stage_change_moves_journey_with_history(client, world, hubspot):
    post_hubspot(client, hubspot, company_contact_deal())
    move = [hs(10, "deal.propertyChange", 901, propertyName="dealstage", propertyValue="closedwon")]
    assert post_hubspot(client, hubspot, move).status_code == 200
    journey = Journey.objects.get(source="hubspot", external_id="901")
    assert journey.buying_stage == "implementing"
    last = StageChange.objects.filter(journey=journey).first()
    assert last.reason == "HubSpot: dealstage → closedwon"
    assert last.from_stage == "exploring_problem"
    odd = [
        hs(11, "deal.propertyChange", 901, propertyName="dealstage", propertyValue="pilot-running")
    ]
    body = post_hubspot(client, hubspot, odd).json()
    assert body["unmapped"] == 1
    assert "pilot-running" in body["messages"][0]
    assert Journey.objects.get(pk=journey.pk).buying_stage == "implementing"


def test_engagements_become_interactions(client, world, hubspot):
    post_hubspot(client, hubspot, company_contact_deal())
    call = hs(
        20,
        "object.creation",
        7001,
        objectTypeId="0-48",
        properties={"hs_timestamp": "2026-11-20T10:00:00Z", "hs_call_title": "Intro"},
        associations={"contacts": [301], "deals": [901]},
    )
    unknown = hs(21, "ticket.creation", 55)
    body = post_hubspot(client, hubspot, [call, unknown]).json()
    assert body["applied"] == 1
    assert body["ignored"] == 1
    assert body["unknown_objects"] == {"ticket": 1}
    item = Interaction.objects.get(source="hubspot", external_id="7001")
    assert item.kind == "call"
    assert item.contact.email == "dora@delta.example"
    assert item.journey.external_id == "901"


def test_wrong_signature_and_stale_timestamp_are_refused(client, world, hubspot):
    wrong = post_hubspot(client, hubspot, company_contact_deal(), secret="x" * 20)
    assert wrong.status_code == 401
    stale = post_hubspot(client, hubspot, company_contact_deal(), age_s=301)
    assert stale.status_code == 401
    assert "300 s" in stale.json()["message"]
    assert not WebhookDelivery.objects.exists()
    assert not Journey.objects.filter(source="hubspot").exists()
    source = CaptureSource.objects.get(kind="hubspot_webhook")
    assert source.error_count == 2


def test_malformed_body_is_400_with_a_message(client, world, hubspot):
    import time

    from helpfirst.core.crm.signatures import hubspot_v3_signature
    from tests.crm.conftest import HUBSPOT_SECRET

    body = b"{not json"
    stamp = str(int(time.time() * 1000))
    path = hubspot.webhook_path()
    sig = hubspot_v3_signature(HUBSPOT_SECRET, "POST", f"http://testserver{path}", body, stamp)
    response = client.post(
        path,
        body,
        content_type="application/json",
        headers={"X-HubSpot-Signature-v3": sig, "X-HubSpot-Request-Timestamp": stamp},
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]


def test_another_teams_connection_cannot_write_into_yours(client, world, hubspot):
    from helpfirst.crm.connections import create_connection

    theirs, _ = create_connection(
        world.outsider.__class__.objects.create(username="boss-b", team=world.team_b, role="admin"),
        kind="hubspot",
        name="B",
        secret="team-b-secret-abcdefghij",
    )
    # Team B's secret cannot sign for team A's URL ...
    refused = post_hubspot(
        client, hubspot, company_contact_deal(), secret="team-b-secret-abcdefghij"
    )
    assert refused.status_code == 401
    # ... and what team B's own URL receives lands in team B only.
    events = [{**e, "portalId": 1} for e in company_contact_deal()]
    ok = post_hubspot(client, theirs, events, secret="team-b-secret-abcdefghij")
    assert ok.status_code == 200
    assert not Journey.objects.filter(team=world.team_a, source="hubspot").exists()
    assert Journey.objects.filter(team=world.team_b, source="hubspot").count() == 1


def test_revoked_connection_is_gone(client, world, hubspot):
    from helpfirst.crm.connections import revoke_connection

    revoke_connection(world.manager, hubspot)
    assert post_hubspot(client, hubspot, company_contact_deal()).status_code == 404


OUTBOUND = """<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>{org}</OrganizationId>
   <ActionId>04k000000000001</ActionId>
   <SessionId xsi:nil="true"/>
   <Notification>
    <Id>04l000000000001AAA</Id>
    <sObject xsi:type="sf:Opportunity" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>006000000000001AAA</sf:Id>
     <sf:AccountId>001000000000001AAA</sf:AccountId>
     <sf:Name>Alpha expansion</sf:Name>
     <sf:StageName>{stage}</sf:StageName>
     <sf:Amount>12000.0</sf:Amount>
    </sObject>
   </Notification>
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>"""


def test_salesforce_outbound_message_gets_soap_ack(client, world, salesforce):
    world.a1.source, world.a1.external_id = "salesforce", "001000000000001AAA"
    world.a1.save()
    body = OUTBOUND.format(org="00D000000000062", stage="Needs Analysis").encode()
    response = post_salesforce(client, salesforce, body)
    assert response.status_code == 200, response.content
    assert b"<Ack>true</Ack>" in response.content
    journey = Journey.objects.get(source="salesforce", external_id="006000000000001AAA")
    assert (journey.account, journey.buying_stage) == (world.a1, "exploring_solutions")
    assert post_salesforce(client, salesforce, body).status_code == 200
    assert WebhookDelivery.objects.filter(connection=salesforce).count() == 1
    moved = (
        OUTBOUND.format(org="00D000000000062", stage="Closed Lost")
        .replace("04l000000000001AAA", "04l000000000002AAA")
        .encode()
    )
    post_salesforce(client, salesforce, moved)
    journey.refresh_from_db()
    assert journey.buying_stage == "no_decision"
    assert journey.stage_history.first().reason == "Salesforce: StageName → Closed Lost"


def test_salesforce_refuses_other_org_unsigned_and_entities(client, world, salesforce):
    other = OUTBOUND.format(org="00D999999999999", stage="Prospecting").encode()
    assert post_salesforce(client, salesforce, other).status_code == 401
    unsigned = client.post(salesforce.webhook_path(), other, content_type="text/xml")
    assert unsigned.status_code == 401
    assert b"Fault" in unsigned.content
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    assert post_salesforce(client, salesforce, bomb).status_code == 400
    assert not Journey.objects.filter(source="salesforce").exists()


def test_salesforce_change_data_capture_json(client, world, salesforce):
    world.a2.source, world.a2.external_id = "salesforce", "001000000000002AAA"
    world.a2.save()
    events = {
        "organizationId": "00D000000000062EAA",
        "events": [
            {
                "replayId": 41,
                "payload": {
                    "ChangeEventHeader": {
                        "entityName": "Task",
                        "recordIds": ["00T000000000001AAA"],
                        "changeType": "CREATE",
                        "commitTimestamp": 1763600000000,
                        "transactionKey": "tk-1",
                        "sequenceNumber": 1,
                    },
                    "Subject": "Call about pricing",
                    "WhatId": "001000000000002AAA",
                    "TaskSubtype": "Call",
                    "ActivityDate": "2026-11-20",
                },
            }
        ],
    }
    body = json.dumps(events).encode()
    response = post_salesforce(client, salesforce, body, content_type="application/json")
    assert response.status_code == 200, response.content
    item = Interaction.objects.get(source="salesforce", external_id="00T000000000001AAA")
    assert (item.kind, item.account) == ("call", world.a2)


def test_property_change_on_a_migrated_contact_never_blanks_other_fields(client, world, hubspot):
    world.c1.source, world.c1.external_id = "hubspot", "444"
    world.c1.first_name, world.c1.last_name = "Ann", "Alpha"
    world.c1.save()
    change = [hs(30, "contact.propertyChange", 444, propertyName="jobtitle", propertyValue="CFO")]
    body = post_hubspot(client, hubspot, change).json()
    assert body["applied"] == 1
    world.c1.refresh_from_db()
    assert (world.c1.first_name, world.c1.last_name, world.c1.title) == ("Ann", "Alpha", "CFO")
    assert world.c1.email == "ann@alpha.example"
