"""Pure CRM logic: signatures, payload parsing, SOAP safety, field and stage mapping."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.crm.errors import WebhookPayloadError, WebhookSignatureError
from helpfirst.core.crm.events import parse_hubspot, parse_salesforce_json
from helpfirst.core.crm.exports import detect_object
from helpfirst.core.crm.fields import map_fields, parse_moment
from helpfirst.core.crm.signatures import (
    helpfirst_signature,
    hubspot_v2_signature,
    hubspot_v3_signature,
    verify_helpfirst,
    verify_hubspot,
)
from helpfirst.core.crm.soap import ack_response, parse_outbound_message
from helpfirst.core.crm.stages import map_activity_kind, map_crm_stage, parse_stage_map

SECRET = "app-secret-0123456789"
URI = "https://crm.example/api/crm/webhooks/hubspot/key123"
NOW = 1_763_900_000.0


def test_hubspot_v3_matches_the_documented_recipe():
    body = b'[{"eventId":1}]'
    stamp = str(int(NOW * 1000))
    expected = base64.b64encode(
        hmac.new(
            SECRET.encode(), b"POST" + URI.encode() + body + stamp.encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert hubspot_v3_signature(SECRET, "POST", URI, body, stamp) == expected
    headers = {"X-HubSpot-Signature-v3": expected, "X-HubSpot-Request-Timestamp": stamp}
    assert (
        verify_hubspot(SECRET, method="POST", uri=URI, body=body, headers=headers, now=NOW) == "v3"
    )


def test_hubspot_v3_refuses_wrong_secret_tampered_body_and_stale_time():
    body = b"[]"
    stamp = str(int(NOW * 1000))
    good = hubspot_v3_signature(SECRET, "POST", URI, body, stamp)
    headers = {"X-HubSpot-Signature-v3": good, "X-HubSpot-Request-Timestamp": stamp}
    with pytest.raises(WebhookSignatureError):
        verify_hubspot(
            "other-secret-xxxxxxxx", method="POST", uri=URI, body=body, headers=headers, now=NOW
        )
    with pytest.raises(WebhookSignatureError):
        verify_hubspot(SECRET, method="POST", uri=URI, body=b"[1]", headers=headers, now=NOW)
    with pytest.raises(WebhookSignatureError, match="300 s"):
        verify_hubspot(SECRET, method="POST", uri=URI, body=body, headers=headers, now=NOW + 301)
    with pytest.raises(WebhookSignatureError, match="no HubSpot"):
        verify_hubspot(SECRET, method="POST", uri=URI, body=body, headers={}, now=NOW)


def test_hubspot_v2_is_accepted():
    body = b"[]"
    headers = {
        "X-HubSpot-Signature": hubspot_v2_signature(SECRET, "POST", URI, body),
        "X-HubSpot-Signature-Version": "v2",
    }
    assert verify_hubspot(SECRET, method="POST", uri=URI, body=body, headers=headers) == "v2"


def test_helpfirst_scheme():
    body = b"<x/>"
    stamp = str(int(NOW))
    headers = {
        "X-Helpfirst-Timestamp": stamp,
        "X-Helpfirst-Signature": helpfirst_signature(SECRET, stamp, body),
    }
    verify_helpfirst(SECRET, body=body, headers=headers, now=NOW)
    with pytest.raises(WebhookSignatureError):
        verify_helpfirst(SECRET, body=b"<y/>", headers=headers, now=NOW)
    with pytest.raises(WebhookSignatureError):
        verify_helpfirst(SECRET, body=body, headers=headers, now=NOW + 600)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_parsers_raise_only_their_error(body):
    for parse in (parse_hubspot, parse_salesforce_json, parse_outbound_message):
        with contextlib.suppress(WebhookPayloadError):
            parse(body)


@settings(max_examples=40, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
        max_leaves=12,
    )
)
def test_json_shapes_never_crash(value):
    body = json.dumps(value).encode()
    for parse in (parse_hubspot, parse_salesforce_json):
        with contextlib.suppress(WebhookPayloadError):
            parse(body)


def test_hubspot_events_are_read():
    events = parse_hubspot(
        json.dumps(
            [
                {
                    "eventId": 5,
                    "occurredAt": 1700000000000,
                    "subscriptionType": "deal.propertyChange",
                    "objectId": 9,
                    "propertyName": "dealstage",
                    "propertyValue": "closedwon",
                    "portalId": 62515,
                },
                {
                    "eventId": 6,
                    "occurredAt": 1700000000001,
                    "subscriptionType": "object.creation",
                    "objectTypeId": "0-47",
                    "objectId": 10,
                },
                {
                    "eventId": 7,
                    "occurredAt": 1700000000002,
                    "subscriptionType": "contact.associationChange",
                    "fromObjectId": 3,
                    "toObjectId": 4,
                    "associationType": "CONTACT_TO_COMPANY",
                },
            ]
        ).encode()
    )
    assert [(e.object_type, e.action) for e in events] == [
        ("deal", "changed"),
        ("activity", "created"),
        ("contact", "associated"),
    ]
    assert events[0].fields == {"dealstage": "closedwon"}
    assert events[0].account_id == "62515"
    assert events[1].activity_type == "meeting"
    assert events[2].associations == [("company", "4")]
    with pytest.raises(WebhookPayloadError, match="objectId"):
        parse_hubspot(b'[{"eventId": 1, "occurredAt": 1}]')


def test_soap_refuses_entities_and_reads_notifications():
    with pytest.raises(WebhookPayloadError, match="DOCTYPE"):
        parse_outbound_message(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    with pytest.raises(WebhookPayloadError, match="notifications"):
        parse_outbound_message(b"<Envelope/>")
    body = (
        b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><e:Body>'
        b'<notifications xmlns="http://soap.sforce.com/2005/09/outbound">'
        b"<OrganizationId>00D1</OrganizationId><Notification><Id>04l1</Id>"
        b'<sObject xsi:type="sf:Account" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">'
        b'<sf:Id>001A</sf:Id><sf:Name>Acme</sf:Name><sf:Website xsi:nil="true"/></sObject>'
        b"</Notification></notifications></e:Body></e:Envelope>"
    )
    message = parse_outbound_message(body)
    assert message.organization_id == "00D1"
    event = message.events[0]
    assert (event.object_type, event.object_id, event.event_id) == (
        "company",
        "001A",
        "notification:04l1",
    )
    assert event.fields["Name"] == "Acme"
    assert event.fields["Website"] is None
    assert "<Ack>true</Ack>" in ack_response()


def test_stage_table_and_overrides():
    assert map_crm_stage("Closed Won") == "implementing"
    assert map_crm_stage("closedlost") == "no_decision"
    assert map_crm_stage("Proposal/Price Quote") == "deciding"
    assert map_crm_stage("Pilot running") is None
    assert map_crm_stage("Pilot running", is_closed=True, is_won=False) == "no_decision"
    table = parse_stage_map(["Pilot running=evaluating"])
    assert map_crm_stage("pilot-running", extra=table) == "evaluating"
    with pytest.raises(ValueError, match="buying_stage"):
        parse_stage_map(["nonsense"])
    assert map_activity_kind("Call") == "call"
    assert map_activity_kind("something odd") == "note"


def test_fields_and_moments():
    mapped = map_fields(
        "deal", {"STAGENAME": "Prospecting", "NAME": " Big deal ", "ID": "006", "AMOUNT": ""}
    )
    assert mapped.values == {"stage": "Prospecting", "title": "Big deal", "external_id": "006"}
    assert parse_moment("2024-01-22T20:36:47.000+0000").isoformat() == "2024-01-22T20:36:47+00:00"
    assert parse_moment("1700000000000").year == 2023
    assert parse_moment("2010-10-14T12:00:00.000Z-0300") is None


def test_detect_object_by_name_and_header():
    assert detect_object("SFDC-Assets__Opportunity.csv", []).kind == "deal"
    assert detect_object("calls.csv", []).activity_type == "call"
    assert detect_object("x.csv", ["Id", "StageName"]).kind == "deal"
    assert detect_object("x.csv", ["ID", "NAME", "ERROR"]).kind == ""
    assert detect_object("x.csv", ["foo"]).why
