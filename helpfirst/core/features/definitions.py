"""Define every batch feature once: how each event is read, what is counted, what is derived.

This mirrors :mod:`helpfirst.core.journey` (the per-journey, pure-Python analytics behind the
help queue) as vectorised definitions: the event classification of
:class:`~helpfirst.core.journey.events.InteractionEvent`, the one-pass summary of
:func:`~helpfirst.core.journey.activity.summarise_activity`, readiness with time decay, the
give/ask balance and contact fatigue (assuming consent, which the event stream does not carry).
The same constants are imported, not copied, so a change to the method changes both.

An event's kind and page type are read once as small integer codes (``kind_code``,
``page_code``); the rest of its classification is written over those codes, which lets an engine
precompute it per code (see :mod:`.finite`). Windowed and touch-related aggregates name the
small subset of events they read (``among=``), which DuckDB summarises separately.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from helpfirst.core.features.expressions import (
    Aggregate,
    Col,
    Count,
    CountDistinct,
    CountLaterThan,
    EpochSeconds,
    Expr,
    JsonText,
    Max,
    Min,
    Sum,
    col,
    fn,
    lit,
    lookup,
    param,
    when,
)
from helpfirst.core.journey.activity import (
    CLOCK_SKEW_SECONDS,
    DAY_SECONDS,
    DEFAULT_HALF_LIFE_DAYS,
    EVIDENCE_WINDOW_DAYS,
    RECENT_WINDOW_DAYS,
)
from helpfirst.core.journey.events import _ANSWER_KINDS, _TOUCH_KINDS, SIGNAL_LABELS
from helpfirst.core.journey.fatigue import (
    DEFAULT_MAX_UNANSWERED,
    DEFAULT_MIN_DAYS_BETWEEN_TOUCHES,
    DEFAULT_UNANSWERED_TOUCH_PENALTY,
    RECENT_TOUCH_FADE_DAYS,
    RECENT_TOUCH_PENALTY,
)
from helpfirst.core.journey.readiness import (
    MAX_STAKEHOLDERS_COUNTED,
    READINESS_SCALE_POINTS,
    SIGNAL_POINTS,
    STAKEHOLDER_BONUS,
)
from helpfirst.core.vocabulary import OUTBOUND_KINDS, InteractionKind, PageType

# Columns a source must provide; ``direction``, ``touch_intent``, ``connected`` and
# ``properties`` (JSON text) are optional and read when present.
REQUIRED_COLUMNS = ("account_id", "contact_id", "journey_id", "kind", "page_type", "occurred_at")
OPTIONAL_COLUMNS = ("direction", "touch_intent", "connected", "properties")
GROUP_KEYS = ("journey_id", "account_id")


@dataclass(frozen=True, slots=True)
class FeatureSet:
    """Hold one declarative pipeline: event columns, aggregates per group, derived features.

    ``event_columns`` are computed per event in order (each may use the earlier ones);
    ``keep_event`` filters events (future events are left out); ``aggregates`` summarise each
    group; ``features`` derive the published columns from aggregates and earlier features.
    ``outputs`` lists the published columns, in order (aggregates or features).
    ``subsets`` names small sets of events (a condition each); an aggregate with ``among`` set
    to one of them summarises only those events (see :mod:`.expressions`).
    """

    key: str
    event_columns: tuple[tuple[str, Expr], ...]
    keep_event: Expr
    aggregates: tuple[tuple[str, Aggregate], ...]
    features: tuple[tuple[str, Expr], ...]
    outputs: tuple[str, ...]
    params: dict[str, float] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    subsets: tuple[tuple[str, Expr], ...] = ()


# Counted signals: (feature stem, signal, description).
WINDOW_SIGNALS: tuple[tuple[str, str, str], ...] = (
    ("pricing_views", "page:pricing", "pricing-page views"),
    ("security_views", "page:security", "security-page views"),
    ("docs_views", "page:docs", "docs-page views"),
    ("case_study_views", "page:case_study", "case-study views"),
    ("content_downloads", "content_download", "content downloads"),
    ("meetings", "meeting", "meetings"),
    ("replies", "email_replied", "e-mail replies"),
    ("emails_opened", "email_opened", "e-mails opened"),
    ("trial_signups", "trial_signup", "trial sign-ups"),
    ("product_usage_days", "product_usage", "product-usage events"),
)
WINDOWS_DAYS = (RECENT_WINDOW_DAYS, EVIDENCE_WINDOW_DAYS)


def _signal_codes() -> dict[str, int]:
    return {signal: code for code, signal in enumerate(SIGNAL_LABELS, start=1)}


# Each readiness signal ("page:pricing", "meeting", ...) as a small integer: comparing integers
# per event is much cheaper than building and comparing strings over millions of rows.
SIGNAL_CODES: dict[str, int] = _signal_codes()


def _kind_codes() -> dict[str, int]:
    """Number every interaction kind: a signal kind by its signal code, the others after them."""
    codes = {k.value: SIGNAL_CODES[k.value] for k in InteractionKind if k.value in SIGNAL_CODES}
    last = len(SIGNAL_CODES)
    for kind in InteractionKind:
        if kind.value not in codes:
            last += 1
            codes[kind.value] = last
    return codes


# Each interaction kind as a small integer (0: unknown), read once per event from the text.
KIND_CODES: dict[str, int] = _kind_codes()

# The subsets of events some aggregates look at (see FeatureSet.subsets).
RECENT_SIGNALS = "recent_signals"
TOUCHES_AND_INTENTS = "touches_and_intents"


def signal_is(signal: str) -> Expr:
    """Test whether an event's readiness signal is ``signal`` (e.g. ``"page:pricing"``)."""
    return col("signal_code").eq(SIGNAL_CODES[signal])


