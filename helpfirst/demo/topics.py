"""Read what the demo journeys talk about from the playbook: its problems and its anti-fits.

The demo writes each journey's stated needs in the buyer's words, taken from the example
phrasings of a playbook problem (a clear fit), of an anti-fit (a clear poor fit) or from both or
neither (ambiguous). Reading them from the playbook spec keeps the demo in step with whatever
the playbook says; a small built-in set is used only when no playbook is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLAYBOOK_PATH = Path(__file__).with_name("playbook.yaml")


@dataclass(frozen=True)
class NeedTopic:
    """A problem we solve (or an anti-fit we don't), as the demo needs it."""

    slug: str
    title: str
    phrasings: tuple[str, ...]
    industries: tuple[str, ...] = ()
    size_min: int | None = None
    size_max: int | None = None
    referral: str = ""

    def suits(self, industry: str, employees: int) -> bool:
        """Tell whether a company of this industry and size is who typically has the topic."""
        if self.industries and industry.lower() not in {i.lower() for i in self.industries}:
            return False
        if self.size_min is not None and employees < self.size_min:
            return False
        return self.size_max is None or employees <= self.size_max


@dataclass(frozen=True)
class ContentRef:
    """A content item the demo's downloads and shares point at."""

    slug: str
    title: str
    format: str
    url: str
    buying_stages: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def load_playbook_spec(path: Path = PLAYBOOK_PATH) -> Any:
    """Return the demo playbook spec, or None while the playbook parts are not installed."""
    try:
        from helpfirst.core.playbook import load_playbook_yaml
    except ImportError as missing:
        if str(missing.name or "").startswith("helpfirst"):
            return None  # the playbook parts are not installed yet: built-in topics stand in
        raise
    if not path.exists():
        return None
    return load_playbook_yaml(path)


def _get(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _texts(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if str(v).strip())


def _topic(item: Any) -> NeedTopic:
    return NeedTopic(
        slug=str(_get(item, "slug", "") or _get(item, "title", "")),
        title=str(_get(item, "title", "")),
        phrasings=_texts(_get(item, "example_phrasings")),
        industries=_texts(_get(item, "industries")),
        size_min=_get(item, "company_size_min"),
        size_max=_get(item, "company_size_max"),
        referral=_referral_name(_get(item, "referral", "")),
    )


def _referral_name(referral: Any) -> str:
    """Return who we refer such buyers to (a playbook ``Referral`` or plain text)."""
    if not referral:
        return ""
    return str(getattr(referral, "name", referral))


def problems_from(spec: Any) -> list[NeedTopic]:
    """Return the playbook's problems that have example phrasings (the built-in set if none)."""
    found = [_topic(p) for p in (_get(spec, "problems") or ()) if spec is not None]
    found = [t for t in found if t.phrasings]
    return found or list(FALLBACK_PROBLEMS)


def anti_fits_from(spec: Any) -> list[NeedTopic]:
    """Return the playbook's anti-fits that have example phrasings (the built-in set if none)."""
    found = [_topic(a) for a in (_get(spec, "anti_fits") or ()) if spec is not None]
    found = [t for t in found if t.phrasings]
    return found or list(FALLBACK_ANTI_FITS)


def content_from(spec: Any, site: str) -> list[ContentRef]:
    """Return the playbook's content items (a few built-in ones if it has none)."""
    items: Iterable[Any] = ()
    if spec is not None:
        items = _get(spec, "content") or _get(spec, "content_items") or ()
    refs = []
    for item in items:
        slug = str(_get(item, "slug", "") or "")
        if not slug:
            continue
        refs.append(
            ContentRef(
                slug=slug,
                title=str(_get(item, "title", slug)),
                format=str(_get(item, "format", "whitepaper")),
                url=str(_get(item, "url", "") or f"{site}/resources/{slug}"),
                buying_stages=_texts(_get(item, "buying_stages")),
                problems=_texts(_get(item, "problems")),
            )
        )
    if refs:
        return refs
    return [
        ContentRef(slug, title, fmt, f"{site}/resources/{slug}", stages)
        for slug, title, fmt, stages in FALLBACK_CONTENT
    ]


FALLBACK_PROBLEMS: tuple[NeedTopic, ...] = (
    NeedTopic(
        "one-version-of-the-numbers",
        "One version of the numbers",
        (
            "Every department has its own spreadsheet and the numbers never match",
            "Our board pack takes a week to pull together by hand",
            "We argue about whose figures are right instead of what to do",
        ),
    ),
    NeedTopic(
        "demand-forecasting",
        "Demand forecasting planners trust",
        (
            "We keep running out of stock on our best sellers and overstocking the rest",
            "Our forecast is basically last year plus ten percent",
            "Planning can't see demand changes until it's too late",
        ),
    ),
    NeedTopic(
        "customer-churn",
        "Seeing churn coming",
        (
            "Customers cancel and we only find out at renewal",
            "We don't know which customers are at risk until they leave",
        ),
    ),
)
FALLBACK_ANTI_FITS: tuple[NeedTopic, ...] = (
    NeedTopic(
        "one-off-dashboard",
        "A one-off dashboard project",
        (
            "We just need someone to build one dashboard for next month's board meeting",
            "Looking for a freelancer to make a quick chart pack",
        ),
        referral="A freelance analyst from a local BI meetup",
    ),
    NeedTopic(
        "real-time-trading",
        "Sub-second trading data",
        ("We need tick-level market data with millisecond latency for our trading desk",),
        referral="A specialist market-data vendor",
    ),
)
FALLBACK_CONTENT: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("spreadsheet-chaos-guide", "Escaping spreadsheet chaos", "ebook", ("exploring_problem",)),
    (
        "forecasting-approaches", "Four ways to forecast demand", "whitepaper",
        ("exploring_solutions",),
    ),
    ("security-overview", "Security and data-protection overview", "whitepaper", ("evaluating",)),
    ("roi-calculator", "Reporting-time ROI calculator", "roi_calculator", ("deciding",)),
    ("onboarding-video", "Your first 30 days", "video", ("implementing",)),
)
