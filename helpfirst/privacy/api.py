"""Privacy: REST API (managers and admins): a contact's data export, and erasure."""

from typing import Any

from ninja import Field, Router, Schema

from helpfirst.core.errors import DataValidationError
from helpfirst.privacy import access
from helpfirst.privacy.erasure import erase_contact
from helpfirst.privacy.export import contact_export
from helpfirst.site.api_types import PathId

router = Router(tags=["Privacy"])


class ErasureIn(Schema):
    confirm: str = Field("", max_length=20, description='Must be "erase".')


class ErasureOut(Schema):
    contact_id: int
    counts: dict[str, int]
    journeys_recomputed: int


@router.get("/contacts/{contact_id}/privacy-export", response=dict[str, Any])
def export_contact(request, contact_id: PathId):
    """Everything held about one contact, as JSON (managers and admins)."""
    from helpfirst.audit.services import record_export

    contact = access.contact_for(request.auth, contact_id)
    data = contact_export(contact)
    record_export(request.auth, "contact", object_id=contact.pk, fmt="json")
    return data


@router.post("/contacts/{contact_id}/erase", response=ErasureOut)
def erase(request, contact_id: PathId, payload: ErasureIn | None = None):
    """Erase a contact everywhere and recompute what was derived (managers and admins).

    Send ``{"confirm": "erase"}``: the erasure cannot be undone.
    """
    contact = access.contact_for(request.auth, contact_id)
    if payload is None or payload.confirm.strip().lower() != "erase":
        raise DataValidationError(
            'Send {"confirm": "erase"}: erasing a person cannot be undone.', field="confirm"
        )
    return erase_contact(contact, by=request.auth).as_dict()
