"""Find markup that a strict Content-Security-Policy would block (or that needs 'unsafe-inline')."""

from __future__ import annotations

import re

_TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s[^<>]*)?)>", re.S)
_HANDLER = re.compile(r"""(?:^|\s)(on[a-z]+)\s*=""", re.I)
_STYLE_ATTR = re.compile(r"""(?:^|\s)style\s*=""", re.I)
_JS_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.I)
_SRC = re.compile(r"""(?:^|\s)src\s*=""", re.I)
_DATA_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*["']?application/(?:ld\+)?json""", re.I)


def inline_violations(html: str) -> list[str]:
    """Return short descriptions of inline scripts, handlers, javascript: URLs and styles."""
    found = []
    for match in _TAG.finditer(html):
        tag, attrs = match.group(1).lower(), match.group(2) or ""
        snippet = match.group(0)[:80]
        if tag == "script" and not _SRC.search(attrs) and not _DATA_TYPE.search(attrs):
            found.append(f"inline <script>: {snippet}")
        if tag == "style":
            found.append(f"<style> element: {snippet}")
        handler = _HANDLER.search(attrs)
        if handler:
            found.append(f"inline handler {handler.group(1)}=: {snippet}")
        if _STYLE_ATTR.search(attrs):
            found.append(f"style= attribute: {snippet}")
        if _JS_URL.search(attrs):
            found.append(f"javascript: URL: {snippet}")
    return found
