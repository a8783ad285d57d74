"""A small CalDAV client on the standard library (``http.client``): no extra packages.

It does what a one-way sync needs: PROPFIND the calendar, REPORT ``sync-collection`` with a
sync token (RFC 6578), or ``calendar-query`` for ETags on servers without it, and
``calendar-multiget`` to fetch changed events. Every failure is a CalDAVError a person can act
on (wrong password, wrong URL, server unreachable).
"""

from __future__ import annotations

import base64
import http.client
import ssl
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlparse, urlunparse

from helpfirst.core.calendar import dav
from helpfirst.core.calendar.dav import CalDAVError, href_path

MAX_RESPONSE = 64 * 1024 * 1024


class SyncTokenExpiredError(CalDAVError):
    """The server no longer knows our sync token: start again from an empty one."""

    code = "caldav_sync_token"


@dataclass
class CalendarInfo:
    url: str
    path: str
    name: str
    sync_token: str
    supports_sync: bool


def public_url(url: str) -> str:
    """The URL without any user:password part (safe to store and show)."""
    parts = urlparse(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunparse(parts._replace(netloc=host))


class CalDAVClient:
    """Talk to one CalDAV calendar collection with HTTP Basic authentication."""

    def __init__(self, url: str, user: str = "", password: str = "", *, timeout: float = 30.0):
        parts = urlparse(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CalDAVError(
                f"{public_url(url)!r} is not an http(s) URL; give the calendar's CalDAV URL.",
                field="url",
            )
        self.url = url if url.endswith("/") else url + "/"
        self.parts = urlparse(self.url)
        self.user = user or (parts.username or "")
        self.password = password or (parts.password or "")
        self.timeout = timeout
        self.requests = 0

    def _connection(self) -> http.client.HTTPConnection:
        host, port = self.parts.hostname, self.parts.port
        if self.parts.scheme == "https":
            return http.client.HTTPSConnection(
                host, port, timeout=self.timeout, context=ssl.create_default_context()
            )
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        depth: str | None = None,
        *,
        precondition: bytes = b"",
    ) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/xml; charset=utf-8", "User-Agent": "helpfirst"}
        if depth is not None:
            headers["Depth"] = depth
        if self.user or self.password:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        where = f"{method} {public_url(urljoin(self.url, path))}"
        connection = self._connection()
        self.requests += 1
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read(MAX_RESPONSE + 1)
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise CalDAVError(
                f"cannot reach the CalDAV server ({where}): {exc}. Check the URL and that the "
                "server is running.",
                field="url",
            ) from exc
        finally:
            connection.close()
        if len(data) > MAX_RESPONSE:
            raise CalDAVError(f"the answer to {where} is larger than 64 MB.", field="url")
        status = response.status
        if precondition and status in (403, 409) and precondition in data:
            return status, data  # a failed precondition, e.g. an expired sync token
        if status in (401, 403):
            who = f"user {self.user!r}" if self.user else "an anonymous request"
            raise CalDAVError(
                f"the CalDAV server refused {who} (HTTP {status} on {where}): check the user "
                "name and the password (and that this user may read the calendar).",
                field="password",
            )
        if status == 404:
            raise CalDAVError(f"{where} was not found (HTTP 404): check the calendar URL.")
        return status, data

    def _report(self, body: bytes, where: str, depth: str = "1") -> dav.Multistatus:
        status, data = self.request("REPORT", self.parts.path, body, depth=depth)
        if status != 207:
            raise CalDAVError(f"{where} failed with HTTP {status}: {data[:200]!r}")
        return dav.parse_multistatus(data, where)

    def calendar_info(self) -> CalendarInfo:
        """PROPFIND the URL; raise CalDAVError when it is not a calendar collection."""
        status, data = self.request("PROPFIND", self.parts.path, dav.propfind_calendar(), "0")
        if status != 207:
            raise CalDAVError(f"PROPFIND failed with HTTP {status}; is this a CalDAV URL?")
        answer = dav.parse_multistatus(data, "PROPFIND")
        own = next(iter(answer.responses), None)
        if own is None or "calendar" not in own.resourcetypes:
            raise CalDAVError(
                f"{public_url(self.url)} is not a calendar (a CalDAV calendar collection); give "
                "the URL of the calendar itself, e.g. https://host/dav/user/calendar/.",
                field="url",
            )
        return CalendarInfo(
            url=public_url(self.url),
            path=href_path(self.parts.path),
            name=own.props.get("displayname", ""),
            sync_token=own.props.get("sync-token", ""),
            supports_sync="sync-collection" in own.reports or bool(own.props.get("sync-token")),
        )

    def changes_since(self, token: str) -> tuple[dict[str, str], list[str], str]:
        """REPORT sync-collection: (changed href → etag, deleted hrefs, new token)."""
        status, data = self.request(
            "REPORT",
            self.parts.path,
            dav.sync_collection(token),
            "1",
            precondition=b"valid-sync-token",
        )
        if status in (403, 409) or (status == 400 and b"sync-token" in data):
            raise SyncTokenExpiredError("the server no longer accepts our sync token")
        if status != 207:
            raise CalDAVError(f"sync-collection failed with HTTP {status}: {data[:200]!r}")
        answer = dav.parse_multistatus(data, "sync-collection")
        changed: dict[str, str] = {}
        deleted: list[str] = []
        own = href_path(self.parts.path)
        for response in answer.responses:
            if response.href.rstrip("/") == own.rstrip("/"):
                continue
            if response.status == 404:
                deleted.append(response.href)
            elif "getetag" in response.props:
                changed[response.href] = response.props["getetag"]
        return changed, deleted, answer.sync_token

    def etags(self) -> dict[str, str]:
        """REPORT calendar-query: every event resource's href → etag (the fallback)."""
        answer = self._report(dav.calendar_query_etags(), "calendar-query")
        own = href_path(self.parts.path)
        return {
            r.href: r.props.get("getetag", "")
            for r in answer.responses
            if r.href.rstrip("/") != own.rstrip("/") and r.status in (None, 200)
        }

    def fetch(self, hrefs: list[str]) -> dict[str, tuple[str, str]]:
        """REPORT calendar-multiget: href → (etag, calendar data); gone ones are left out."""
        answer = self._report(
            dav.calendar_multiget([quote(h, safe="/@:+,;=~!$&'()*") for h in hrefs]),
            "calendar-multiget",
        )
        return {
            r.href: (r.props.get("getetag", ""), r.props["calendar-data"])
            for r in answer.responses
            if "calendar-data" in r.props and r.status in (None, 200)
        }
