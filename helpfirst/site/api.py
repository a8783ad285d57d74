"""The REST API (django-ninja): OpenAPI schema and docs at /api/docs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from helpfirst.core.errors import HelpfirstError
from helpfirst.team.api_auth import API_AUTH

api = NinjaAPI(
    title="helpfirst API",
    version="1",
    description=(
        "Accounts, contacts, journeys, the playbook and interactions of your team. "
        "Authenticate with `Authorization: Bearer <token>` (create tokens with "
        "`helpfirst token create`) or a browser session."
    ),
    auth=API_AUTH,
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = [
        {
            "field": ".".join(str(part) for part in err.get("loc", ()) if part != "body"),
            "message": err.get("msg", "invalid value"),
        }
        for err in exc.errors
    ]
    return api.create_response(
        request,
        {"code": "invalid_request", "message": "The request is invalid.", "errors": errors},
        status=422,
    )


@api.exception_handler(HelpfirstError)
def on_helpfirst_error(request, exc: HelpfirstError):
    return api.create_response(request, exc.as_dict(), status=400)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(
        request, {"code": "not_found", "message": "Not found, or not yours to see."}, status=404
    )


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(
        request,
        {"code": "forbidden", "message": str(exc) or "Not allowed for your role."},
        status=403,
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request,
        {"code": "unauthenticated", "message": "Send a valid API token or log in."},
        status=401,
    )


def _register_routers() -> None:
    from helpfirst.accounts.api import router as accounts_router
    from helpfirst.interactions.api import router as interactions_router
    from helpfirst.journeys.api import router as journeys_router
    from helpfirst.playbook.api import router as playbook_router

    api.add_router("/", accounts_router)
    api.add_router("/", journeys_router)
    api.add_router("/", playbook_router)
    api.add_router("/", interactions_router)

    from helpfirst.debriefs.api import router as debriefs_router
    from helpfirst.success.api import router as success_router

    api.add_router("/", debriefs_router)
    api.add_router("/", success_router)

    from helpfirst.calls.api import router as calls_router

    api.add_router("/", calls_router)

    from helpfirst.plans.api import router as plans_router

    api.add_router("/", plans_router)

    from helpfirst.briefs.api import router as briefs_router

    api.add_router("/", briefs_router)

    from helpfirst.fit.api import router as fit_router

    api.add_router("/", fit_router)

    from helpfirst.queue.api import router as queue_router

    api.add_router("/", queue_router)

    # Capture (#8) and trust (#9).
    from helpfirst.audit.api import router as audit_router
    from helpfirst.calendars.api import router as calendars_router
    from helpfirst.capture.api import router as capture_router
    from helpfirst.crm.api import router as crm_router
    from helpfirst.mail.api import router as mail_router
    from helpfirst.operations.api import router as operations_router
    from helpfirst.privacy.api import router as privacy_router
    from helpfirst.tracking.api import router as tracking_router

    api.add_router("/", capture_router)
    api.add_router("/", tracking_router)
    api.add_router("/", mail_router)
    api.add_router("/", calendars_router)
    api.add_router("/", crm_router)
    api.add_router("/", audit_router)
    api.add_router("/", privacy_router)
    api.add_router("/", operations_router)


_register_routers()
