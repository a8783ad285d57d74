"""Who may do what: one rule for every URL name and every API operation.

Levels, as ``"read"`` or ``"read/write"`` (the write level applies to POST, PUT, PATCH, DELETE):

- ``public``  anyone, signed in or not (must be in PUBLIC_PAGES / PUBLIC_API with a reason);
- ``member``  any signed-in member of the team; object parameters are scoped by
  helpfirst/team/permissions.py (a rep reaches their own journeys and touched accounts only);
- ``manager`` managers and admins (a rep gets 403);
- ``admin``   admins only.

Every object parameter is filled from the variant asked about (rep1's, rep2's or team B's
objects), so the same rule also checks that nobody reaches another team's objects (404) and
that a rep never reaches a colleague's journeys, calls, plans, links and so on (404).

A URL pattern or API operation added later without a rule here fails the crawl with a message
saying what to declare.
"""

from __future__ import annotations

# Which kind of object a `<pk>` fills, by the path segment before it.
PK_FAMILY_BY_SEGMENT = {
    "accounts": "account",
    "journeys": "journey",
    "problems": "problem",
    "anti-fits": "antifit",
    "content": "content",
    "calls": "call",
    "sites": "site",
    "crm": "crm_connection",
    "contacts": "contact",
}

# Named page parameters; "*" applies to every URL name.
PAGE_PARAM_FAMILIES: dict[str, dict[str, str]] = {
    "*": {
        "milestone_id": "milestone",
        "step_id": "step",
        "link_id": "link",
        "seat_id": "seat",
    },
    "buyer-plan": {"token": "buyer_token"},
    "tracking-open-pixel": {"token": "pixel_token"},
    "tracking-link": {"token": "link_token"},
}

API_PARAM_FAMILIES = {
    "account_id": "account",
    "contact_id": "contact",
    "journey_id": "journey",
    "problem_id": "problem",
    "anti_fit_id": "antifit",
    "content_id": "content",
    "call_id": "call",
    "step_id": "step",
    "site_id": "site",
    "connection_id": "crm_connection",
    "meeting_id": "meeting",
    "key": "webhook_key",
    "owner_id": "owner",
}

# Objects a rep reaches only when they are theirs (journey-owner or touched-account rules).
SCOPED_FAMILIES = {"journey", "account", "contact", "call", "step", "link", "milestone", "seat"}

# Intentionally public pages: the reason for each.
PUBLIC_PAGES = {
    "login": "the sign-in page",
    "login-code": "second sign-in step (two-factor); needs the password step's session",
    "healthz": "liveness check for the load balancer; says only 'ok'",
    "readyz": "readiness check for the load balancer (database reachable); no data",
    "buyer-plan": "read-only buyer link: an unguessable, expiring, revocable token",
    "tracking-collect": "website tracking beacon: write-only, per-site key and origin checks",
    "tracking-open-pixel": "e-mail open pixel: an unguessable token, answers a 1x1 GIF",
    "tracking-link": "tracked link redirect: an unguessable token, redirects to its target",
    "api:openapi-json": "the API's schema: describes operations, holds no data",
    "api:openapi-view": "the API docs page (Swagger UI served from our static files)",
    "api:api-root": "django-ninja's API root: answers 404, there is nothing there",
}

# Intentionally public API operations (no authentication): the reason for each.
PUBLIC_API = {
    "POST /api/crm/webhooks/hubspot/{key}": "CRM webhook: HMAC-signed, per-connection key",
    "POST /api/crm/webhooks/salesforce/{key}": "CRM webhook: signed, per-connection key",
}

