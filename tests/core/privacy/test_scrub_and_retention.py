from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpfirst.core.privacy import (
    ERASED_MARK,
    PersonMarks,
    is_their_line,
    retention_cutoff,
    scrub_text,
    scrub_value,
)

ZELDA = PersonMarks("Zelda", "Quartermain", "zelda.q@alpha.example", "+44 20 7946 0958")


def test_scrub_text_replaces_name_email_and_phone():
    text = "Ask ZELDA  quartermain (zelda.q@alpha.example, +44 20 7946 0958) or Quartermain, Zelda"
    out, count = scrub_text(text, ZELDA)
    assert count == 4
    assert "zelda" not in out.lower()
    assert "7946" not in out


def test_scrub_value_walks_json():
    value = {"who": "Zelda Quartermain", "items": [{"to": "zelda.q@alpha.example"}, 3, None]}
    out, count = scrub_value(value, ZELDA)
    assert count == 2
    assert out == {"who": ERASED_MARK, "items": [{"to": ERASED_MARK}, 3, None]}


def test_short_or_empty_marks_match_nothing():
    assert scrub_text("Al went home", PersonMarks("Al", "")) == ("Al went home", 0)
    assert scrub_text("anything", PersonMarks()) == ("anything", 0)


@given(st.text(max_size=100))
def test_scrub_never_crashes(text):
    out, _count = scrub_text(text, ZELDA)
    assert "zelda.q@alpha.example" not in out.lower()


@pytest.mark.parametrize(
    ("speaker", "alone", "theirs"),
    [
        ("Zelda Quartermain", False, True),
        ("zelda quartermain (Alpha GmbH)", False, True),
        ("Zelda Quartermain - Alpha", False, True),
        ("Quartermain, Zelda", False, True),
        ("zelda.q@alpha.example", False, True),
        ("Zelda", False, False),
        ("Zelda", True, True),
        ("Zelda Other", True, False),
        ("Rep One", True, False),
        ("", True, False),
    ],
)
def test_is_their_line(speaker, alone, theirs):
    assert is_their_line(speaker, ZELDA, first_name_alone=alone) is theirs


def test_retention_cutoff():
    now = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert retention_cutoff(now, 1, "months") == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert retention_cutoff(now, 14, "months") == datetime(2025, 1, 31, 12, tzinfo=UTC)
    assert retention_cutoff(now, 10, "days") == datetime(2026, 3, 21, 12, tzinfo=UTC)
    assert retention_cutoff(now, 0, "days") == now
    with pytest.raises(ValueError, match="negative"):
        retention_cutoff(now, -1, "days")
