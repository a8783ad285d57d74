"""Tests for the fit engine: verdicts, evidence, bad input, and its invariants."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.errors import DataValidationError
from helpfirst.core.fit import BuyerEvidence, FitEngine, assess_fit
from helpfirst.core.playbook import AntiFitSpec, PlaybookSpec, Referral, load_playbook_yaml

DEMO = Path(__file__).resolve().parents[3] / "helpfirst" / "demo" / "playbook.yaml"


@pytest.fixture(scope="module")
def demo():
    return load_playbook_yaml(DEMO)


def test_clear_fit_is_strong_with_the_buyers_words_as_evidence(demo):
    text = (
        "Thanks for the call. Finance and sales report different revenue numbers for the same "
        "month. Our board pack takes a week to pull together by hand."
    )
    result = assess_fit(demo, BuyerEvidence(stated_needs=text, industry="Retail", employees=800))
    assert result.verdict == "strong"
    assert not result.out_of_scope
    slugs = [m.slug for m in result.matched_problems]
    assert "one-version-of-the-numbers" in slugs
    assert "manual-reporting" in slugs
    quote = result.top_problem.evidence[0]
    assert quote.text in text
    assert quote.source == "stated needs"


def test_anti_fit_in_the_buyers_words_is_poor_with_a_referral(demo):
    text = "We need tick-level market data with millisecond latency for our trading desk."
    result = assess_fit(demo, BuyerEvidence(stated_needs=text))
    assert result.verdict == "poor"
    hit = result.anti_fit_hits[0]
    assert hit.slug == "real-time-trading"
    assert hit.kind == "said"
    assert hit.referral is not None
    assert "market-data" in hit.referral.name


def test_profile_anti_fit_fires_on_size(demo):
    result = assess_fit(
        demo, BuyerEvidence(stated_needs="Our reports are always late", employees=4)
    )
    assert any(h.slug == "micro-business" and h.kind == "profile" for h in result.anti_fit_hits)
    assert result.verdict == "poor"


def test_nothing_we_solve_is_flagged_out_of_scope(demo):
    text = "We are looking for a new supplier of office chairs and desks for our staff kitchen."
    result = assess_fit(demo, BuyerEvidence(stated_needs=text))
    assert result.out_of_scope is True
    assert result.verdict == "poor"
    assert not result.matched_problems
    assert any("success" in q for q in result.questions)


def test_profile_mismatch_lowers_the_score_and_says_why(demo):
    text = "We keep running out of stock on our best sellers and overstocking the rest."
    fits = assess_fit(demo, BuyerEvidence(stated_needs=text, industry="Retail", employees=900))
    odd = assess_fit(demo, BuyerEvidence(stated_needs=text, industry="Non-profit", employees=60))
    assert odd.score < fits.score
    assert any("Non-profit" in r for r in odd.reasons)


@pytest.mark.parametrize(
    "evidence",
    [
        BuyerEvidence(),
        BuyerEvidence(stated_needs="   \n\t "),
        BuyerEvidence(stated_needs="hello"),
        BuyerEvidence(
            stated_needs="Wir brauchen bessere Prognosen für unsere Lagerbestände jetzt."
        ),
        BuyerEvidence(stated_needs="我们需要更好的需求预测和库存管理系统来支持业务"),
        BuyerEvidence(stated_needs="12345 !!! ??? 67890"),
    ],
)
def test_empty_or_unreadable_text_is_unknown_not_a_crash(demo, evidence):
    result = assess_fit(demo, evidence)
    assert result.verdict == "unknown"
    assert not result.out_of_scope
    assert result.questions


def test_non_english_text_is_reported_as_a_warning(demo):
    text = "Wir brauchen bessere Prognosen für unsere Lagerbestände im Handel jetzt."
    result = assess_fit(demo, BuyerEvidence(stated_needs=text))
    assert any("English" in w for w in result.warnings)


def test_five_megabyte_notes_are_cut_with_a_warning(demo):
    notes = ("Our dashboards are wrong and we only notice when a customer complains. " * 80_000)[
        :5_000_000
    ]
    result = assess_fit(demo, BuyerEvidence(notes=notes))
    assert result.verdict in ("strong", "possible")
    assert any("characters were read" in w for w in result.warnings)


def test_playbook_without_problems_gives_unknown(demo):
    empty = PlaybookSpec(company="New", anti_fits=demo.anti_fits)
    result = assess_fit(empty, BuyerEvidence(stated_needs="Our numbers never match at all."))
    assert result.verdict == "unknown"
    assert any("no problems" in r for r in result.reasons)


def test_unknown_backend_is_a_clear_error(demo):
    with pytest.raises(DataValidationError, match="builtin"):
        FitEngine(demo, backend="magic")


def test_as_dict_is_json_ready(demo):
    import json

    result = assess_fit(demo, BuyerEvidence(stated_needs="Renewals surprise us every quarter."))
    data = json.loads(json.dumps(result.as_dict()))
    assert data["verdict"] == result.verdict
    assert "questions" in data


def test_core_fit_does_not_import_django():
    code = "import sys, helpfirst.core.fit, helpfirst.core.playbook; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# Invariants -------------------------------------------------------------------------------

SMALL = PlaybookSpec(
    company="Small",
    problems=tuple(dataclasses.replace(p, proof=()) for p in load_playbook_yaml(DEMO).problems[:4]),
)
SENTENCES = [
    "Every department has its own spreadsheet and the numbers never match",
    "We keep running out of stock on our best sellers",
    "Customers cancel and we only find out at renewal",
    "Our board pack takes a week to pull together by hand",
    "We need a freelancer to build one quick dashboard",
    "We want tick-level market data for trading",
    "Please send me the invoice for last month",
    "I run a small cafe and want to track my sales",
]
ANTI_PHRASES = [
    "one quick dashboard for a board meeting",
    "tick-level market data for trading",
    "a small cafe tracking sales",
    "the numbers never match",
    "send the invoice",
    "running out of stock",
]

evidence_strategy = st.builds(
    BuyerEvidence,
    stated_needs=st.lists(st.sampled_from(SENTENCES), max_size=3).map(". ".join),
    industry=st.none() | st.sampled_from(["Retail", "Software", "Non-profit"]),
    employees=st.none() | st.integers(0, 20_000),
    notes=st.sampled_from(["", "Met at a conference.", "x" * 50]),
)
anti_fit_strategy = st.builds(
    AntiFitSpec,
    slug=st.just("added-anti-fit"),
    title=st.sampled_from(["Something else", "Trading data", "Tiny shops"]),
    example_phrasings=st.lists(st.sampled_from(ANTI_PHRASES), max_size=3, unique=True).map(tuple),
    industries=st.sampled_from([(), ("Retail",), ("Software",)]),
    company_size_max=st.none() | st.integers(0, 500),
    referral=st.just(Referral(name="Someone better")),
)


@settings(max_examples=25, deadline=None)
@given(evidence=evidence_strategy, anti_fit=anti_fit_strategy)
def test_adding_an_anti_fit_never_raises_the_fit_score(evidence, anti_fit):
    before = assess_fit(SMALL, evidence)
    after = assess_fit(dataclasses.replace(SMALL, anti_fits=(anti_fit,)), evidence)
    assert after.score <= before.score
    order = ["strong", "possible", "unknown", "poor"]
    if before.verdict != "unknown" and after.verdict != "unknown":
        assert order.index(after.verdict) >= order.index(before.verdict)


@settings(max_examples=15, deadline=None)
@given(evidence=evidence_strategy)
def test_identical_inputs_give_identical_outputs_and_scores_stay_in_range(evidence):
    first = assess_fit(SMALL, evidence)
    fresh = FitEngine(SMALL).assess(evidence)
    assert first == fresh
    assert 0 <= first.score <= 100
    assert first.verdict in ("strong", "possible", "poor", "unknown")
    assert first.out_of_scope is False or not first.matched_problems