PAGES = {
    "login": "public",
    "login-code": "public",
    "logout": "member",
    "healthz": "public",
    "readyz": "public",
    "buyer-plan": "public",
    "tracking-collect": "public",
    "tracking-open-pixel": "public",
    "tracking-link": "public",
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:api-root": "public",
    "home": "member",
    "two-factor": "member",
    "account-list": "member",
    "account-detail": "member",
    "account-edit": "member",
    "account-timeline": "member",
    "journey-list": "member",
    "journey-detail": "member",
    "journey-stage-change": "member",
    "journey-needs-edit": "member",
    "journey-timeline": "member",
    "playbook": "member",
    "problem-list": "member",
    "problem-create": "manager",
    "problem-detail": "member",
    "problem-edit": "manager",
    "antifit-list": "member",
    "antifit-create": "manager",
    "antifit-edit": "manager",
    "content-list": "member",
    "content-create": "manager",
    "content-edit": "manager",
    "queue-touch": "member",
    "queue-snooze": "member",
    "queue-not-a-fit": "member",
    "stage-suggestion-answer": "member",
    "journey-debriefs": "member",
    "debrief-create": "member",
    "debrief-list": "member",
    "debrief-missing": "member",
    "debrief-lessons": "member",
    "debrief-export": "member",
    "business-case": "member",
    "business-case-document": "member",
    "business-case-pdf": "member",
    "success-plan": "member",
    "milestone-add": "member",
    "milestone-done": "member",
    "checkpoint-add": "member",
    "customer-voice": "member",
    "customer-list": "member",
    "outcomes-by-fit": "member",
    "call-list": "member",
    "call-start": "member",
    "call-coaching": "member",
    "call-practice": "member",
    "call-detail": "member",
    "call-upload": "member",
    "plan-page": "member",
    "plan-start": "member",
    "plan-print": "member",
    "plan-step-add": "member",
    "plan-step-update": "member",
    "plan-step-delete": "member",
    "buyer-link-create": "member",
    "buyer-link-revoke": "member",
    "committee-page": "member",
    "seat-add": "member",
    "seat-update": "member",
    "seat-remove": "member",
    "brief-page": "member",
    "next-actions-panel": "member",
    "fit-assess": "member",
    "fit-accept-exit": "member",
    "fit-nurture": "member",
    "fit-learning": "member",
    "capture-health": "member",
    "tracking-sites": "member/manager",
    "tracking-site-create": "manager",
    "tracking-site-edit": "manager",
    "tracking-site-rotate": "manager",
    "tracking-settings": "manager",
    "tracking-visitors": "member",
    "tracking-links": "member",
    "mail-settings": "member/manager",
    "calendars": "member",
    "crm-connections": "manager",
    "crm-connection-detail": "manager",
    "crm-connection-revoke": "manager",
    "audit-log": "admin",
    "privacy-contact": "manager",
    "privacy-contact-export": "manager",
    "privacy-contact-erase": "manager",
    "privacy-settings": "admin",
}

