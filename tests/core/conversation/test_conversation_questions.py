"""Questions are found with or without question marks, and told open from closed."""

from __future__ import annotations

import pytest

from helpfirst.core.conversation.questions import classify_question
from helpfirst.core.conversation.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("What does that cost you today?", "open"),
        ("what made you reach out to us this week", "open"),
        ("how many deals would you say slip each month", "open"),
        ("Tell me about the last time it broke.", "open"),
        ("Walk me through how approvals work.", "open"),
        ("I'm curious how you handle renewals today.", "open"),
        ("Can I ask what would need to change?", "open"),
        ("Could you walk me through the process?", "open"),
        ("Do you have a date in mind", "closed"),
        ("Is there anyone else who should get a copy?", "closed"),
        ("So you're on Salesforce today?", "closed"),
        ("The reporting is the main blocker, right?", "closed"),
        ("I wonder whether legal should see it.", "closed"),
        ("Which plan should I put you down for, standard or premium?", "closed"),
        ("Why don't we do a quick demo?", "closed"),
        ("Who besides you would need to be part of a decision?", "open"),
    ],
)
def test_questions_and_their_kind(text, kind):
    assert classify_question(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Really?",
        "Is that right?",
        "What I mean is we need it by March.",
        "How we do it is simple.",
        "Have a great weekend.",
        "I'd love to understand your side.",
        "We rebooted the routers.",
        "",
    ],
)
def test_statements_and_backchannels_are_not_questions(text):
    assert classify_question(text) is None


def test_unpunctuated_speech_is_split_before_questions():
    parts = split_sentences(
        "hi jordan thanks for jumping on so what made you reach out to us this week"
    )
    assert parts[-1] == "what made you reach out to us this week"
    assert classify_question(parts[-1]) == "open"


def test_punctuated_text_splits_on_sentence_ends():
    assert split_sentences("Does it work with Shopify? And how long does setup take?") == [
        "Does it work with Shopify?",
        "And how long does setup take?",
    ]
