"""Tell a specific need from a vague one, so "nothing we solve" is never just "not said yet".

A sentence only counts as evidence that a buyer is out of scope when it is a *specific need*:

- it states a need or a problem (a need cue such as "we need", "looking for", "can't",
  "keeps breaking"), so who they are ("we're 300 people in retail") and when they want it
  ("ideally before March") never count;
- it is not hedged or exploratory (hedge cues such as "might", "not sure", "look at options",
  "what's out there", the markers of uncertainty used in hedge detection), because a buyer who
  is still exploring has not told us what they need;
- it names at least ``MIN_SPECIFIC_WORDS`` content words: words that are neither function words
  nor generic business words ("data", "better", "team", "things").

Anything else the buyer says that matches no problem is *vague*: it leaves the fit ``unknown``
and the engine asks questions instead of stepping aside.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

MIN_SPECIFIC_WORDS = 3


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_NEED_WORDS = _words(
    """need needs needed want wants wanted require requires required looking seeking replace
    buy purchase hire build fix struggle struggling problem problems issue issues pain can't
    cannot don't doesn't won't isn't aren't never always keep keeps broken breaks wrong slow
    fails failing lose losing waste wasting stuck"""
)
_HEDGE_PHRASES = (
    "not sure",
    "aren't sure",
    "isn't sure",
    "where to start",
    "what's out there",
    "out there",
    "look at",
    "take a look",
    "have a look",
    "explore",
    "exploring",
    "somehow",
    "in general",
    "some kind of",
    "something like",
)
_HEDGE_WORDS = _words(
    """might maybe perhaps possibly probably unsure wondering wonder curious think guess feel
    feels seems seem"""
)
_GENERIC_WORDS = _words(
    """need needs want wants looking help data better good great more less new thing things
    stuff team teams business company people person year years month months week day today
    work way ways lot lots really just like get got make made use using able also we're we'd
    we've i'm i'd it's that's there's let's"""
)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def is_hedged(text: str) -> bool:
    """Return whether a sentence is hedged or exploratory ("might", "not sure", "look at")."""
    lowered = " ".join(_tokens(text))
    if any(word in _HEDGE_WORDS for word in lowered.split()):
        return True
    return any(f" {phrase} " in f" {lowered} " for phrase in _HEDGE_PHRASES)


def states_a_need(text: str) -> bool:
    """Return whether a sentence states a need or a problem, rather than context or timing."""
    return any(word in _NEED_WORDS for word in _tokens(text))


def content_words(text: str) -> list[str]:
    """Return the words that say *what* the buyer means: no function or generic words."""
    return [
        word
        for word in _tokens(text)
        if len(word) > 2
        and word not in ENGLISH_STOP_WORDS
        and word not in _GENERIC_WORDS
        and word not in _NEED_WORDS
    ]


def is_specific_need(text: str) -> bool:
    """Return whether a sentence is a specific, unhedged need we could judge in or out of scope."""
    return (
        states_a_need(text)
        and not is_hedged(text)
        and len(set(content_words(text))) >= MIN_SPECIFIC_WORDS
    )