API = {
    "GET /api/accounts": "member",
    "POST /api/accounts": "member",
    "GET /api/accounts/{account_id}": "member",
    "PATCH /api/accounts/{account_id}": "member",
    "DELETE /api/accounts/{account_id}": "manager",
    "GET /api/contacts": "member",
    "POST /api/contacts": "member",
    "GET /api/contacts/{contact_id}": "member",
    "PATCH /api/contacts/{contact_id}": "member",
    "DELETE /api/contacts/{contact_id}": "member",
    "GET /api/journeys": "member",
    "POST /api/journeys": "member",
    "GET /api/journeys/{journey_id}": "member",
    "PATCH /api/journeys/{journey_id}": "member",
    "DELETE /api/journeys/{journey_id}": "manager",
    "POST /api/journeys/{journey_id}/stage": "member",
    "GET /api/journeys/{journey_id}/stages": "member",
    "GET /api/playbook/problems": "member",
    "POST /api/playbook/problems": "manager",
    "GET /api/playbook/problems/{problem_id}": "member",
    "PUT /api/playbook/problems/{problem_id}": "manager",
    "DELETE /api/playbook/problems/{problem_id}": "manager",
    "GET /api/playbook/anti-fits": "member",
    "POST /api/playbook/anti-fits": "manager",
    "GET /api/playbook/anti-fits/{anti_fit_id}": "member",
    "PUT /api/playbook/anti-fits/{anti_fit_id}": "manager",
    "DELETE /api/playbook/anti-fits/{anti_fit_id}": "manager",
    "GET /api/playbook/content": "member",
    "POST /api/playbook/content": "manager",
    "GET /api/playbook/content/{content_id}": "member",
    "PUT /api/playbook/content/{content_id}": "manager",
    "DELETE /api/playbook/content/{content_id}": "manager",
    "POST /api/interactions": "member",
    "GET /api/interactions": "member",
    "GET /api/journeys/{journey_id}/debriefs": "member",
    "POST /api/journeys/{journey_id}/debriefs": "member",
    "GET /api/journeys/{journey_id}/business-case": "member",
    "PUT /api/journeys/{journey_id}/business-case": "member",
    "GET /api/calls": "member",
    "POST /api/calls": "member",
    "POST /api/calls/practice": "member",
    "GET /api/calls/{call_id}": "member",
    "GET /api/journeys/{journey_id}/plan": "member",
    "POST /api/journeys/{journey_id}/plan": "member",
    "POST /api/journeys/{journey_id}/plan/steps": "member",
    "PUT /api/journeys/{journey_id}/plan/steps/{step_id}": "member",
    "GET /api/journeys/{journey_id}/next-actions": "member",
    "GET /api/journeys/{journey_id}/brief": "member",
    "GET /api/journeys/{journey_id}/committee": "member",
    "GET /api/journeys/{journey_id}/content": "member",
    "GET /api/journeys/{journey_id}/follow-ups": "member",
    "GET /api/journeys/{journey_id}/fit": "member",
    "POST /api/journeys/{journey_id}/fit": "member",
    "GET /api/queue": "member",
    "POST /api/journeys/{journey_id}/snooze": "member",
    "GET /api/capture/sources": "member",
    "GET /api/tracking/sites": "manager",
    "POST /api/tracking/sites": "manager",
    "GET /api/tracking/sites/{site_id}": "manager",
    "PATCH /api/tracking/sites/{site_id}": "manager",
    "DELETE /api/tracking/sites/{site_id}": "manager",
    "POST /api/tracking/sites/{site_id}/rotate-key": "manager",
    "GET /api/tracking/visitors": "member",
    "POST /api/tracking/links": "member",
    "GET /api/mail/settings": "member",
    "PUT /api/mail/settings": "manager",
    "GET /api/calendars/meetings": "member",
    "GET /api/calendars/meetings/{meeting_id}": "member",
    "GET /api/calendars": "member",
    "POST /api/crm/webhooks/hubspot/{key}": "public",
    "POST /api/crm/webhooks/salesforce/{key}": "public",
    "GET /api/crm/connections": "manager",
    "GET /api/crm/connections/{connection_id}/deliveries": "manager",
    "GET /api/audit": "admin",
    "GET /api/contacts/{contact_id}/privacy-export": "manager",
    "POST /api/contacts/{contact_id}/erase": "manager",
}


# Statuses that are right for a URL although the generic rule would not expect them.
EXTRA_OK: dict[tuple[str, str], tuple[int, ...]] = {
    ("logout", "POST"): (302,),  # signing out sends you to the sign-in page
    ("login-code", "GET"): (302,),  # no password step in this session: back to sign-in
    ("login-code", "POST"): (302,),
    # No business case yet for the fixture's journeys: 404 says "none", like for a stranger.
    ("GET /api/journeys/{journey_id}/business-case", "GET"): (404,),
}

# Batch writes answer 200 and report refused items in the body: the check that none was stored.
REFUSED_IN_BODY = {
    "POST /api/interactions": lambda body: body.get("created", 0) == 0,
}


def level_for(rule: str, method: str) -> str:
    read, _, write = rule.partition("/")
    if method in ("GET", "HEAD", "OPTIONS"):
        return read
    return write or read
