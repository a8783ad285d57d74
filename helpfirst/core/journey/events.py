"""Describe one interaction the way the journey analytics read it.

The service layer turns ``Interaction`` rows into :class:`InteractionEvent` objects; everything
in :mod:`helpfirst.core.journey` reads only these. Each event is classified once, when it is made
(its direction resolved, its readiness signal looked up), so the analytics over hundreds of
journeys do a single cheap pass over plain attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from helpfirst.core.errors import DataValidationError
from helpfirst.core.vocabulary import (
    Direction,
    InteractionKind,
    PageType,
    TouchIntent,
    default_direction,
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})
_KINDS = frozenset(InteractionKind)
_PAGE_TYPES = frozenset(PageType)
_INTENTS = frozenset(TouchIntent)

# Our touches: what counts as "we reached out" for fatigue and "last touch" (outbound only).
_TOUCH_KINDS = frozenset({InteractionKind.EMAIL_SENT, InteractionKind.CALL})
# The buyer answering us (inbound only). A meeting is always both a touch and an answer.
_ANSWER_KINDS = frozenset(
    {
        InteractionKind.EMAIL_REPLIED,
        InteractionKind.CALL,
        InteractionKind.SUPPORT_TICKET,
        InteractionKind.TRIAL_SIGNUP,
    }
)

# Readiness signal per event: page views are keyed by page type, everything else by kind.
PAGE_SIGNALS: Mapping[str, str] = MappingProxyType({p.value: f"page:{p.value}" for p in PageType})
SIGNAL_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # signal: (singular, plural) phrase used in evidence sentences
        "page:pricing": ("pricing-page view", "pricing-page views"),
        "page:docs": ("docs-page view", "docs-page views"),
        "page:security": ("security-page view", "security-page views"),
        "page:case_study": ("case-study view", "case-study views"),
        "page:blog": ("blog read", "blog reads"),
        "page:careers": ("careers-page view", "careers-page views"),
        "page:product": ("product-page view", "product-page views"),
        "page:integrations": ("integrations-page view", "integrations-page views"),
        "page:home": ("home-page visit", "home-page visits"),
        "page:other": ("page view", "page views"),
        "email_opened": ("e-mail opened", "e-mails opened"),
        "email_replied": ("reply", "replies"),
        "link_clicked": ("link clicked", "links clicked"),
        "content_download": ("content download", "content downloads"),
        "meeting": ("meeting", "meetings"),
        "call": ("call with them", "calls with them"),
        "webinar": ("webinar attended", "webinars attended"),
        "trial_signup": ("trial sign-up", "trial sign-ups"),
        "product_usage": ("product-usage day", "product-usage days"),
        "support_ticket": ("support ticket", "support tickets"),
    }
)
# Short headline names used in one-line queue explanations ("Pricing page 3× this week").
SIGNAL_HEADLINES: Mapping[str, str] = MappingProxyType(
    {
        "page:pricing": "Pricing page",
        "page:docs": "Docs",
        "page:security": "Security page",
        "page:case_study": "Case studies",
        "page:blog": "Blog",
        "page:product": "Product pages",
        "page:integrations": "Integrations page",
        "page:home": "Home page",
        "page:other": "Website",
        "email_opened": "E-mails opened",
        "email_replied": "Replied",
        "link_clicked": "Links clicked",
        "content_download": "Downloads",
        "meeting": "Met",
        "call": "Spoke",
        "webinar": "Webinar",
        "trial_signup": "Trial sign-up",
        "product_usage": "Product usage",
        "support_ticket": "Support tickets",
    }
)


@dataclass(frozen=True, slots=True)
class InteractionEvent:
    """Record one timestamped touch between the buyer and us.

    ``direction`` defaults from the kind (e-mails sent and calls are ours, the rest the buyer's)
    unless given, or given as ``properties["direction"]``. ``touch_intent`` says whether one of
    our touches gave or asked; left out, it is read from ``properties["touch_intent"]`` and
    otherwise counts as neutral. An outbound call with ``properties["connected"]`` true counts
    as the buyer answering.
    """

    occurred_at: datetime
    kind: str
    page_type: str | None = None
    contact_key: str | None = None
    stakeholder_role: str | None = None
    direction: str | None = None
    touch_intent: str | None = None
    properties: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False)
    # Derived once in __post_init__ (never passed by callers).
    timestamp: float = field(init=False, repr=False, compare=False)
    signal: str | None = field(init=False, repr=False, compare=False)
    is_touch: bool = field(init=False, repr=False, compare=False)
    is_answer: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kind = self.kind
        if kind not in _KINDS:
            raise DataValidationError(
                f"Unknown interaction kind {kind!r}; use one of: {', '.join(sorted(_KINDS))}.",
                field="kind",
            )
        if self.occurred_at.tzinfo is None:
            raise DataValidationError(
                "occurred_at must be timezone-aware (attach UTC or the source's zone).",
                field="occurred_at",
            )
        props = self.properties
        direction = self.direction or props.get("direction") or default_direction(kind)
        if direction not in (Direction.INBOUND, Direction.OUTBOUND):
            raise DataValidationError(
                f"Unknown direction {direction!r}; use 'inbound' or 'outbound'.", field="direction"
            )
        intent = self.touch_intent or props.get("touch_intent")
        if intent is not None and intent not in _INTENTS:
            raise DataValidationError(
                f"Unknown touch intent {intent!r}; use 'gave', 'asked' or 'neutral'.",
                field="touch_intent",
            )
        page_type = self.page_type
        if kind == InteractionKind.PAGE_VIEW:
            page_type = page_type if page_type in _PAGE_TYPES else PageType.OTHER
            signal: str | None = PAGE_SIGNALS[page_type]
        elif kind in (InteractionKind.EMAIL_SENT, InteractionKind.NOTE):
            signal = None
        elif kind == InteractionKind.CALL and direction == Direction.OUTBOUND:
            signal = "call" if props.get("connected") else None
        else:
            signal = kind
        outbound = direction == Direction.OUTBOUND
        is_meeting = kind == InteractionKind.MEETING
        setter = object.__setattr__
        setter(self, "direction", direction)
        setter(self, "touch_intent", intent)
        setter(self, "page_type", page_type)
        setter(self, "timestamp", self.occurred_at.timestamp())
        setter(self, "signal", signal)
        setter(self, "is_touch", is_meeting or (outbound and kind in _TOUCH_KINDS))
        setter(
            self,
            "is_answer",
            is_meeting
            or (not outbound and kind in _ANSWER_KINDS)
            or (outbound and kind == InteractionKind.CALL and bool(props.get("connected"))),
        )
