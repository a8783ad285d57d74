"""Name the things helpfirst talks about, once, in the buyer's language.

Every stored value (buying stages, interaction kinds, page types, stakeholder roles, content
formats) is defined here as a ``StrEnum`` with a human label. The Django models take their
``choices`` from :func:`choices`, the API and the CLI validate against the same enums, and the
pure-Python analytics compare plain strings against them (a ``StrEnum`` member *is* its string
value, so ``"pricing" == PageType.PRICING``).
"""

from __future__ import annotations

from enum import StrEnum


class BuyingStage(StrEnum):
    """Where the buyer is in their own journey, or how the journey ended."""

    EXPLORING_PROBLEM = "exploring_problem"
    EXPLORING_SOLUTIONS = "exploring_solutions"
    EVALUATING = "evaluating"
    DECIDING = "deciding"
    IMPLEMENTING = "implementing"
    REALISING_VALUE = "realising_value"
    EXPANDING = "expanding"
    NOT_A_FIT = "not_a_fit"
    PAUSED = "paused"
    CHOSE_ALTERNATIVE = "chose_alternative"
    NO_DECISION = "no_decision"
    CHURNED = "churned"


class InteractionKind(StrEnum):
    """One kind of timestamped touch between the buyer and us."""

    EMAIL_SENT = "email_sent"
    EMAIL_OPENED = "email_opened"
    EMAIL_REPLIED = "email_replied"
    LINK_CLICKED = "link_clicked"
    PAGE_VIEW = "page_view"
    CONTENT_DOWNLOAD = "content_download"
    MEETING = "meeting"
    CALL = "call"
    WEBINAR = "webinar"
    TRIAL_SIGNUP = "trial_signup"
    PRODUCT_USAGE = "product_usage"
    SUPPORT_TICKET = "support_ticket"
    NOTE = "note"


class PageType(StrEnum):
    """What kind of page a page view was on."""

    PRICING = "pricing"
    DOCS = "docs"
    SECURITY = "security"
    CASE_STUDY = "case_study"
    BLOG = "blog"
    CAREERS = "careers"
    PRODUCT = "product"
    INTEGRATIONS = "integrations"
    HOME = "home"
    OTHER = "other"


class Direction(StrEnum):
    """Who acted: the buyer (inbound) or we (outbound)."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class TouchIntent(StrEnum):
    """Whether one of our touches gave the buyer something or asked them for something."""

    GAVE = "gave"
    ASKED = "asked"
    NEUTRAL = "neutral"


class StakeholderRole(StrEnum):
    """The part a person plays in the buyer's decision."""

    ECONOMIC_BUYER = "economic_buyer"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    END_USER = "end_user"
    BLOCKER = "blocker"
    UNKNOWN = "unknown"


class ContentFormat(StrEnum):
    """The format of an item in the content library."""

    EMAIL_TEMPLATE = "email_template"
    EBOOK = "ebook"
    WHITEPAPER = "whitepaper"
    VIDEO = "video"
    BLOG_POST = "blog_post"
    WEB_PAGE = "web_page"
    TESTIMONIAL = "testimonial"
    CASE_STUDY = "case_study"
    ROI_CALCULATOR = "roi_calculator"


BUYING_STAGE_LABELS: dict[str, str] = {
    BuyingStage.EXPLORING_PROBLEM: "Exploring the problem",
    BuyingStage.EXPLORING_SOLUTIONS: "Exploring solutions",
    BuyingStage.EVALUATING: "Evaluating",
    BuyingStage.DECIDING: "Deciding",
    BuyingStage.IMPLEMENTING: "Implementing",
    BuyingStage.REALISING_VALUE: "Realising value",
    BuyingStage.EXPANDING: "Expanding",
    BuyingStage.NOT_A_FIT: "Not a fit",
    BuyingStage.PAUSED: "Paused",
    BuyingStage.CHOSE_ALTERNATIVE: "Chose an alternative",
    BuyingStage.NO_DECISION: "No decision",
    BuyingStage.CHURNED: "Churned",
}

INTERACTION_KIND_LABELS: dict[str, str] = {
    InteractionKind.EMAIL_SENT: "E-mail sent",
    InteractionKind.EMAIL_OPENED: "E-mail opened",
    InteractionKind.EMAIL_REPLIED: "E-mail replied",
    InteractionKind.LINK_CLICKED: "Link clicked",
    InteractionKind.PAGE_VIEW: "Page view",
    InteractionKind.CONTENT_DOWNLOAD: "Content download",
    InteractionKind.MEETING: "Meeting",
    InteractionKind.CALL: "Call",
    InteractionKind.WEBINAR: "Webinar",
    InteractionKind.TRIAL_SIGNUP: "Trial sign-up",
    InteractionKind.PRODUCT_USAGE: "Product usage",
    InteractionKind.SUPPORT_TICKET: "Support ticket",
    InteractionKind.NOTE: "Note",
}

PAGE_TYPE_LABELS: dict[str, str] = {
    PageType.PRICING: "Pricing",
    PageType.DOCS: "Docs",
    PageType.SECURITY: "Security",
    PageType.CASE_STUDY: "Case study",
    PageType.BLOG: "Blog",
    PageType.CAREERS: "Careers",
    PageType.PRODUCT: "Product",
    PageType.INTEGRATIONS: "Integrations",
    PageType.HOME: "Home",
    PageType.OTHER: "Other",
}

DIRECTION_LABELS: dict[str, str] = {
    Direction.INBOUND: "Inbound (the buyer acted)",
    Direction.OUTBOUND: "Outbound (we acted)",
}