def kind_is(*kinds: str) -> Expr:
    """Test whether an event's kind is one of ``kinds`` (compared as integer codes)."""
    codes = tuple(KIND_CODES[k] for k in kinds)
    return col("kind_code").eq(codes[0]) if len(codes) == 1 else col("kind_code").isin(codes)


def _event_columns() -> tuple[tuple[str, Expr], ...]:
    """Classify each event exactly as ``InteractionEvent.__post_init__`` does."""
    kind_code = when(*((col("kind").eq(k), c) for k, c in KIND_CODES.items()), otherwise=0)
    outbound = when(
        (col("_direction_in").isin(("inbound", "outbound")), col("_direction_in").eq("outbound")),
        otherwise=kind_is(*OUTBOUND_KINDS),
    )
    page_code = when(
        *((col("page_type").eq(p.value), SIGNAL_CODES[f"page:{p.value}"]) for p in PageType),
        otherwise=SIGNAL_CODES[f"page:{PageType.OTHER.value}"],
    )
    connected = col("_connected_in").isin(("true", "1", "True"))
    page_view = InteractionKind.PAGE_VIEW.value
    silent = tuple(c for k, c in KIND_CODES.items() if k not in SIGNAL_CODES and k != page_view)
    signal_code = when(
        (kind_is(InteractionKind.PAGE_VIEW), col("page_code")),
        # Kinds without a signal of their own (and unknown kinds, code 0) carry none.
        (col("kind_code").isin((0, *silent)), None),
        (
            kind_is(InteractionKind.CALL) & col("is_outbound"),
            when((connected, SIGNAL_CODES["call"]), otherwise=None),
        ),
        otherwise=col("kind_code"),  # a signal kind's code is its signal code
    )
    meeting = kind_is(InteractionKind.MEETING)
    is_outbound = col("is_outbound")
    is_touch = meeting | (is_outbound & kind_is(*_TOUCH_KINDS))
    is_answer = (
        meeting
        | (~is_outbound & kind_is(*_ANSWER_KINDS))
        | (is_outbound & kind_is(InteractionKind.CALL) & connected)
    )
    intent = when(
        (col("_intent_in").isin(("gave", "asked", "neutral")), col("_intent_in")),
        otherwise=None,
    )
    points = {SIGNAL_CODES[signal]: value for signal, value in SIGNAL_POINTS.items()}
    ts = EpochSeconds(col("occurred_at"))
    age = fn("greatest", param("now_ts") - col("ts"), 0.0)
    decay = fn("exp", -(param("decay_rate") * age))
    return (
        ("ts", ts),
        ("kind_code", kind_code),
        ("page_code", page_code),  # read for every event, used for page views only
        ("is_outbound", outbound),
        ("signal_code", signal_code),
        ("is_touch", is_touch),
        ("is_answer", is_answer),
        ("intent", intent),
        ("decayed_points", lookup(col("signal_code"), points) * decay),
    )


