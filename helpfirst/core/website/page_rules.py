"""Map page URLs to page types (pricing, docs, case study …) with ordered URL-pattern rules.

A team writes one rule per line: ``PATTERN PAGE_TYPE``, e.g. ``/pricing* pricing``. Patterns
match the URL path (case-insensitive, a trailing slash ignored); a pattern that does not start
with ``/`` also names the host, e.g. ``docs.example.com/** docs``. ``*`` matches within one path
segment, ``**`` matches anything (``/docs/**`` also matches ``/docs`` itself). Rules are tried in
order and the first match wins; when none matches, :data:`DEFAULT_RULES` are tried, and then
the page is ``other``. Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from helpfirst.core.vocabulary import PAGE_TYPE_LABELS, PageType
from helpfirst.core.website.errors import TrackingSetupError

MAX_RULES = 200
MAX_PATTERN = 300


@dataclass(frozen=True)
class PageRule:
    """One rule: URLs matching ``pattern`` are pages of ``page_type``."""

    pattern: str
    page_type: str

    def as_line(self) -> str:
        return f"{self.pattern} {self.page_type}"


DEFAULT_RULES: tuple[PageRule, ...] = (
    PageRule("/", PageType.HOME),
    PageRule("/index.html", PageType.HOME),
    PageRule("/pricing/**", PageType.PRICING),
    PageRule("/plans/**", PageType.PRICING),
    PageRule("/docs/**", PageType.DOCS),
    PageRule("/documentation/**", PageType.DOCS),
    PageRule("/help/**", PageType.DOCS),
    PageRule("/security/**", PageType.SECURITY),
    PageRule("/trust/**", PageType.SECURITY),
    PageRule("/customers/**", PageType.CASE_STUDY),
    PageRule("/case-studies/**", PageType.CASE_STUDY),
    PageRule("/blog/**", PageType.BLOG),
    PageRule("/careers/**", PageType.CAREERS),
    PageRule("/jobs/**", PageType.CAREERS),
    PageRule("/integrations/**", PageType.INTEGRATIONS),
    PageRule("/product/**", PageType.PRODUCT),
    PageRule("/features/**", PageType.PRODUCT),
)


def _check_pattern(pattern: str, line: int | None) -> None:
    if not pattern:
        raise TrackingSetupError("The pattern is empty.", line=line, field="pattern")
    if len(pattern) > MAX_PATTERN:
        raise TrackingSetupError(
            f"The pattern is longer than {MAX_PATTERN} characters; shorten it.",
            line=line,
            field="pattern",
        )
    if any(ch.isspace() or ord(ch) < 32 for ch in pattern):
        raise TrackingSetupError(
            "A pattern may not contain spaces or control characters.", line=line, field="pattern"
        )
    if "***" in pattern:
        raise TrackingSetupError(
            "Use * (one path segment) or ** (anything), not ***.", line=line, field="pattern"
        )


def make_rule(pattern: str, page_type: str, *, line: int | None = None) -> PageRule:
    """Check one rule and return it; raise :class:`TrackingSetupError` saying what to fix."""
    pattern = pattern.strip()
    page_type = page_type.strip().lower()
    _check_pattern(pattern, line)
    if page_type not in PAGE_TYPE_LABELS:
        known = ", ".join(PAGE_TYPE_LABELS)
        raise TrackingSetupError(
            f"Unknown page type {page_type!r}; use one of: {known}.", line=line, field="page_type"
        )
    return PageRule(pattern, page_type)


def parse_rules(text: str) -> list[PageRule]:
    """Read rules written one per line as ``PATTERN PAGE_TYPE`` (``#`` starts a comment)."""
    if not isinstance(text, str):
        raise TrackingSetupError("Page rules must be text, one rule per line.")
    rules: list[PageRule] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise TrackingSetupError(
                "Write each rule as PATTERN PAGE_TYPE, e.g. '/pricing* pricing'.", line=number
            )
        rules.append(make_rule(parts[0], parts[1], line=number))
        if len(rules) > MAX_RULES:
            raise TrackingSetupError(f"At most {MAX_RULES} rules per site.", line=number)
    return rules


def format_rules(rules: list[PageRule]) -> str:
    """Write rules back as text that :func:`parse_rules` reads."""
    return "\n".join(rule.as_line() for rule in rules)


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    text = pattern.lower()
    if text != "/" and text.endswith("/"):
        text = text.rstrip("/") or "/"
    optional_tail = ""
    if text.endswith("/**"):
        text = text[:-3]
        optional_tail = "(?:/.*)?"
    out = []
    index = 0
    while index < len(text):
        if text.startswith("**", index):
            out.append(".*")
            index += 2
        elif text[index] == "*":
            out.append("[^/]*")
            index += 1
        else:
            out.append(re.escape(text[index]))
            index += 1
    return re.compile("".join(out) + optional_tail + r"\Z", re.DOTALL)


def _subjects(url: str) -> tuple[str, str]:
    """Return (path, host+path) of a URL, lower-cased, trailing slash removed."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "/", "/"
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    if path != "/":
        path = path.rstrip("/") or "/"
    path = path.lower()
    host = (parts.hostname or "").lower()
    return path, host + path


def rule_matches(rule: PageRule, url: str) -> bool:
    """Tell whether ``rule`` matches ``url`` (a full URL or a bare path)."""
    path, host_path = _subjects(url)
    subject = path if rule.pattern.startswith(("/", "*")) else host_path
    return _compiled(rule.pattern).match(subject) is not None


def page_type_for(url: str, rules: list[PageRule] | tuple[PageRule, ...] = ()) -> str:
    """Return the page type of ``url``: the first matching rule, then the defaults, else other."""
    for rule in (*rules, *DEFAULT_RULES):
        if rule_matches(rule, url):
            return str(rule.page_type)
    return PageType.OTHER.value
