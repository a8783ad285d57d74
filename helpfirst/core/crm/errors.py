"""The errors CRM webhooks and migrations report (subclasses of the one error tree)."""

from __future__ import annotations

from helpfirst.core.errors import HelpfirstError


class WebhookSignatureError(HelpfirstError):
    """A webhook delivery is not signed with the connection's secret, or signed too long ago."""

    code = "webhook_signature"


class WebhookPayloadError(HelpfirstError):
    """A signed webhook delivery cannot be read (not JSON, not SOAP, missing ids …)."""

    code = "webhook_payload"
