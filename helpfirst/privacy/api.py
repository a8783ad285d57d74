"""Privacy: REST API."""

from ninja import Router

router = Router(tags=["Privacy"])
