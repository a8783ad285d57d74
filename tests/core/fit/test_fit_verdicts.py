"""Tests for how the fit engine tells vague from out of scope, partial from strong, and mixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.fit import BuyerEvidence, FitEngine, assess_fit
from helpfirst.core.fit.backends import stem
from helpfirst.core.fit.specificity import is_hedged, is_specific_need, states_a_need
from helpfirst.core.fit.text import matching_units
from helpfirst.core.playbook import load_playbook_yaml

DEMO = Path(__file__).resolve().parents[3] / "helpfirst" / "demo" / "playbook.yaml"


@pytest.fixture(scope="module")
def demo():
    return load_playbook_yaml(DEMO)


@pytest.mark.parametrize(
    "text",
    [
        "Our CEO wants us to be more data-driven this year and asked me to look at options.",
        "Things feel slower than they should and we think better reporting might help.",
        "We want to get more out of our data but honestly aren't sure where to start.",
    ],
)
def test_a_vague_need_is_unknown_with_questions_about_the_nearest_problems(demo, text):
    result = assess_fit(demo, BuyerEvidence(stated_needs=text, industry="Retail", employees=600))
    assert result.verdict == "unknown"
    assert not result.out_of_scope
    assert not result.anti_fit_hits
    assert result.questions[0].startswith("What problem are you hoping to solve")
    titles = {p.title for p in demo.problems}
    asked = [q for q in result.questions if q.startswith("Is “")]
    assert asked, result.questions
    assert all(q.split("“")[1].split("”")[0] in titles for q in asked)
    assert any("too general" in r for r in result.reasons)


def test_who_they_are_and_when_is_not_a_need_so_not_out_of_scope(demo):
    text = "We're about 300 people in logistics. We'd like this sorted before March."
    result = assess_fit(demo, BuyerEvidence(stated_needs=text))
    assert result.verdict == "unknown"
    assert not result.out_of_scope


@pytest.mark.parametrize("backend", ["builtin"])
@pytest.mark.parametrize(
    "text",
    [
        "We need a payroll system that handles overtime and holiday pay for our shift workers.",
        "We want to repaint the office and buy new chairs for the meeting room.",
    ],
)
def test_a_specific_unrelated_need_is_poor_and_out_of_scope(demo, text, backend):
    result = assess_fit(demo, BuyerEvidence(stated_needs=text), backend=backend)
    assert result.verdict == "poor"
    assert result.out_of_scope is True
    assert not result.matched_problems
    assert any("Nothing they said matches" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "Our forecasts are always wrong and finance does not trust the pipeline.",
            "demand-forecasting",
        ),
        ("Analysts waste days every month assembling reports in Excel.", "manual-reporting"),
        ("We cannot tell which customers are profitable.", "margin-visibility"),
    ],
)
def test_builtin_backend_matches_a_paraphrase_of_a_playbook_problem(demo, text, slug):
    result = assess_fit(demo, BuyerEvidence(stated_needs=text), backend="builtin")
    assert result.verdict in ("strong", "possible")
    assert not result.out_of_scope
    assert result.top_problem is not None
    assert result.top_problem.slug == slug
    assert result.top_problem.evidence[0].text == text  # the whole sentence is the evidence


def test_a_partial_match_is_possible(demo):
    text = "Our board pack takes a week to pull together by hand."
    matched = FitEngine(demo).assess(BuyerEvidence(stated_needs=text))
    assert matched.verdict == "strong"
    engine = FitEngine(demo)
    best = float(engine.matcher().score([text]).best()[1][0])
    # Raise the bar just above this sentence's score: it now only partly matches.
    partial = FitEngine(demo, threshold=best + 0.03).assess(BuyerEvidence(stated_needs=text))
    assert partial.verdict == "possible"
    assert not partial.matched_problems
    assert not partial.out_of_scope
    assert any("partly matches" in r for r in partial.reasons)


def test_mixed_needs_are_possible_and_ask_which_matters(demo):
    text = (
        "Every department has its own spreadsheet and the numbers never match. "
        "It's a one-off project, we won't need it after the launch."
    )
    result = assess_fit(demo, BuyerEvidence(stated_needs=text, industry="Retail", employees=600))
    assert result.verdict == "possible"
    assert result.matched_problems[0].slug == "one-version-of-the-numbers"
    assert [h.slug for h in result.anti_fit_hits] == ["one-off-dashboard"]
    assert any("main need" in q for q in result.questions)
    assert not result.out_of_scope


def test_an_anti_fit_alone_stays_poor(demo):
    text = "We need tick-level market data with millisecond latency for our trading desk."
    result = assess_fit(demo, BuyerEvidence(stated_needs=text, industry="Retail", employees=600))
    assert result.verdict == "poor"
    assert result.anti_fit_hits[0].slug == "real-time-trading"


@pytest.mark.parametrize(
    ("text", "hedged", "need", "specific"),
    [
        ("Better reporting might help us", True, False, False),
        ("We aren't sure where to start with our data", True, True, False),
        ("We're about 300 people in logistics", False, False, False),
        ("We need a payroll system for our shift workers", False, True, True),
        ("Our delivery vans keep breaking down on long routes", False, True, True),
    ],
)
def test_specificity_cues(text, hedged, need, specific):
    assert is_hedged(text) is hedged
    assert states_a_need(text) is need
    assert is_specific_need(text) is specific


def test_stemming_meets_inflected_words():
    assert stem("forecasts") == stem("forecast") == stem("forecasting")
    assert stem("companies") == stem("company")
    assert stem("business") == "business"
    assert stem("sales") == stem("sale")


def test_a_sentence_of_two_clauses_is_matched_whole_and_by_clause():
    text = "Our forecasts are always wrong and finance does not trust the pipeline"
    assert matching_units(text) == [
        text,
        "Our forecasts are always wrong",
        "finance does not trust the pipeline",
    ]
    assert matching_units("Renewals surprise us every quarter") == [
        "Renewals surprise us every quarter"
    ]


SENTENCES = [
    "Every department has its own spreadsheet and the numbers never match",
    "Things feel slower than they should and we think better reporting might help",
    "We need a payroll system for our shift workers",
    "Looking for a freelancer to make a quick chart pack",
    "We're about 300 people in logistics",
    "Our forecasts are always wrong",
]


@settings(max_examples=25, deadline=None)
@given(
    parts=st.lists(st.sampled_from(SENTENCES), max_size=3),
    employees=st.none() | st.integers(0, 20_000),
)
def test_out_of_scope_is_always_poor_and_never_unknown(demo, parts, employees):
    result = assess_fit(demo, BuyerEvidence(stated_needs=". ".join(parts), employees=employees))
    if result.out_of_scope:
        assert result.verdict == "poor"
        assert not result.matched_problems
    if result.verdict == "unknown":
        assert not result.out_of_scope
        assert result.questions
    assert 0 <= result.score <= 100