def _subsets() -> tuple[tuple[str, Expr], ...]:
    widest = max(WINDOWS_DAYS)
    return (
        (RECENT_SIGNALS, ~col("signal_code").is_null() & (col("ts") >= param(f"from_{widest}d"))),
        # Our touches, and any event marked as giving, asking or neutral.
        (TOUCHES_AND_INTENTS, col("is_touch") | ~col("intent").is_null()),
    )


def _aggregates() -> tuple[tuple[str, Aggregate], ...]:
    has_signal = ~col("signal_code").is_null()
    ts = col("ts")
    ours = TOUCHES_AND_INTENTS
    aggs: list[tuple[str, Aggregate]] = [
        ("events", Count()),
        ("first_ts", Min(ts)),
        ("last_event_ts", Max(ts)),
        ("last_inbound_ts", Max(ts, has_signal)),
        ("last_touch_ts", Max(ts, col("is_touch"), among=ours)),
        # The last answer and the last give stay in the first pass: the "in a row" counts of
        # the subset compare each of their events with them.
        ("last_answer_ts", Max(ts, col("is_answer"))),
        ("last_give_ts", Max(ts, col("intent").eq("gave"))),
        ("readiness_base_points", Sum(col("decayed_points"))),
        ("touches", Count(col("is_touch"), among=ours)),
        ("answers", Count(col("is_answer"))),
        ("gave", Count(col("intent").eq("gave"), among=ours)),
        ("asked", Count(col("intent").eq("asked"), among=ours)),
        (
            "neutral",
            Count(
                col("intent").eq("neutral") | (col("intent").is_null() & col("is_touch")),
                among=ours,
            ),
        ),
    ]
    # Windowed counts read only signals of the widest window (a small share of all events).
    recent = RECENT_SIGNALS
    for days in WINDOWS_DAYS:
        since = ts >= param(f"from_{days}d")
        aggs.append(
            (
                f"active_contacts_{days}d",
                CountDistinct(col("contact_id"), has_signal & since, among=recent),
            )
        )
        aggs.append((f"signals_{days}d", Count(has_signal & since, among=recent)))
        for stem, name, _ in WINDOW_SIGNALS:
            aggs.append((f"{stem}_{days}d", Count(signal_is(name) & since, among=recent)))
    aggs.append(
        ("unanswered_in_a_row", CountLaterThan(ts, "last_answer_ts", col("is_touch"), among=ours))
    )
    aggs.append(
        (
            "asks_in_a_row",
            CountLaterThan(ts, "last_give_ts", col("intent").eq("asked"), among=ours),
        )
    )
    return tuple(aggs)


def _days_since(name: str) -> Expr:
    # Both engines' greatest() skips NULLs, so "never" must stay NULL explicitly.
    days = fn("greatest", (param("now_ts") - col(name)) / DAY_SECONDS, 0.0)
    return when((col(name).is_null(), None), otherwise=days)


def _features(
    unanswered_touch_penalty: float, max_unanswered: int, min_days_between_touches: float
) -> tuple[tuple[str, Expr], ...]:
    active = fn("least", col(f"active_contacts_{EVIDENCE_WINDOW_DAYS}d"), MAX_STAKEHOLDERS_COUNTED)
    multiplier = 1.0 + STAKEHOLDER_BONUS * fn("greatest", active - 1, 0)
    awaiting = ~col("last_touch_ts").is_null() & (
        col("last_answer_ts").is_null() | (col("last_answer_ts") < col("last_touch_ts"))
    )
    fade = fn("greatest", 1.0 - col("days_since_last_touch") / RECENT_TOUCH_FADE_DAYS, 0.0)
    keep = fn("exp", col("unanswered_in_a_row") * math.log1p(-unanswered_touch_penalty)) * when(
        (awaiting, 1.0 - RECENT_TOUCH_PENALTY * fade), otherwise=1.0
    )
    gives_and_asks = col("gave") + col("asked")
    return (
        ("days_since_last_event", _days_since("last_event_ts")),
        ("days_since_last_inbound", _days_since("last_inbound_ts")),
        ("days_since_last_touch", _days_since("last_touch_ts")),
        ("days_since_last_answer", _days_since("last_answer_ts")),
        ("stakeholder_multiplier", multiplier),
        ("readiness_points", col("readiness_base_points") * col("stakeholder_multiplier")),
        (
            "readiness_score",
            100.0 * (1.0 - fn("exp", -col("readiness_points") / READINESS_SCALE_POINTS)),
        ),
        ("awaiting_answer", awaiting),
        ("fatigue_penalty", 1.0 - keep),
        (
            "back_off",
            (col("unanswered_in_a_row") >= max_unanswered)
            | (awaiting & (col("days_since_last_touch") < min_days_between_touches)),
        ),
        ("give_share", when((gives_and_asks > 0, col("gave") / gives_and_asks), otherwise=None)),
    )


