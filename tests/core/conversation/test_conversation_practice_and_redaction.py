"""Practice mode uses the same engine; redaction removes contact and card details."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpfirst.core.conversation import redact_text, score_practice_reply
from helpfirst.core.errors import DataValidationError

BUYER = "We're evaluating tools for our support team; our queue keeps growing."


def test_helpful_reply_beats_pushy_reply():
    helpful = score_practice_reply(
        BUYER,
        "Thanks for sharing that. What is making the queue grow, and how is it "
        "affecting your team today?",
    )
    pushy = score_practice_reply(
        BUYER,
        "Our tool is the best on the market. This discount ends Friday, so I'll send "
        "over the contract today.",
    )
    assert helpful.score > pushy.score
    assert {t.kind for t in pushy.tactics} == {"false_urgency", "assumptive_close"}
    assert helpful.questions
    assert not helpful.tactics
    assert pushy.notes


def test_empty_reply_is_a_validation_error():
    with pytest.raises(DataValidationError):
        score_practice_reply(BUYER, "  ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me at ana.lopez@example.com today", "mail me at [email] today"),
        ("call +44 20 7946 0958 after lunch", "call [phone] after lunch"),
        ("my number is (555) 123-4567", "my number is [phone]"),
        ("card 4111 1111 1111 1111 exp 12/27", "card [card] exp 12/27"),
        (
            "we hired 3 agents for 180,000 dollars in 2024",
            "we hired 3 agents for 180,000 dollars in 2024",
        ),
        ("meet on 2025-03-14 at 10:30", "meet on 2025-03-14 at 10:30"),
    ],
)
def test_redaction(text, expected):
    assert redact_text(text) == expected


@given(st.text(max_size=200))
def test_redaction_is_idempotent(text):
    once = redact_text(text)
    assert redact_text(once) == once
