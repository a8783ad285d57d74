"""Privacy as pure Python: card-number redaction, scrubbing an erased person's mentions out of
stored text and JSON, and retention cut-off dates. Never imports Django."""

from helpfirst.core.privacy.cards import CARD_MARK, find_card_numbers, luhn_ok, redact_card_numbers
from helpfirst.core.privacy.retention import RetentionUnit, retention_cutoff
from helpfirst.core.privacy.scrub import (
    ERASED_MARK,
    PersonMarks,
    is_their_line,
    scrub_text,
    scrub_value,
)

__all__ = [
    "CARD_MARK",
    "ERASED_MARK",
    "PersonMarks",
    "RetentionUnit",
    "find_card_numbers",
    "is_their_line",
    "luhn_ok",
    "redact_card_numbers",
    "retention_cutoff",
    "scrub_text",
    "scrub_value",
]
