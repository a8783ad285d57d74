"""Text clean-up for e-mail: undecodable bytes, HTML bodies, unknown charsets."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

# Charsets seen in the wild under names Python does not know.
CHARSET_ALIASES = {
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "x-user-defined": "windows-1252",
    "ansi_x3.4-1968": "ascii",
    "iso-8859-8-i": "iso-8859-8",
    "x-sjis": "shift_jis",
    "windows-874": "cp874",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
}


def known_charset(name: str | None) -> str | None:
    """Return a codec name Python knows for ``name``, or None."""
    if not name:
        return None
    name = name.strip().strip('"').lower()
    name = CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode ``data`` with its declared charset, else UTF-8, else Windows-1252 (never fails)."""
    codec = known_charset(charset)
    if codec:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError, ValueError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", errors="replace")


def repair(text: str) -> str:
    """Turn surrogate-escaped raw bytes (8-bit headers) back into readable text."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    try:
        raw = text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace").decode("utf-8", errors="replace")
    return decode_bytes(raw)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    """Collapse a header value onto one line without control characters."""
    return " ".join(_CONTROL.sub(" ", repair(text)).split())


class _TextFromHtml(HTMLParser):
    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}
    )
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML body (tags dropped, blocks on their own lines)."""
    parser = _TextFromHtml()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is lenient
        return re.sub(r"<[^>]*>", " ", html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
