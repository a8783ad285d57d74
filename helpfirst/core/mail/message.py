"""Read one RFC 5322 e-mail into a :class:`MailMessage`, whatever state it arrives in.

The standard library's ``email`` package (``policy.default``) does the MIME work; this module
adds what real mailboxes need on top: raw 8-bit headers decoded as UTF-8 or Windows-1252,
unknown charsets, multiparts without their final boundary, HTML-only bodies turned into text,
``user at example.com`` addresses from mailing-list archives, and a stable synthetic
Message-ID when a message has none. Input that is not an e-mail at all raises
:class:`MailFormatError`; nothing else escapes :func:`parse_message`.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.header
import email.utils
import hashlib
import quopri
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import Message

from helpfirst.core.errors import HelpfirstError
from helpfirst.core.mail.text import decode_bytes, html_to_text, one_line, repair

MAX_MESSAGE_BYTES = 50 * 1024 * 1024
MAX_BODY_CHARS = 200_000
MAX_REFERENCES = 50
SYNTHETIC_DOMAIN = "synthetic.helpfirst.invalid"
# A message needs at least one of these to count as an e-mail.
MAIL_HEADERS = ("from", "to", "cc", "subject", "date", "message-id", "sender", "in-reply-to")


class MailFormatError(HelpfirstError):
    """An e-mail (or a file of them) could not be read.

    Names the file and, in an mbox or a mailbox, the message number (1-based) or IMAP UID,
    so a person can find the message and export it again or leave it out.
    """

    code = "mail_format"

    def __init__(
        self, message: str, *, file: str | None = None, message_number: int | None = None
    ) -> None:
        self.message_number = message_number
        detail = {"message_number": message_number} if message_number is not None else None
        super().__init__(message, file=file, detail=detail)
        where = [part for part in (file, _numbered(message_number)) if part]
        self.args = (f"{', '.join(where)}: {message}" if where else message,)

    def located(self, *, file: str | None = None, message_number: int | None = None):
        """Return a copy of this error that names where it happened."""
        return MailFormatError(
            self.message,
            file=file or self.location.file,
            message_number=message_number if message_number is not None else self.message_number,
        )


def _numbered(number: int | None) -> str | None:
    return None if number is None else f"message {number}"


@dataclass(frozen=True)
class Address:
    """One mailbox: the address (lower-cased) and the display name, if any."""

    email: str
    name: str = ""

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class MailMessage:
    """What helpfirst keeps of an e-mail."""

    message_id: str  # without angle brackets
    message_id_synthesised: bool
    date: datetime | None  # aware (UTC) or None when missing or unreadable
    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    bcc: tuple[Address, ...]
    subject: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    body_text: str
    body_format: str  # "plain", "html" (converted to text) or "" when there is no text body
    attachment_count: int = 0
    defects: tuple[str, ...] = field(default_factory=tuple)

    @property
    def recipients(self) -> tuple[Address, ...]:
        return self.to + self.cc + self.bcc

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Message-IDs this message answers, nearest first (In-Reply-To, then References)."""
        seen: dict[str, None] = {}
        for ref in (*self.in_reply_to, *reversed(self.references)):
            seen.setdefault(ref, None)
        return tuple(seen)


