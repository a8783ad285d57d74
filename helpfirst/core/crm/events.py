"""Read webhook deliveries into :class:`CrmEvent` objects: HubSpot JSON, Salesforce JSON.

HubSpot sends a JSON array of events (``subscriptionType`` like ``deal.propertyChange``, or
``object.creation`` with an ``objectTypeId``); each names one object and, for property changes,
one property. Workflow webhooks send whole objects (``properties``); both are read.

Salesforce JSON comes from a connector relaying Change Data Capture or platform events:
``{"organizationId": "00D…", "events": [{"replayId": …, "payload": {"ChangeEventHeader":
{…}, "StageName": …}}]}``; SOAP outbound messages are read by :mod:`helpfirst.core.crm.soap`.
Anything unreadable raises :class:`WebhookPayloadError` naming what is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from helpfirst.core.crm.errors import WebhookPayloadError
from helpfirst.core.crm.fields import parse_moment

MAX_EVENTS = 1000

# HubSpot object type ids (object.* subscriptions) and names.
HUBSPOT_TYPES = {
    "0-1": "contact",
    "0-2": "company",
    "0-3": "deal",
    "0-5": "ticket",
    "0-27": "task",
    "0-46": "note",
    "0-47": "meeting",
    "0-48": "call",
    "0-49": "email",
}
ACTIVITY_TYPES = {"task", "note", "meeting", "call", "email", "engagement", "communication"}
SALESFORCE_TYPES = {
    "account": "company",
    "contact": "contact",
    "lead": "lead",
    "opportunity": "deal",
    "task": "activity",
    "event": "activity",
}
_HUBSPOT_ACTIONS = {
    "creation": "created",
    "propertychange": "changed",
    "deletion": "deleted",
    "associationchange": "associated",
    "merge": "merged",
    "restore": "restored",
    "privacydeletion": "deleted",
}


@dataclass
class CrmEvent:
    """One change to one CRM object, as delivered."""

    event_id: str
    object_type: str  # company, contact, lead, deal, activity, or the CRM's own name if unknown
    object_id: str
    action: str  # created, changed, deleted, associated, merged, restored, upserted
    occurred_at: datetime | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    associations: list[tuple[str, str]] = field(default_factory=list)  # (object_type, id)
    activity_type: str = ""  # call, meeting, email, task, note for activities
    raw_type: str = ""
    account_id: str = ""  # the HubSpot portal the event came from, where it says

    @property
    def known(self) -> bool:
        return self.object_type in ("company", "contact", "lead", "deal", "activity")


def _load_json(body: bytes) -> Any:
    if not body.strip():
        raise WebhookPayloadError("The delivery is empty; send the events as JSON.")
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise WebhookPayloadError(f"The delivery is not valid JSON: {exc}.") from None


def _hubspot_kind(name: str) -> tuple[str, str]:
    """Return (object_type, activity_type) for a HubSpot object name or type id."""
    name = HUBSPOT_TYPES.get(name, name).lower()
    if name in ("contact", "company", "deal"):
        return name, ""
    if name in ACTIVITY_TYPES:
        return "activity", name
    return name or "unknown", ""


def _flatten_properties(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    flat: dict[str, Any] = {}
    for key, item in value.items():
        flat[str(key)] = item.get("value") if isinstance(item, dict) else item
    return flat


def parse_hubspot(body: bytes) -> list[CrmEvent]:
    """Read a HubSpot webhook delivery (an array of events, or one workflow object)."""
    data = _load_json(body)
    items = data if isinstance(data, list) else [data]
    if len(items) > MAX_EVENTS:
        raise WebhookPayloadError(f"At most {MAX_EVENTS} events per delivery.")
    return [_hubspot_event(item, index) for index, item in enumerate(items)]


def _hubspot_event(item: Any, index: int) -> CrmEvent:
    if not isinstance(item, dict):
        raise WebhookPayloadError("Each event must be a JSON object.", row=index + 1)
    subscription = str(item.get("subscriptionType") or "")
    prefix, _, action_name = subscription.partition(".")
    if prefix == "object" or not prefix:
        prefix = str(item.get("objectTypeId") or item.get("objectType") or "")
    object_type, activity_type = _hubspot_kind(prefix)
    object_id = item.get("objectId", item.get("fromObjectId", item.get("hs_object_id")))
    if object_id in (None, "") and isinstance(item.get("properties"), dict):
        object_id = _flatten_properties(item["properties"]).get("hs_object_id")
    event_id = item.get("eventId")
    if object_id in (None, ""):
        raise WebhookPayloadError("The event names no objectId.", row=index + 1, field="objectId")
    occurred = item.get("occurredAt")
    if event_id in (None, ""):
        if occurred in (None, ""):
            raise WebhookPayloadError(
                "The event has neither eventId nor occurredAt; it cannot be stored once.",
                row=index + 1,
                field="eventId",
            )
        event_id = f"obj-{object_id}"
    fields = _flatten_properties(item.get("properties"))
    if item.get("propertyName"):
        fields[str(item["propertyName"])] = item.get("propertyValue")
    associations: list[tuple[str, str]] = []
    if item.get("associationType") and item.get("toObjectId") not in (None, ""):
        to_name = str(item["associationType"]).split("_TO_")[-1].lower()
        to_type, _ = _hubspot_kind(to_name)
        if not item.get("associationRemoved"):
            associations.append((to_type, str(item["toObjectId"])))
    linked = item.get("associations")
    if isinstance(linked, dict):
        for name, ids in linked.items():
            singular = "company" if str(name) == "companies" else str(name).rstrip("s")
            to_type, _ = _hubspot_kind(singular)
            for value in ids if isinstance(ids, list) else [ids]:
                associations.append((to_type, str(value)))
    action = _HUBSPOT_ACTIONS.get(action_name.lower(), "upserted" if fields else "changed")
    return CrmEvent(
        event_id=f"{event_id}-{occurred}" if occurred not in (None, "") else str(event_id),
        object_type=object_type,
        object_id=str(object_id),
        action=action,
        occurred_at=parse_moment(occurred),
        fields=fields,
        associations=associations,
        activity_type=activity_type,
        raw_type=subscription or prefix,
        account_id=str(item.get("portalId") or ""),
    )


def salesforce_kind(entity: str) -> tuple[str, str]:
    """Return (object_type, activity_type) for a Salesforce sObject name."""
    key = entity.rsplit(":", 1)[-1].lower()
    object_type = SALESFORCE_TYPES.get(key, key or "unknown")
    activity_type = ("meeting" if key == "event" else "task") if object_type == "activity" else ""
    return object_type, activity_type


def parse_salesforce_json(body: bytes) -> tuple[str, list[CrmEvent]]:
    """Read relayed Change Data Capture / platform events; return (organization id, events)."""
    data = _load_json(body)
    if isinstance(data, list):
        org, items = "", data
    elif isinstance(data, dict):
        org = str(data.get("organizationId") or data.get("OrganizationId") or "")
        items = data.get("events")
        if not isinstance(items, list):
            raise WebhookPayloadError(
                'Send {"organizationId": …, "events": [ … ]}.', field="events"
            )
    else:
        raise WebhookPayloadError("The delivery must be a JSON object or array.")
    if len(items) > MAX_EVENTS:
        raise WebhookPayloadError(f"At most {MAX_EVENTS} events per delivery.")
    events: list[CrmEvent] = []
    for index, item in enumerate(items):
        events.extend(_salesforce_event(item, index))
    return org, events


def _salesforce_event(item: Any, index: int) -> list[CrmEvent]:
    if not isinstance(item, dict):
        raise WebhookPayloadError("Each event must be a JSON object.", row=index + 1)
    inner = item.get("data") if isinstance(item.get("data"), dict) else item
    payload = inner.get("payload")
    if not isinstance(payload, dict):
        raise WebhookPayloadError(
            "The event has no payload object.", row=index + 1, field="payload"
        )
    replay = item.get("replayId", (inner.get("event") or {}).get("replayId"))
    header = payload.get("ChangeEventHeader")
    fields = {k: v for k, v in payload.items() if k != "ChangeEventHeader"}
    if isinstance(header, dict):
        entity = str(header.get("entityName") or "")
        records = header.get("recordIds") or []
        change = str(header.get("changeType") or "").upper()
        action = {
            "CREATE": "created",
            "UPDATE": "changed",
            "DELETE": "deleted",
            "UNDELETE": "restored",
        }.get(change, "changed")
        moment = parse_moment(header.get("commitTimestamp"))
        key = header.get("transactionKey")
        base = f"{key}:{header.get('sequenceNumber', 0)}" if key else f"replay:{replay}"
        if not key and replay in (None, ""):
            raise WebhookPayloadError(
                "The event has no replayId or transactionKey.", row=index + 1, field="replayId"
            )
    else:  # a platform event carrying one record: {"sObjectType": …, "Id": …}
        entity = str(payload.get("sObjectType") or payload.get("attributes", {}).get("type") or "")
        records = [payload.get("Id") or payload.get("RecordId__c")]
        action, moment = "upserted", parse_moment(payload.get("CreatedDate"))
        if replay in (None, "") and not payload.get("EventUuid"):
            raise WebhookPayloadError(
                "The event has no replayId or EventUuid.", row=index + 1, field="replayId"
            )
        base = f"replay:{replay}" if replay not in (None, "") else f"uuid:{payload['EventUuid']}"
    if not records or any(r in (None, "") for r in records):
        raise WebhookPayloadError("The event names no record id.", row=index + 1, field="recordIds")
    object_type, activity_type = salesforce_kind(entity)
    return [
        CrmEvent(
            event_id=f"{base}:{record}",
            object_type=object_type,
            object_id=str(record),
            action=action,
            occurred_at=moment,
            fields={"Id": str(record), **fields},
            activity_type=activity_type,
            raw_type=entity,
        )
        for record in records
    ]
