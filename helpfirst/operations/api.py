"""Operations: REST API."""

from ninja import Router

router = Router(tags=["Operations"])