DESCRIPTIONS: dict[str, str] = {
    "events": "interactions counted (future ones left out)",
    "readiness_score": "readiness 0-100 with time decay and the stakeholder bonus",
    "readiness_points": "decayed signal points times the stakeholder multiplier",
    "fatigue_penalty": "contact-fatigue penalty 0-1 (consent assumed)",
    "back_off": "true when we should wait for the buyer",
    "unanswered_in_a_row": "our touches since the buyer last answered",
    "asks_in_a_row": "our asks since we last gave something",
    "give_share": "gives / (gives + asks); null when neither",
}


def journey_feature_set(
    key: str = "journey_id",
    *,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    unanswered_touch_penalty: float = DEFAULT_UNANSWERED_TOUCH_PENALTY,
    max_unanswered: int = DEFAULT_MAX_UNANSWERED,
    min_days_between_touches: float = DEFAULT_MIN_DAYS_BETWEEN_TOUCHES,
) -> FeatureSet:
    """Return the feature pipeline grouped by ``key`` (``journey_id`` or ``account_id``)."""
    if key not in GROUP_KEYS:
        raise ValueError(f"key must be one of {GROUP_KEYS}, not {key!r}.")
    if not half_life_days > 0 or math.isinf(half_life_days):
        raise ValueError(f"half_life_days must be a positive number, not {half_life_days!r}.")
    if not 0.0 <= unanswered_touch_penalty < 1.0:
        raise ValueError("unanswered_touch_penalty must be in [0, 1).")
    aggregates = _aggregates()
    features = _features(unanswered_touch_penalty, max_unanswered, min_days_between_touches)
    hidden = {"first_ts"}
    outputs = tuple(n for n, _ in aggregates if n not in hidden) + tuple(n for n, _ in features)
    return FeatureSet(
        key=key,
        event_columns=_event_columns(),
        keep_event=(col("ts") <= param("horizon")) & ~Col(key).is_null(),
        aggregates=aggregates,
        features=features,
        outputs=outputs,
        params={"decay_rate": math.log(2.0) / (half_life_days * DAY_SECONDS)},
        descriptions=DESCRIPTIONS,
        subsets=_subsets(),
    )


def bind_params(feature_set: FeatureSet, now_ts: float) -> dict[str, float]:
    """Return every parameter value of ``feature_set`` for a run as of ``now_ts`` (POSIX s)."""
    values = dict(feature_set.params)
    values["now_ts"] = now_ts
    values["horizon"] = now_ts + CLOCK_SKEW_SECONDS
    for days in WINDOWS_DAYS:
        values[f"from_{days}d"] = now_ts - days * DAY_SECONDS
    return values


def timestamp_outputs(feature_set: FeatureSet) -> tuple[str, ...]:
    """Name the published columns holding POSIX seconds (shown as UTC timestamps)."""
    return tuple(n for n in feature_set.outputs if n.endswith("_ts"))


def input_columns(available: set[str] | frozenset[str]) -> tuple[tuple[str, Expr], ...]:
    """Return how to read the optional inputs from the columns a source actually has.

    Direction, touch intent and "the call connected" come from their own columns when present,
    else from the JSON ``properties`` column (as the Django table stores them), else are empty.
    """
    missing = [name for name in REQUIRED_COLUMNS if name not in available]
    if missing:
        raise ValueError(f"the interactions lack the column(s) {', '.join(missing)}.")

    def optional(name: str, key: str) -> Expr:
        if name in available:
            return Col(name)
        if "properties" in available:
            return JsonText(Col("properties"), key)
        return lit(None)

    connected: Expr
    if "connected" in available:
        connected = when((Col("connected"), "true"), otherwise=None)
    else:
        connected = optional("connected", "connected")
    return (
        ("_direction_in", optional("direction", "direction")),
        ("_intent_in", optional("touch_intent", "touch_intent")),
        ("_connected_in", connected),
    )
