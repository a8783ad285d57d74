"""Apply verified webhook events: once per event id, mirrored, then turned into records.

Each event is stored in :class:`WebhookDelivery` first (unique per connection and event id: a
re-delivered event is counted as a duplicate and changes nothing), merged into the object's
:class:`CrmRecord`, and then written through :class:`~helpfirst.crm.writer.CrmWriter`. Objects
that cannot be written yet (a contact whose company is unknown) wait in the mirror and are
written when a later event completes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from helpfirst.capture import health
from helpfirst.core.crm.events import CrmEvent
from helpfirst.core.crm.fields import map_fields
from helpfirst.core.errors import HelpfirstError
from helpfirst.crm.models import CrmConnection, CrmRecord, DeliveryStatus, WebhookDelivery
from helpfirst.crm.outcome import Outcome
from helpfirst.crm.owners import OwnerDirectory
from helpfirst.crm.writer import CrmWriter

WAITING_RETRIED = 200  # waiting objects re-tried after an object is written


@dataclass
class DeliveryResult:
    """What one HTTP delivery did, returned to the caller as JSON."""

    received: int = 0
    applied: int = 0
    duplicates: int = 0
    waiting: int = 0
    unmapped: int = 0
    ignored: int = 0
    failed: int = 0
    unknown_objects: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "applied": self.applied,
            "duplicates": self.duplicates,
            "waiting": self.waiting,
            "unmapped": self.unmapped,
            "ignored": self.ignored,
            "failed": self.failed,
            "unknown_objects": self.unknown_objects,
            "messages": self.messages[:20],
        }


def writer_for(connection: CrmConnection) -> CrmWriter:
    """Return the writer a connection's events go through."""
    owners = OwnerDirectory(connection.team, explicit=connection.owner_map)
    return CrmWriter(
        connection.team,
        connection.kind,
        owners=owners,
        stage_map=connection.stage_map,
        actor=None,
        default_owner=connection.default_owner or connection.created_by,
    )


def receive_events(connection: CrmConnection, events: list[CrmEvent]) -> DeliveryResult:
    """Apply ``events`` once each; record the delivery in capture health."""
    result = DeliveryResult(received=len(events))
    writer = writer_for(connection)
    source = health.source_for(connection.team_id, connection.capture_kind, connection.capture_name)
    known = set(
        WebhookDelivery.objects.filter(
            connection=connection, event_id__in=[e.event_id[:200] for e in events]
        ).values_list("event_id", flat=True)
    )
    newest = None
    for event in events:
        if event.event_id[:200] in known:
            result.duplicates += 1
            continue
        known.add(event.event_id[:200])
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    connection=connection,
                    event_id=event.event_id[:200],
                    object_type=event.object_type[:40],
                    object_id=event.object_id[:120],
                    action=event.action[:20],
                    raw_type=event.raw_type[:80],
                    status=DeliveryStatus.WAITING,
                    occurred_at=event.occurred_at,
                )
        except IntegrityError:  # the same event, delivered concurrently
            result.duplicates += 1
            continue
        status, message = _apply(writer, connection, event, result)
        delivery.status, delivery.message = status, message[:2000]
        delivery.save(update_fields=["status", "message"])
        if event.occurred_at and (newest is None or event.occurred_at > newest):
            newest = event.occurred_at
    unmapped_note = "; ".join(f"unmapped stage {k!r}" for k in writer.unmapped_stages)
    CrmConnection.objects.filter(pk=connection.pk).update(last_delivery_at=timezone.now())
    health.record_success(
        source,
        stored=result.applied,
        duplicates=result.duplicates,
        rejected=result.failed + result.unmapped,
        newest_item_at=newest,
        message=unmapped_note or "; ".join(result.messages[:3]),
    )
    return result


def _apply(
    writer: CrmWriter, connection: CrmConnection, event: CrmEvent, result: DeliveryResult
) -> tuple[str, str]:
    if not event.known:
        result.ignored += 1
        result.unknown_objects[event.object_type] = (
            result.unknown_objects.get(event.object_type, 0) + 1
        )
        return DeliveryStatus.IGNORED, f"{event.raw_type or event.object_type} is not used."
    try:
        with transaction.atomic():
            record = _merge(connection, event)
            if event.action == "deleted":
                record.deleted = True
                record.save(update_fields=["deleted"])
                result.applied += 1
                return DeliveryStatus.APPLIED, "Deleted in the CRM; kept in helpfirst."
            outcome = write_record(writer, record, event)
            if outcome.ok:
                _mark_completed(connection, record)
                _retry_waiting(writer, connection, record)
    except HelpfirstError as exc:
        result.failed += 1
        result.messages.append(exc.message)
        return DeliveryStatus.FAILED, exc.message
    return _count(outcome, result)