TOUCH_INTENT_LABELS: dict[str, str] = {
    TouchIntent.GAVE: "Gave (answered, shared insight or a resource, made an introduction)",
    TouchIntent.ASKED: "Asked (for a meeting, for the order)",
    TouchIntent.NEUTRAL: "Neutral",
}

STAKEHOLDER_ROLE_LABELS: dict[str, str] = {
    StakeholderRole.ECONOMIC_BUYER: "Economic buyer",
    StakeholderRole.CHAMPION: "Champion",
    StakeholderRole.INFLUENCER: "Influencer",
    StakeholderRole.TECHNICAL_EVALUATOR: "Technical evaluator",
    StakeholderRole.END_USER: "End user",
    StakeholderRole.BLOCKER: "Blocker",
    StakeholderRole.UNKNOWN: "Unknown",
}

CONTENT_FORMAT_LABELS: dict[str, str] = {
    ContentFormat.EMAIL_TEMPLATE: "E-mail template",
    ContentFormat.EBOOK: "E-book",
    ContentFormat.WHITEPAPER: "Whitepaper",
    ContentFormat.VIDEO: "Video",
    ContentFormat.BLOG_POST: "Blog post",
    ContentFormat.WEB_PAGE: "Web page",
    ContentFormat.TESTIMONIAL: "Testimonial",
    ContentFormat.CASE_STUDY: "Case study",
    ContentFormat.ROI_CALCULATOR: "ROI calculator",
}

_LABELS: dict[type[StrEnum], dict[str, str]] = {
    BuyingStage: BUYING_STAGE_LABELS,
    InteractionKind: INTERACTION_KIND_LABELS,
    PageType: PAGE_TYPE_LABELS,
    Direction: DIRECTION_LABELS,
    TouchIntent: TOUCH_INTENT_LABELS,
    StakeholderRole: STAKEHOLDER_ROLE_LABELS,
    ContentFormat: CONTENT_FORMAT_LABELS,
}

# The seven stages of a journey that is still going, in the buyer's order.
STAGE_ORDER: tuple[BuyingStage, ...] = (
    BuyingStage.EXPLORING_PROBLEM,
    BuyingStage.EXPLORING_SOLUTIONS,
    BuyingStage.EVALUATING,
    BuyingStage.DECIDING,
    BuyingStage.IMPLEMENTING,
    BuyingStage.REALISING_VALUE,
    BuyingStage.EXPANDING,
)
OPEN_STAGES: frozenset[str] = frozenset(STAGE_ORDER)
PRE_SALE_STAGES: frozenset[str] = frozenset(STAGE_ORDER[:4])
CUSTOMER_STAGES: frozenset[str] = frozenset(STAGE_ORDER[4:])
EXIT_STAGES: frozenset[str] = frozenset(
    {
        BuyingStage.NOT_A_FIT,
        BuyingStage.PAUSED,
        BuyingStage.CHOSE_ALTERNATIVE,
        BuyingStage.NO_DECISION,
        BuyingStage.CHURNED,
    }
)
# Exits after which a nurture re-check date makes sense (the buyer may come back).
RECHECKABLE_EXITS: frozenset[str] = frozenset(
    {BuyingStage.NOT_A_FIT, BuyingStage.PAUSED, BuyingStage.NO_DECISION}
)

# Kinds we do (outbound) unless the event says otherwise; every other kind is the buyer acting.
OUTBOUND_KINDS: frozenset[str] = frozenset(
    {InteractionKind.EMAIL_SENT, InteractionKind.CALL, InteractionKind.NOTE}
)


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """Return ``(value, label)`` pairs of a vocabulary enum, in order, for Django ``choices``."""
    labels = _LABELS[enum]
    return [(member.value, labels[member]) for member in enum]


def label(value: str, enum: type[StrEnum]) -> str:
    """Return the human label of ``value`` in ``enum``, or the value itself if it is unknown."""
    return _LABELS[enum].get(value, str(value))


def stage_label(stage: str) -> str:
    """Return the buyer-facing label of a buying stage or exit ("Exploring the problem")."""
    return BUYING_STAGE_LABELS.get(stage, str(stage))


def is_open_stage(stage: str | None) -> bool:
    """Tell whether a journey in ``stage`` is still going (any of the seven stages)."""
    return stage in OPEN_STAGES


def is_exit(stage: str | None) -> bool:
    """Tell whether ``stage`` is an exit (not a fit, paused, chose an alternative, ...)."""
    return stage in EXIT_STAGES


def is_customer_stage(stage: str | None) -> bool:
    """Tell whether ``stage`` comes after the sale (implementing, realising value, expanding)."""
    return stage in CUSTOMER_STAGES


def is_pre_sale_stage(stage: str | None) -> bool:
    """Tell whether ``stage`` comes before the sale (exploring the problem ... deciding)."""
    return stage in PRE_SALE_STAGES


def stage_index(stage: str) -> int:
    """Return the position of an open stage in the buyer's order; exits raise ``ValueError``."""
    if stage not in OPEN_STAGES:
        raise ValueError(f"{stage!r} is not an open buying stage, so it has no position.")
    return STAGE_ORDER.index(BuyingStage(stage))


def default_direction(kind: str) -> Direction:
    """Return who normally acts in an interaction of ``kind`` (e-mails sent and calls: us)."""
    return Direction.OUTBOUND if kind in OUTBOUND_KINDS else Direction.INBOUND
