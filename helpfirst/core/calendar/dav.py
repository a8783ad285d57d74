"""CalDAV (RFC 4791) and WebDAV sync (RFC 6578) request bodies and response parsing.

Pure functions: the HTTP client in ``helpfirst.calendars.caldav`` sends these bodies and hands
the multistatus XML back here. XML is parsed with the standard library (expat refuses entity
expansion attacks since 2.4.1); a response that is not a multistatus raises CalDAVError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree as ET

from helpfirst.core.errors import HelpfirstError

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"
_NS = f'xmlns:d="{DAV}" xmlns:c="{CALDAV}" xmlns:cs="{CS}"'


class CalDAVError(HelpfirstError):
    """A CalDAV server could not be reached, refused us, or answered something unreadable."""

    code = "caldav"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def propfind_calendar() -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><d:propfind {_NS}><d:prop><d:resourcetype/>'
        "<d:displayname/><d:sync-token/><cs:getctag/><d:supported-report-set/>"
        "</d:prop></d:propfind>"
    ).encode()


def sync_collection(token: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><d:sync-collection {_NS}>'
        f"<d:sync-token>{_escape(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
        "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    ).encode()


def calendar_query_etags() -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><c:calendar-query {_NS}><d:prop><d:getetag/>'
        '</d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/>'
        "</c:comp-filter></c:filter></c:calendar-query>"
    ).encode()


def calendar_multiget(hrefs: list[str]) -> bytes:
    refs = "".join(f"<d:href>{_escape(h)}</d:href>" for h in hrefs)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><c:calendar-multiget {_NS}><d:prop>'
        f"<d:getetag/><c:calendar-data/></d:prop>{refs}</c:calendar-multiget>"
    ).encode()


@dataclass
class DavResponse:
    """One ``<d:response>``: its href, its own status (e.g. 404 in a sync report), its props."""

    href: str
    status: int | None = None
    props: dict[str, str] = field(default_factory=dict)
    resourcetypes: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)


@dataclass
class Multistatus:
    responses: list[DavResponse] = field(default_factory=list)
    sync_token: str = ""


def href_path(href: str) -> str:
    """Normalise an href (absolute URL or path) to its unquoted path."""
    return unquote(urlparse(href.strip()).path or href.strip())


def _status(element: ET.Element | None) -> int | None:
    if element is None or not element.text:
        return None
    parts = element.text.split()
    try:
        return int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_multistatus(body: bytes, where: str) -> Multistatus:
    """Read a 207 Multi-Status body; raise CalDAVError naming ``where`` when it is not one."""
    try:
        root = ET.fromstring(body)  # noqa: S314 - see the module docstring
    except ET.ParseError as exc:
        raise CalDAVError(
            f"the server's answer to {where} is not XML ({exc}); is this a CalDAV URL?",
            field="url",
        ) from exc
    if root.tag != f"{{{DAV}}}multistatus":
        raise CalDAVError(
            f"the server's answer to {where} is not a WebDAV multistatus; is this a CalDAV URL?",
            field="url",
        )
    out = Multistatus(sync_token=(root.findtext(f"{{{DAV}}}sync-token") or "").strip())
    for node in root.findall(f"{{{DAV}}}response"):
        href = node.findtext(f"{{{DAV}}}href") or ""
        response = DavResponse(href=href_path(href), status=_status(node.find(f"{{{DAV}}}status")))
        for propstat in node.findall(f"{{{DAV}}}propstat"):
            status = _status(propstat.find(f"{{{DAV}}}status"))
            prop = propstat.find(f"{{{DAV}}}prop")
            if prop is None or (status is not None and status != 200):
                continue
            for item in prop:
                name = _local(item.tag)
                if name == "resourcetype":
                    response.resourcetypes = [_local(child.tag) for child in item]
                elif name == "supported-report-set":
                    response.reports = [_local(r.tag) for r in item.iter() if len(r) == 0]
                else:
                    response.props[name] = (item.text or "").strip()
        out.responses.append(response)
    return out
