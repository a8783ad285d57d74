"""Audit log: REST API."""

from ninja import Router

router = Router(tags=["Audit log"])
