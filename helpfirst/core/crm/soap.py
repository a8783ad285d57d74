"""Read Salesforce outbound messages (SOAP) safely, and write the Ack Salesforce expects.

An outbound message is ``<soapenv:Envelope><soapenv:Body><notifications>`` with the
``OrganizationId``, an ``ActionId`` and one ``<Notification>`` per record (its ``<Id>`` is the
notification id Salesforce re-sends on retry, and ``<sObject xsi:type="sf:Opportunity">`` holds
the fields). Documents with a DOCTYPE or entity declarations are refused before parsing, so no
entity expansion ("billion laughs") or external entity can happen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from helpfirst.core.crm.errors import WebhookPayloadError
from helpfirst.core.crm.events import CrmEvent, salesforce_kind
from helpfirst.core.crm.fields import parse_moment

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
MAX_BYTES = 5 * 1024 * 1024
_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

ACK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
    "<soapenv:Body>"
    '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">'
    "<Ack>{ack}</Ack>"
    "</notificationsResponse>"
    "</soapenv:Body>"
    "</soapenv:Envelope>"
)


@dataclass
class OutboundMessage:
    """What one outbound message carried."""

    organization_id: str
    action_id: str = ""
    events: list[CrmEvent] = field(default_factory=list)


def ack_response(ok: bool = True) -> str:
    """Return the SOAP body acknowledging (or not) an outbound message."""
    return ACK.format(ack="true" if ok else "false")


def soap_fault(message: str) -> str:
    """Return a SOAP fault carrying ``message`` (Salesforce retries a fault later)."""
    text = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode>"
        f"<faultstring>{text}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def looks_like_soap(body: bytes) -> bool:
    """Whether a delivery is XML rather than JSON."""
    return body.lstrip()[:1] == b"<"


def parse_outbound_message(body: bytes) -> OutboundMessage:
    """Parse an outbound message; raise WebhookPayloadError when it is not one."""
    if len(body) > MAX_BYTES:
        raise WebhookPayloadError(f"The message is larger than {MAX_BYTES} bytes.")
    if _FORBIDDEN.search(body):
        raise WebhookPayloadError("DOCTYPE and ENTITY declarations are refused.")
    try:
        root = ET.fromstring(body)  # noqa: S314 - no DTD can be present (checked above)
    except ET.ParseError as exc:
        raise WebhookPayloadError(f"The SOAP message is not well-formed XML: {exc}.") from None
    notifications = next((e for e in root.iter() if _local(e.tag) == "notifications"), None)
    if notifications is None:
        raise WebhookPayloadError("This is not a Salesforce outbound message: no <notifications>.")
    values = {_local(child.tag): (child.text or "").strip() for child in notifications}
    organization = values.get("OrganizationId", "")
    if not organization:
        raise WebhookPayloadError(
            "The outbound message has no OrganizationId.", field="OrganizationId"
        )
    message = OutboundMessage(organization_id=organization, action_id=values.get("ActionId", ""))
    for index, note in enumerate(c for c in notifications if _local(c.tag) == "Notification"):
        message.events.append(_notification_event(note, index))
    if not message.events:
        raise WebhookPayloadError("The outbound message holds no <Notification>.")
    return message


def _notification_event(note: ET.Element, index: int) -> CrmEvent:
    note_id = next((c.text or "" for c in note if _local(c.tag) == "Id"), "").strip()
    sobject = next((c for c in note if _local(c.tag) == "sObject"), None)
    if not note_id or sobject is None:
        raise WebhookPayloadError("A <Notification> needs an <Id> and an <sObject>.", row=index + 1)
    entity = sobject.get(XSI_TYPE, "")
    fields: dict[str, str | None] = {}
    for child in sobject:
        fields[_local(child.tag)] = None if child.get(XSI_NIL) == "true" else (child.text or "")
    record = (fields.get("Id") or "").strip()
    if not record:
        raise WebhookPayloadError("The <sObject> has no <Id>.", row=index + 1, field="Id")
    object_type, activity_type = salesforce_kind(entity)
    return CrmEvent(
        event_id=f"notification:{note_id}",
        object_type=object_type,
        object_id=record,
        action="upserted",
        occurred_at=parse_moment(fields.get("LastModifiedDate") or fields.get("SystemModstamp")),
        fields=fields,
        activity_type=activity_type,
        raw_type=entity.rsplit(":", 1)[-1],
    )
