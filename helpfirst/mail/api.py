"""E-mail capture: REST API."""

from ninja import Router

router = Router(tags=["E-mail capture"])