def parse_message(
    raw: bytes, *, file: str | None = None, message_number: int | None = None
) -> MailMessage:
    """Parse the bytes of one e-mail; raise :class:`MailFormatError` when it is not one."""
    if not isinstance(raw, bytes | bytearray):
        raise MailFormatError("expected the bytes of an e-mail", file=file)
    if len(raw) > MAX_MESSAGE_BYTES:
        raise MailFormatError(
            f"the message is larger than {MAX_MESSAGE_BYTES // (1024 * 1024)} MB; "
            "leave it out or split the file",
            file=file,
            message_number=message_number,
        )
    if not raw.strip():
        raise MailFormatError("the message is empty", file=file, message_number=message_number)
    try:
        msg = email.message_from_bytes(bytes(raw), policy=policy.default)
    except Exception as exc:
        raise MailFormatError(
            f"not readable as an e-mail ({type(exc).__name__})",
            file=file,
            message_number=message_number,
        ) from exc
    headers = _raw_headers(msg)
    if not any(headers.get(name) for name in MAIL_HEADERS):
        raise MailFormatError(
            "no e-mail headers found (From, To, Subject, Date or Message-ID); "
            "is this really an .eml or .mbox file?",
            file=file,
            message_number=message_number,
        )
    sender = _addresses(headers, "from")
    if not sender:
        sender = _addresses(headers, "sender")
    subject = one_line(_decoded(headers, "subject"))[:1000]
    date = _date(headers.get("date", [""])[0])
    to, cc, bcc = (_addresses(headers, name) for name in ("to", "cc", "bcc"))
    in_reply_to = _message_ids(headers, "in-reply-to")
    references = _message_ids(headers, "references")[-MAX_REFERENCES:]
    body_text, body_format, attachments = _body(msg)
    own_ids = _message_ids(headers, "message-id")
    defects = tuple(sorted({type(d).__name__ for part in _walk(msg) for d in part.defects}))
    if own_ids:
        message_id, synthesised = own_ids[0], False
    else:
        message_id = _synthetic_id(headers, sender, to, cc, subject, body_text)
        synthesised = True
    return MailMessage(
        message_id=message_id,
        message_id_synthesised=synthesised,
        date=date,
        sender=sender[0] if sender else None,
        to=to,
        cc=cc,
        bcc=bcc,
        subject=subject,
        in_reply_to=in_reply_to,
        references=references,
        body_text=body_text,
        body_format=body_format,
        attachment_count=attachments,
        defects=defects,
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _raw_headers(msg: Message) -> dict[str, list[str]]:
    """Header values by lower-cased name, unfolded, raw 8-bit bytes decoded."""
    headers: dict[str, list[str]] = {}
    try:
        items = msg.raw_items()
        for name, value in items:
            if not isinstance(value, str):
                value = str(value)
            text = repair(_LINE_BREAK.sub("", value))
            headers.setdefault(str(name).strip().lower(), []).append(text)
    except Exception:  # broken input of any shape: degrade, never crash
        return headers
    return headers


def _decoded(headers: dict[str, list[str]], name: str) -> str:
    """Decode RFC 2047 encoded words of a free-text header (first occurrence)."""
    values = headers.get(name)
    if not values:
        return ""
    value = values[0]
    try:
        decoded = str(policy.default.header_factory(name, value))
        return _ENCODED_WORD.sub(_decode_word, decoded) if "=?" in decoded else decoded
    except Exception:  # noqa: S110 - the strict parser gave up; the forgiving path follows
        pass
    try:
        parts = email.header.decode_header(value)
    except Exception:  # broken input of any shape: degrade, never crash
        return value
    out = []
    for chunk, charset in parts:
        out.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return "".join(out)


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=")


def _decode_word(match: re.Match) -> str:
    """Decode an RFC 2047 word the strict parser left alone (e.g. raw 8-bit bytes inside)."""
    charset, encoding, text = match.groups()
    try:
        data = text.encode("latin-1", errors="replace")
        if encoding in "Qq":
            raw = quopri.decodestring(data.replace(b"_", b" "), header=True)
        else:
            raw = base64.b64decode(data + b"=" * (-len(data) % 4))
    except (ValueError, binascii.Error):
        return match.group(0)
    return decode_bytes(raw, charset.partition("*")[0])


_ADDR_SPEC = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")
_OBFUSCATED = re.compile(r"^\s*([^@\s]+) at ([^@\s]+\.[^@\s]+)\s*$")


def _addresses(headers: dict[str, list[str]], name: str) -> tuple[Address, ...]:
    """Every address in every occurrence of an address header, de-duplicated, in order."""
    found: dict[str, Address] = {}
    for value in headers.get(name, []):
        for display, addr in _parse_address_list(name, value):
            addr = addr.strip().strip("<>").strip()
            match = _OBFUSCATED.match(addr)  # pipermail archives write "user at example.org"
            if match:
                addr = f"{match.group(1)}@{match.group(2)}"
            addr = addr.lower()
            if not _ADDR_SPEC.match(addr) or len(addr) > 254:
                continue
            found.setdefault(addr, Address(addr, one_line(display)[:200]))
    return tuple(found.values())


def _parse_address_list(name: str, value: str) -> list[tuple[str, str]]:
    try:
        header = policy.default.header_factory(name, value)
        pairs = [(a.display_name or "", a.addr_spec or "") for a in header.addresses]
        if pairs and all("@" in addr for _, addr in pairs):
            return pairs
    except Exception:  # noqa: S110 - the strict parser gave up; the forgiving path follows
        pass
    try:
        decoded = _decoded({name: [value]}, name)
        return [(n, a) for n, a in email.utils.getaddresses([decoded]) if a]
    except Exception:  # broken input of any shape: degrade, never crash
        return []


_ID_IN_BRACKETS = re.compile(r"<([^<>\s]{1,500})>")


def _message_ids(headers: dict[str, list[str]], name: str) -> tuple[str, ...]:
    ids: dict[str, None] = {}
    for value in headers.get(name, []):
        found = _ID_IN_BRACKETS.findall(value)
        if not found:
            bare = value.strip()
            found = [bare] if bare and " " not in bare and len(bare) <= 500 else []
        for ident in found:
            ident = one_line(ident)
            if ident:
                ids.setdefault(ident, None)
    return tuple(ids)


def _date(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        moment = email.utils.parsedate_to_datetime(one_line(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None or not 1971 <= moment.year <= 2200:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _walk(msg: Message):
    try:
        yield from msg.walk()
    except Exception:  # broken input of any shape: degrade, never crash
        return


def _is_attachment(part: Message) -> bool:
    """A file carried by the message (attached, or inline with a file name)."""
    try:
        if part.is_multipart():
            return False
        return part.get_content_disposition() == "attachment" or bool(part.get_filename())
    except Exception:  # broken input of any shape: degrade, never crash
        return False


def _body(msg: Message) -> tuple[str, str, int]:
    """The readable body: text/plain preferred, else text/html as text; and attachments."""
    attachments = sum(1 for part in _walk(msg) if _is_attachment(part))
    part = None
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # broken input of any shape: degrade, never crash
        part = None
    if part is None:
        candidates = [
            p
            for p in _walk(msg)
            if not p.is_multipart()
            and not _is_attachment(p)
            and p.get_content_type() in ("text/plain", "text/html")
        ]
        candidates.sort(key=lambda p: p.get_content_type() != "text/plain")
        part = candidates[0] if candidates else None
    if part is None:
        return "", "", attachments
    text = _part_text(part)
    if part.get_content_type() == "text/html":
        return html_to_text(text)[:MAX_BODY_CHARS], "html", attachments
    return text.replace("\r\n", "\n").strip()[:MAX_BODY_CHARS], "plain", attachments


def _part_text(part: Message) -> str:
    try:
        content = part.get_content()
        if isinstance(content, str):
            return repair(content)
    except Exception:  # noqa: S110 - the strict parser gave up; the forgiving path follows
        pass
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # broken input of any shape: degrade, never crash
        payload = None
    if isinstance(payload, bytes):
        try:
            charset = part.get_content_charset()
        except Exception:  # broken input of any shape: degrade, never crash
            charset = None
        return decode_bytes(payload, charset)
    raw = part.get_payload()
    return repair(raw) if isinstance(raw, str) else ""


def _synthetic_id(
    headers: dict[str, list[str]],
    sender: tuple[Address, ...],
    to: tuple[Address, ...],
    cc: tuple[Address, ...],
    subject: str,
    body: str,
) -> str:
    """A Message-ID made from what identifies the message, stable across re-imports."""
    parts = [
        ",".join(a.email for a in sender),
        ",".join(a.email for a in to),
        ",".join(a.email for a in cc),
        one_line(headers.get("date", [""])[0]),
        subject,
        body[:20_000],
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", errors="replace")).hexdigest()
    return f"{digest[:40]}@{SYNTHETIC_DOMAIN}"
