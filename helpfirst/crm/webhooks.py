"""The public webhook receivers: verify, parse, apply, answer.

No session and no CSRF token: the signature is the authentication. The connection is found by
the unguessable key in the URL; a delivery signed with any other secret (another team's
connection included) is refused with 401 and writes nothing but a failure in capture health.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from helpfirst.core.crm.errors import WebhookPayloadError, WebhookSignatureError
from helpfirst.core.crm.events import parse_hubspot, parse_salesforce_json
from helpfirst.core.crm.signatures import verify_helpfirst, verify_hubspot
from helpfirst.core.crm.soap import (
    ack_response,
    looks_like_soap,
    parse_outbound_message,
    soap_fault,
)
from helpfirst.core.errors import HelpfirstError
from helpfirst.crm.models import CrmConnection, CrmKind
from helpfirst.crm.receiver import receive_events, record_rejected
from helpfirst.site.config import setting

MAX_BODY = 5 * 1024 * 1024


def _error(status: int, code: str, message: str, soap: bool = False) -> HttpResponse:
    if soap:
        return HttpResponse(soap_fault(message), status=status, content_type="text/xml")
    return JsonResponse({"ok": False, "code": code, "message": message}, status=status)


def _connection(key: str, kind: str) -> CrmConnection | None:
    return (
        CrmConnection.objects.select_related("team", "default_owner", "created_by")
        .filter(public_key=key, kind=kind, revoked_at__isnull=True)
        .first()
    )


def _body(request: HttpRequest) -> bytes | None:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if length.isdigit() and int(length) > MAX_BODY:
        return None
    body = request.body
    return None if len(body) > MAX_BODY else body


def _same_org(expected: str, given: str) -> bool:
    """Compare Salesforce ids by their case-sensitive 15-character form."""
    return expected.strip()[:15] == given.strip()[:15]


def _verify_hubspot(connection: CrmConnection, request: HttpRequest, body: bytes) -> None:
    """Check the signature against the URL as this server sees it, and as the public sees it
    (``HELPFIRST_PUBLIC_URL``), since HubSpot signs the URL it called, proxies included."""
    seen = request.build_absolute_uri()
    public = (setting("HELPFIRST_PUBLIC_URL") or "").rstrip("/") + request.get_full_path()
    error: WebhookSignatureError | None = None
    for uri in dict.fromkeys([seen, public]):
        try:
            verify_hubspot(
                connection.secret,
                method=request.method or "POST",
                uri=uri,
                body=body,
                headers=request.headers,
            )
        except WebhookSignatureError as exc:
            error = error or exc
        else:
            return
    assert error is not None
    raise error


def hubspot_webhook(request: HttpRequest, key: str) -> HttpResponse:
    """Receive a HubSpot delivery for the connection with public key ``key``."""
    connection = _connection(key, CrmKind.HUBSPOT)
    if connection is None:
        return _error(404, "not_found", "No active HubSpot connection has this URL.")
    body = _body(request)
    if body is None:
        return _error(413, "too_large", f"Deliveries are limited to {MAX_BODY} bytes.")
    try:
        _verify_hubspot(connection, request, body)
    except WebhookSignatureError as exc:
        record_rejected(connection, f"Refused delivery: {exc}")
        return _error(401, exc.code, exc.message)
    try:
        events = parse_hubspot(body)
    except WebhookPayloadError as exc:
        record_rejected(connection, f"Unreadable delivery: {exc}")
        return _error(400, exc.code, str(exc))
    portal = connection.external_account_id.strip()
    strangers = {e.account_id for e in events if e.account_id and e.account_id != portal}
    if portal and strangers:
        message = f"Events from portal {sorted(strangers)[0]} do not belong to this connection."
        record_rejected(connection, message)
        return _error(401, "wrong_portal", message)
    with transaction.atomic():
        result = receive_events(connection, events)
    return JsonResponse({"ok": True, **result.as_dict()})


def salesforce_webhook(request: HttpRequest, key: str) -> HttpResponse:
    """Receive a signed Salesforce outbound message (SOAP) or relayed events (JSON)."""
    connection = _connection(key, CrmKind.SALESFORCE)
    body = _body(request) if connection is not None else b""
    soap = body is not None and looks_like_soap(body)
    if connection is None:
        return _error(404, "not_found", "No active Salesforce connection has this URL.", soap)
    if body is None:
        return _error(413, "too_large", f"Deliveries are limited to {MAX_BODY} bytes.")
    try:
        verify_helpfirst(connection.secret, body=body, headers=request.headers)
    except WebhookSignatureError as exc:
        record_rejected(connection, f"Refused delivery: {exc}")
        return _error(401, exc.code, exc.message, soap)
    try:
        if soap:
            message = parse_outbound_message(body)
            org, events = message.organization_id, message.events
        else:
            org, events = parse_salesforce_json(body)
    except WebhookPayloadError as exc:
        record_rejected(connection, f"Unreadable delivery: {exc}")
        return _error(400, exc.code, str(exc), soap)
    expected = connection.external_account_id
    if expected and not org:
        text = "Say which organisation sent the events (organizationId)."
        record_rejected(connection, text)
        return _error(400, "webhook_payload", text, soap)
    if expected and not _same_org(expected, org):
        text = f"Organisation {org} does not belong to this connection."
        record_rejected(connection, text)
        return _error(401, "wrong_organization", text, soap)
    try:
        with transaction.atomic():
            result = receive_events(connection, events)
    except HelpfirstError as exc:  # pragma: no cover - the receiver reports per event
        return _error(400, exc.code, str(exc), soap)
    if soap:
        return HttpResponse(ack_response(True), content_type="text/xml; charset=utf-8")
    return JsonResponse({"ok": True, **result.as_dict()})
