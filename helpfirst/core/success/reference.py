"""Decide whether a customer is ready to be asked to act as a reference.

Three things must hold: they achieved the value they expected, they feel good about it, and they
said yes to being a reference. We ask only when all three are true; otherwise we say what is
missing, so the next step is to help, not to ask.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from helpfirst.core.errors import DataValidationError
from helpfirst.core.success.value import ValueRealisedReport

MIN_VALUE_SHARE = 0.8
MIN_SENTIMENT = 0.3


@dataclass(frozen=True)
class ReferenceReadiness:
    """Whether to ask for a reference, what is in place, and what is still missing."""

    ready: bool
    value_share: float | None
    sentiment: float | None
    consent: bool
    met: tuple[str, ...]
    missing: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return asdict(self)


def reference_readiness(
    value: ValueRealisedReport | float | None,
    sentiment: float | None,
    consent: bool,
    *,
    min_value_share: float = MIN_VALUE_SHARE,
    min_sentiment: float = MIN_SENTIMENT,
) -> ReferenceReadiness:
    """Return whether the customer is ready to be a reference, and why (not).

    ``value`` is the realised share of the expected benefit (1.0 = as promised) or a
    ``ValueRealisedReport`` whose latest checkpoint is used; ``sentiment`` runs from -1 to 1.
    """
    if isinstance(value, ValueRealisedReport):
        latest = value.latest
        share = latest.share_of_expected if latest else None
    elif value is None:
        share = None
    elif isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise DataValidationError(f"must be a share like 0.9, got {value!r}", field="value")
    else:
        share = float(value)
    if sentiment is not None and (
        isinstance(sentiment, bool)
        or not isinstance(sentiment, int | float)
        or not -1 <= sentiment <= 1
    ):
        raise DataValidationError(f"must be between -1 and 1, got {sentiment!r}", field="sentiment")
    met, missing = [], []
    if share is None:
        missing.append("no value measured yet: record a value checkpoint")
    elif share >= min_value_share:
        met.append(f"achieved {share:.0%} of the expected value")
    else:
        missing.append(
            f"achieved only {share:.0%} of the expected value "
            f"(needs {min_value_share:.0%}): help them get there first"
        )
    if sentiment is None:
        missing.append("sentiment unknown: ask how it is going")
    elif sentiment >= min_sentiment:
        met.append("positive sentiment")
    else:
        missing.append("sentiment is not positive yet")
    if consent:
        met.append("agreed to be a reference")
    else:
        missing.append("no consent to be a reference yet")
    return ReferenceReadiness(
        ready=not missing,
        value_share=share,
        sentiment=None if sentiment is None else float(sentiment),
        consent=bool(consent),
        met=tuple(met),
        missing=tuple(missing),
    )
