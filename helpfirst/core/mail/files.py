"""Read ``.eml`` and ``.mbox`` files: one message per item, a bad message never stops the rest.

The format is told from the content, not the name: a file whose first line is an mbox
``From`` separator line is an mbox (read with the standard library's :mod:`mailbox`, raw
bytes, so a ``From`` line with non-ASCII bytes is fine); anything else is one message
(``.eml``, or RFC 822 ``.txt``).
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from helpfirst.core.mail.message import MailFormatError, MailMessage, parse_message


@dataclass(frozen=True)
class MailFileItem:
    """One message of a file: parsed, or the reason it could not be."""

    number: int  # 1-based position in the file
    message: MailMessage | None = None
    error: MailFormatError | None = None


def _first_line(path: Path) -> bytes:
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                return line
    return b""


class MailFile:
    """An open ``.eml`` or ``.mbox`` file; iterate it for :class:`MailFileItem` s.

    Raises :class:`MailFormatError` when the file itself cannot be used (missing, a folder,
    unreadable, empty).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = str(path)
        try:
            if not self.path.is_file():
                raise MailFormatError("not found, or not a file; check the path", file=self.name)
            first = _first_line(self.path)
        except OSError as exc:
            raise MailFormatError(
                f"cannot be read ({exc.strerror or exc})", file=self.name
            ) from exc
        if not first:
            raise MailFormatError("the file is empty", file=self.name)
        self.format = "mbox" if first.startswith(b"From ") else "eml"
        self._box: mailbox.mbox | None = None
        if self.format == "mbox":
            try:
                self._box = mailbox.mbox(str(self.path), create=False)
                self._keys = list(self._box.iterkeys())
            except (OSError, mailbox.Error) as exc:
                raise MailFormatError(f"cannot be read as an mbox ({exc})", file=self.name) from exc
            self.count = len(self._keys)
        else:
            self.count = 1

    def __iter__(self) -> Iterator[MailFileItem]:
        if self._box is None:
            yield self._item(1, self.path.read_bytes)
            return
        for number, key in enumerate(self._keys, start=1):
            yield self._item(number, lambda key=key: self._box.get_bytes(key))

    def _item(self, number: int, read) -> MailFileItem:
        try:
            raw = read()
        except (OSError, KeyError, mailbox.Error) as exc:
            error = MailFormatError(
                f"cannot be read ({exc})", file=self.name, message_number=number
            )
            return MailFileItem(number, error=error)
        try:
            return MailFileItem(
                number, message=parse_message(raw, file=self.name, message_number=number)
            )
        except MailFormatError as exc:
            return MailFileItem(number, error=exc)

    def close(self) -> None:
        if self._box is not None:
            self._box.close()
            self._box = None

    def __enter__(self) -> MailFile:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def read_mail_file(path: str | Path) -> list[MailFileItem]:
    """Every message of an ``.eml`` or ``.mbox`` file (convenience for small files)."""
    with MailFile(path) as mail_file:
        return list(mail_file)
