"""CRM connectors: REST API."""

from ninja import Router

router = Router(tags=["CRM connectors"])
