"""Website tracking: REST API."""

from ninja import Router

router = Router(tags=["Website tracking"])
