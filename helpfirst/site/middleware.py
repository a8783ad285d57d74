"""Refuse API input that no database can store: text with NUL characters.

PostgreSQL rejects ``\\u0000`` in text and JSON columns; SQLite stores it but other tools choke
on it. Django's forms already refuse it on pages; this does the same for the JSON API, with a
clear 400 naming where the character was, instead of a database error.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import JsonResponse

NUL = "\x00"


def _nul_path(value: Any, path: str = "") -> str | None:
    """Return the JSON path of the first string (or key) holding a NUL character, if any."""
    if isinstance(value, str):
        return path or "body" if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                return where
            found = _nul_path(item, where)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, f"{path}[{index}]")
            if found:
                return found
    return None


class RejectNulCharactersMiddleware:
    """Answer 400 to API requests whose query string or JSON body contains NUL characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            where = self._find_nul(request)
            if where:
                return JsonResponse(
                    {
                        "code": "invalid_request",
                        "message": "Text may not contain NUL (\\u0000) characters.",
                        "field": where,
                    },
                    status=400,
                )
        return self.get_response(request)

    @staticmethod
    def _find_nul(request) -> str | None:
        for key, values in request.GET.lists():
            if NUL in key or any(NUL in v for v in values):
                return key
        if NUL in request.path:
            return "path"
        if request.method in ("POST", "PUT", "PATCH") and b"\\u0000" in request.body:
            try:
                return _nul_path(json.loads(request.body))
            except ValueError:
                return None  # not JSON: the API's own validation answers
        return None
