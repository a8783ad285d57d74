"""The errors website tracking reports to a person (or to a snippet that sent a bad event)."""

from __future__ import annotations

from helpfirst.core.errors import HelpfirstError


class TrackingSetupError(HelpfirstError):
    """A tracked site or tracked link is set up wrongly (a page rule, an origin, a URL)."""

    code = "tracking_setup"


class TrackingPayloadError(HelpfirstError):
    """An event sent to the collect endpoint is unusable; ``field`` names the bad part."""

    code = "tracking_payload"
