"""Tests for proposing a graceful exit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpfirst.core.fit import BuyerEvidence, assess_fit, propose_exit
from helpfirst.core.fit.exit import PRESSURE_WORDS
from helpfirst.core.playbook import load_playbook_yaml

DEMO = Path(__file__).resolve().parents[3] / "helpfirst" / "demo" / "playbook.yaml"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo():
    return load_playbook_yaml(DEMO)


def test_anti_fit_exit_carries_referral_note_and_recheck(demo):
    text = "Looking for a freelancer to make a quick chart pack for the investor meeting."
    assessment = assess_fit(demo, BuyerEvidence(stated_needs=text))
    proposal = propose_exit(assessment, demo, TODAY, buyer_name="Ana")
    assert proposal is not None
    assert proposal.anti_fit == "one-off-dashboard"
    assert proposal.referral is not None
    assert proposal.referral.name in proposal.note_to_buyer
    assert proposal.note_to_buyer.startswith("Hi Ana,")
    assert proposal.recheck_on > TODAY
    assert proposal.as_dict()["recheck_on"] == proposal.recheck_on.isoformat()


def test_out_of_scope_exit_has_no_referral_but_a_kind_note(demo):
    text = "We want to buy new office chairs and standing desks for the whole staff."
    assessment = assess_fit(demo, BuyerEvidence(stated_needs=text))
    proposal = propose_exit(assessment, demo, TODAY)
    assert proposal is not None
    assert proposal.referral is None
    assert "not one of the problems" in proposal.note_to_buyer


def test_notes_contain_no_pressure_language(demo):
    for text in (
        "We need tick-level market data with millisecond latency for our trading desk.",
        "It's just me and my partner running the shop.",
        "We need a catering company for our summer party with a vegan menu.",
    ):
        proposal = propose_exit(assess_fit(demo, BuyerEvidence(stated_needs=text)), demo, TODAY)
        assert proposal is not None
        lowered = proposal.note_to_buyer.lower()
        assert not [w for w in PRESSURE_WORDS if w in lowered]


def test_no_exit_for_a_good_fit(demo):
    text = "Every department has its own spreadsheet and the numbers never match."
    assessment = assess_fit(demo, BuyerEvidence(stated_needs=text))
    assert assessment.verdict != "poor"
    assert propose_exit(assessment, demo, TODAY) is None
