"""Card numbers (Luhn-valid, 13-19 digits, grouped or not) are always redacted; other digit
runs (phone numbers, order ids, Luhn-invalid numbers) never are."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpfirst.core.privacy import CARD_MARK, find_card_numbers, luhn_ok, redact_card_numbers
from helpfirst.core.privacy.cards import redact_card_numbers_in


def luhn_check_digit(body: str) -> str:
    for digit in "0123456789":
        if luhn_ok(body + digit):
            return digit
    raise AssertionError("unreachable")


@st.composite
def card_numbers(draw) -> str:
    length = draw(st.integers(13, 19))
    body = draw(st.text("0123456789", min_size=length - 1, max_size=length - 1))
    digits = body + luhn_check_digit(body)
    separator = draw(st.sampled_from(["", " ", "-"]))
    if not separator:
        return digits
    group = draw(st.sampled_from([4, 3, 5]))
    return separator.join(digits[i : i + group] for i in range(0, len(digits), group))


@st.composite
def non_luhn_runs(draw) -> str:
    length = draw(st.integers(7, 19))
    digits = draw(st.text("0123456789", min_size=length, max_size=length))
    if luhn_ok(digits):
        last = str((int(digits[-1]) + 1) % 10)
        digits = digits[:-1] + last
    return digits


# Words around a number: any text that does not end or start with a digit or a separator.
words = st.text(st.sampled_from(list("abcxyzXYZ ,.:;!?()éß€\n\t")), max_size=30).map(
    lambda s: s.strip(" -")
)
FAST = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)


@FAST
@given(before=words, card=card_numbers(), after=words)
def test_valid_card_numbers_in_text_are_always_redacted(before, card, after):
    text = f"{before} {card} {after}"
    out = redact_card_numbers(text)
    assert CARD_MARK in out
    assert card not in out
    assert re.sub(r"\D", "", card) not in re.sub(r"\D", "", out)


@FAST
@given(before=words, run=non_luhn_runs(), after=words)
def test_digit_runs_failing_luhn_are_untouched(before, run, after):
    text = f"{before} {run} {after}"
    assert redact_card_numbers(text) == text


@given(st.text(max_size=200))
def test_never_crashes(text):
    out = redact_card_numbers(text)
    assert isinstance(out, str)
    assert find_card_numbers(out) == []


def test_examples():
    assert redact_card_numbers("card 4111 1111 1111 1111, thanks") == f"card {CARD_MARK}, thanks"
    assert redact_card_numbers("5500-0000-0000-0004") == CARD_MARK
    assert redact_card_numbers("amex 378282246310005.") == f"amex {CARD_MARK}."
    for kept in (
        "call +44 20 7946 0958",
        "order 1234567890123",
        "iban-like 12345678901234567890123",
        "4111 1111 1111 1112",
        "2026-11-23",
    ):
        assert redact_card_numbers(kept) == kept
    # Part of a longer run of digits is not a card number.
    assert redact_card_numbers("41111111111111110") == "41111111111111110"


def test_json_values():
    value = {"body": "pay 4111111111111111", "n": 4111111111111111, "list": ["4111-1111-1111-1111"]}
    assert redact_card_numbers_in(value) == {
        "body": f"pay {CARD_MARK}",
        "n": 4111111111111111,
        "list": [CARD_MARK],
    }
