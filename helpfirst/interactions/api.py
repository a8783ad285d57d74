"""REST endpoints for interactions: a batch ingest endpoint and reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from helpfirst.interactions.ingest import record_interactions
from helpfirst.site.api_types import MAX_ID, ObjectId
from helpfirst.site.config import setting
from helpfirst.site.pagination import BoundedLimitOffsetPagination
from helpfirst.team import permissions

router = Router(tags=["interactions"])


class InteractionItem(Schema):
    """One interaction to record. Give the account by id or domain, or via contact/journey."""

    source: str
    external_id: str
    kind: str
    occurred_at: str
    account_id: ObjectId | None = None
    account_domain: str | None = None
    contact_id: ObjectId | None = None
    contact_email: str | None = None
    journey_id: ObjectId | None = None
    page_type: str = ""
    url: str = ""
    subject: str = ""
    properties: dict[str, Any] = {}


class IngestError(Schema):
    index: int
    field: str
    message: str


class IngestOut(Schema):
    received: int
    created: int
    duplicates: int
    rejected: int
    errors: list[IngestError]


class ErrorOut(Schema):
    code: str
    message: str


class InteractionOut(Schema):
    id: int
    account_id: ObjectId
    contact_id: int | None
    journey_id: int | None
    kind: str
    occurred_at: datetime
    page_type: str
    url: str
    subject: str
    source: str
    external_id: str
    properties: dict[str, Any]


@router.post(
    "/interactions",
    response={200: IngestOut, 413: ErrorOut, 400: ErrorOut},
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "maxItems": 10000,
                        "items": InteractionItem.model_json_schema(),
                    }
                }
            },
            "required": True,
        }
    },
)
def ingest_interactions(request, items: list[Any]):
    """Record a batch of up to 10,000 interactions.

    Idempotent on ``(source, external_id)``: re-sending an item never duplicates it. Bad items
    are reported by index with the field and a message; good items are stored regardless.
    Items are validated one by one (see the InteractionItem schema for their fields).
    """
    limit = int(setting("HELPFIRST_API_BATCH_LIMIT"))
    if len(items) > limit:
        return 413, {
            "code": "batch_too_large",
            "message": f"Send at most {limit} interactions per request (got {len(items)}).",
        }
    return 200, record_interactions(request.auth, items).as_dict()


@router.get("/interactions", response=list[InteractionOut])
@paginate(BoundedLimitOffsetPagination)
def list_interactions(
    request,
    account_id: int | None = Query(None, ge=1, le=MAX_ID),
    journey_id: int | None = Query(None, ge=1, le=MAX_ID),
    kind: str = "",
):
    interactions = permissions.visible_interactions(request.auth).order_by("-occurred_at", "-id")
    if account_id is not None:
        interactions = interactions.filter(account_id=account_id)
    if journey_id is not None:
        interactions = interactions.filter(journey_id=journey_id)
    if kind:
        interactions = interactions.filter(kind=kind)
    return interactions
