"""Calendar capture: REST API."""

from ninja import Router

router = Router(tags=["Calendar capture"])
