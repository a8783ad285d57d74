"""Themes from debrief text, and win/loss/no-fit reasons by problem, segment and rep."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from helpfirst.core.debriefs import Debrief, extract_themes, outcome_breakdown
from helpfirst.core.errors import DataValidationError

REPO_ROOT = Path(__file__).resolve().parents[3]

DEBRIEFS = {
    "d1": "The CFO said the budget was frozen until next year. Price too high for this quarter.",
    "d2": "Budget cut by finance; the price of the licence was above what the CFO approves.",
    "d3": "Finance froze the budget. Our price did not fit the approval limit of the CFO.",
    "d4": "The CFO asked for a cheaper price; budget approval failed at finance.",
    "d5": "IT security review blocked us: no single sign-on integration, data residency worries.",
    "d6": "Security team needed SSO integration and an audit of data residency before going ahead.",
    "d7": "Integration with their identity provider failed the IT security review.",
    "d8": "Data residency and security questionnaire from IT; integration with SSO was missing.",
    "d9": "Champion left the company and the new manager had other priorities, so no decision.",
    "d10": "Our champion changed role; the new manager reset priorities and the project stalled.",
    "d11": "Lost the champion after a reorganisation; manager priorities moved elsewhere.",
    "d12": "Champion moved on and the incoming manager put the project behind other priorities.",
}
EXPECTED_GROUPS = [
    {"d1", "d2", "d3", "d4"},
    {"d5", "d6", "d7", "d8"},
    {"d9", "d10", "d11", "d12"},
]


@pytest.mark.parametrize("k", [None, 3])
def test_recurring_themes_are_found_and_labelled(k: int | None) -> None:
    themes = extract_themes(DEBRIEFS, k=k)
    assert sorted(map(set, (t.member_ids for t in themes)), key=min) == sorted(
        EXPECTED_GROUPS, key=min
    )
    labels = {frozenset(t.member_ids): t.label for t in themes}
    assert "budget" in labels[frozenset(EXPECTED_GROUPS[0])]
    assert "security" in labels[frozenset(EXPECTED_GROUPS[1])]
    assert "champion" in labels[frozenset(EXPECTED_GROUPS[2])]
    for theme in themes:
        assert theme.representative_id in theme.member_ids
        assert theme.representative_quote
        assert theme.representative_quote in DEBRIEFS[theme.representative_id]
        assert len(theme.top_terms) == 3
        assert theme.label == ", ".join(theme.top_terms)


def test_themes_are_deterministic_and_json_ready() -> None:
    first = [t.as_dict() for t in extract_themes(DEBRIEFS)]
    second = [t.as_dict() for t in extract_themes(dict(DEBRIEFS))]
    assert first == second
    json.dumps(first)


def test_plain_list_uses_positions_and_blank_texts_join_no_theme() -> None:
    texts = [*DEBRIEFS.values(), "   ", "the and of"]
    themes = extract_themes(texts, k=3)
    members = {m for t in themes for m in t.member_ids}
    assert members == set(range(12))


def test_tiny_inputs_and_bad_inputs() -> None:
    single = extract_themes(["Budget frozen by the CFO."])
    assert len(single) == 1
    assert single[0].member_ids == (0,)
    with pytest.raises(DataValidationError):
        extract_themes([" ", ""])
    with pytest.raises(DataValidationError):
        extract_themes("one text")  # type: ignore[arg-type]
    with pytest.raises(DataValidationError) as caught:
        extract_themes(DEBRIEFS, k=0)
    assert caught.value.location.field == "k"


def test_themes_recover_intents_in_real_public_utterances() -> None:
    """CLINC150 (CC BY 3.0): 25 training utterances for each of 4 intents, k = 4.
    Short one-line requests are harder than debriefs; we require agreement well above chance
    (adjusted Rand index > 0.5; 0 = random, 1 = perfect)."""
    shared = Path(os.environ.get("HELPFIRST_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    path = shared / "clinc150" / "data_full.json"
    if not path.exists():
        pytest.skip(f"CLINC150 not found at {path} (set HELPFIRST_SHARED_DATA)")
    intents = ["pto_request", "credit_score", "book_flight", "restaurant_reservation"]
    by_intent: dict[str, list[str]] = {name: [] for name in intents}
    for text, intent in json.loads(path.read_text())["train"]:
        if intent in by_intent and len(by_intent[intent]) < 25:
            by_intent[intent].append(text)
    sample = [(text, intent) for intent in intents for text in by_intent[intent]]
    themes = extract_themes([text for text, _ in sample], k=4)
    predicted = {member: n for n, theme in enumerate(themes) for member in theme.member_ids}
    ids = sorted(predicted)
    assert len(ids) >= 95
    score = adjusted_rand_score([sample[i][1] for i in ids], [predicted[i] for i in ids])
    assert score > 0.5


def outcomes() -> list[Debrief]:
    return [
        Debrief(1, "won", reason_codes=("clear_roi",), problem="Slow close", segment="SMB",
                rep="Ana"),
        Debrief(2, "won", reason_codes=("clear_roi", "champion"), problem="Slow close",
                segment="Mid", rep="Ben"),
        Debrief(3, "chose_alternative", reason_codes=("price",), problem="Slow close",
                segment="SMB", rep="Ana"),
        Debrief(4, "not_a_fit", reason_codes=("no_pain",), problem="Churn", segment="SMB",
                rep="Ana"),
        Debrief(5, "no_decision", reason_codes=("champion_left",), problem="Churn",
                segment="Mid", rep="Ben"),
        Debrief(6, "churned", reason_codes=("price",), problem="", segment="Mid", rep="Ben"),
        Debrief(7, None, what_happened="Discovery call, no outcome yet", problem="Churn"),
    ]


def test_outcome_breakdown_by_problem() -> None:
    """Slow close: 2 wins, 1 loss -> win rate 2/3. Churn: 1 no-fit, 1 loss -> win rate 0/1 = 0
    (no-fit left out). The unset problem holds the churned customer. The call debrief (7) has
    no outcome and is not counted."""
    groups = {g.key: g for g in outcome_breakdown(outcomes(), by="problem")}
    assert list(groups) == ["Slow close", "Churn", "(not set)"]
    slow = groups["Slow close"]
    assert slow.outcomes == {"win": 2, "loss": 1, "no_fit": 0}
    assert slow.reasons == {"loss": {"price": 1}, "win": {"clear_roi": 2, "champion": 1}}
    assert slow.win_rate == pytest.approx(2 / 3)
    assert groups["Churn"].win_rate == 0.0
    assert groups["Churn"].outcomes["no_fit"] == 1
    assert groups["(not set)"].reasons == {"loss": {"price": 1}}
    json.dumps([g.as_dict() for g in groups.values()])


def test_outcome_breakdown_by_rep_and_segment() -> None:
    reps = {g.key: g for g in outcome_breakdown(outcomes(), by="rep")}
    assert reps["Ana"].outcomes == {"win": 1, "loss": 1, "no_fit": 1}
    assert reps["Ben"].outcomes == {"win": 1, "loss": 2, "no_fit": 0}
    segments = {g.key: g.total for g in outcome_breakdown(outcomes(), by="segment")}
    assert segments == {"Mid": 3, "SMB": 3}
    only_no_fit = outcome_breakdown([Debrief(1, "not_a_fit")])
    assert only_no_fit[0].win_rate is None


def test_outcome_breakdown_rejects_bad_input() -> None:
    with pytest.raises(DataValidationError) as caught:
        outcome_breakdown(outcomes(), by="region")  # type: ignore[arg-type]
    assert caught.value.location.field == "by"
    with pytest.raises(DataValidationError) as caught:
        outcome_breakdown([Debrief(1, "lost")])  # type: ignore[arg-type]
    assert caught.value.location.field == "debriefs[0].outcome"


def test_debrief_text_joins_the_answers() -> None:
    debrief = Debrief(1, "won", what_happened="Signed.", why="ROI was clear.", how=" ")
    assert debrief.text == "Signed.\nROI was clear."
    assert debrief.outcome_class == "win"
    assert Debrief(2).outcome_class is None