def _count(outcome: Outcome, result: DeliveryResult) -> tuple[str, str]:
    if outcome.ok:
        result.applied += 1
        return DeliveryStatus.APPLIED, outcome.status
    if outcome.status == "unmapped":
        result.unmapped += 1
        result.messages.append(outcome.message)
        return DeliveryStatus.UNMAPPED, outcome.message
    if outcome.status == "waiting":
        result.waiting += 1
        return DeliveryStatus.WAITING, outcome.message
    result.failed += 1
    result.messages.append(outcome.message)
    return DeliveryStatus.FAILED, outcome.message


def _merge(connection: CrmConnection, event: CrmEvent) -> CrmRecord:
    record, _ = CrmRecord.objects.select_for_update().get_or_create(
        connection=connection,
        object_type=event.object_type,
        object_id=event.object_id[:120],
        defaults={"activity_type": event.activity_type},
    )
    record.fields = {**record.fields, **{k: v for k, v in event.fields.items() if k != "Id"}}
    links = [list(pair) for pair in event.associations]
    record.associations = record.associations + [p for p in links if p not in record.associations]
    if event.activity_type and not record.activity_type:
        record.activity_type = event.activity_type
    record.deleted = False
    record.updated_at = timezone.now()
    record.save()
    return record


def write_record(writer: CrmWriter, record: CrmRecord, event: CrmEvent | None = None) -> Outcome:
    """Write what the mirror knows about one object; link the record to what it became."""
    kind = "contact" if record.object_type == "lead" else record.object_type
    values = map_fields(kind, record.fields).values
    links = [(str(t), str(i)) for t, i in record.associations]
    companies = [i for t, i in links if t == "company"]
    ext = record.object_id
    if record.object_type == "company":
        outcome = writer.company(ext, values)
    elif record.object_type in ("contact", "lead"):
        outcome = writer.person(
            ext, values, company_refs=companies, lead=record.object_type == "lead"
        )
    elif record.object_type == "deal":
        outcome = writer.deal(ext, values, company_refs=companies)
    else:
        outcome = writer.activity(
            ext,
            values,
            activity_type=record.activity_type,
            links=links,
            fallback_time=event.occurred_at if event else record.updated_at,
        )
    obj = outcome.obj
    if obj is not None and getattr(obj, "pk", None) and record.linked_id != obj.pk:
        record.linked_id = obj.pk
        record.save(update_fields=["linked_id"])
    return outcome


def _refers_to(record: CrmRecord, object_id: str) -> bool:
    if any(str(ref) == object_id for _type, ref in record.associations):
        return True
    return any(str(value) == object_id for value in record.fields.values())


def _retry_waiting(writer: CrmWriter, connection: CrmConnection, written: CrmRecord) -> None:
    """Write waiting objects that refer to the newly written one (and, in turn, theirs)."""
    waiting = list(
        CrmRecord.objects.filter(connection=connection, linked_id__isnull=True, deleted=False)
        .exclude(pk=written.pk)
        .order_by("-pk")[:WAITING_RETRIED]
    )
    queue = [written.object_id]
    while queue and waiting:
        object_id = queue.pop(0)
        for record in [r for r in waiting if _refers_to(r, object_id)]:
            if write_record(writer, record).ok:
                _mark_completed(connection, record)
                waiting.remove(record)
                queue.append(record.object_id)


def _mark_completed(connection: CrmConnection, record: CrmRecord) -> None:
    """Mark the object's earlier waiting deliveries applied once it could be written."""
    WebhookDelivery.objects.filter(
        connection=connection,
        object_type=record.object_type,
        object_id=record.object_id,
        status=DeliveryStatus.WAITING,
    ).update(status=DeliveryStatus.APPLIED, message="Completed by a later event.")


def record_rejected(connection: CrmConnection, error: HelpfirstError | str) -> None:
    """Record a delivery refused for its signature or body (nothing else is written)."""
    source = health.source_for(connection.team_id, connection.capture_kind, connection.capture_name)
    health.record_failure(source, error if isinstance(error, str) else str(error))
