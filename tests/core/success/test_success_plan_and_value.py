"""Success plans (milestone slips) and value realised against the business case."""

from __future__ import annotations

import json
from datetime import date

import pytest

from helpfirst.core.business_case import BusinessCase, CostItem, CostLine, Improvement
from helpfirst.core.errors import DataValidationError
from helpfirst.core.success import (
    Milestone,
    SuccessPlan,
    ValueCheckpoint,
    reference_readiness,
    value_realised,
)

TODAY = date(2025, 3, 1)


def plan() -> SuccessPlan:
    return SuccessPlan(
        customer="Acme",
        milestones=[
            Milestone("Kick-off", "Dana", date(2025, 1, 10), done_on=date(2025, 1, 10)),
            Milestone("Data migrated", "Lee", date(2025, 2, 1), done_on=date(2025, 2, 11)),
            Milestone("Team trained", "Sam", date(2025, 2, 20)),
            Milestone("First report", "Dana", date(2025, 3, 10)),
            Milestone("Go live", "Lee", date(2025, 5, 1)),
        ],
    )


def test_milestone_states_on_a_given_day() -> None:
    """On 1 March: trained was due 20 Feb (9 days overdue), migration done 10 days late,
    first report due in 9 days (due soon, window 14), go-live in two months (upcoming).
    """
    states = {s.milestone.name: (s.state, s.days_late) for s in plan().status(TODAY)}
    assert states == {
        "Kick-off": ("done_on_time", 0),
        "Data migrated": ("done_late", 10),
        "Team trained": ("overdue", 9),
        "First report": ("due_soon", 0),
        "Go live": ("upcoming", 0),
    }


def test_slips_latest_first_and_on_time_share() -> None:
    """By 1 March three milestones are judged (kick-off, migration, training): 1 on time = 1/3."""
    slips = plan().slipped(TODAY)
    assert [s.milestone.name for s in slips] == ["Data migrated", "Team trained"]
    assert plan().on_time_share(TODAY) == pytest.approx(1 / 3)
    assert plan().on_time_share(date(2025, 1, 1)) is None
    json.dumps([s.as_dict() for s in plan().status(TODAY)])


def test_milestone_without_owner_is_rejected() -> None:
    with pytest.raises(DataValidationError) as caught:
        SuccessPlan("Acme", [Milestone("Go live", " ", date(2025, 5, 1))])
    assert caught.value.location.field == "milestones[0].owner"


def case() -> BusinessCase:
    return BusinessCase(
        baseline=[CostLine("Rework", 120_000)],
        improvements=[Improvement("Rework", "percent_reduction", 20, 50, 80)],
        costs=[CostItem("Licence", one_off=10_000)],
        horizon_months=24,
        ramp_up_months=4,
    )


def test_value_realised_against_the_promise() -> None:
    """Expected: 50 % of 120,000 = 60,000 a year = 5,000 a month at full effect, ramped over 4
    months: 1,250, 2,500, 3,750, 5,000, then 5,000.

    By month 6: 1,250 + 2,500 + 3,750 + 5,000 + 5,000 + 5,000 = 22,500 expected; low (20 %) is
    0.4 x that = 9,000; high (80 %) 1.6 x = 36,000. Realised 18,000 -> 80 % of expected, on track.
    By month 12: expected 22,500 + 6 x 5,000 = 52,500; low 21,000. Realised 15,000 -> behind.
    Month 0 promises nothing yet -> too early.
    """
    report = value_realised(case(), [
        ValueCheckpoint(12, 15_000, "Year one"),
        ValueCheckpoint(6, 18_000, "Half year"),
        ValueCheckpoint(0, 0),
    ])
    first, half, year = report.checkpoints
    assert first.state == "too_early"
    assert first.share_of_expected is None
    assert half.promised_expected == pytest.approx(22_500)
    assert half.promised_low == pytest.approx(9_000)
    assert half.promised_high == pytest.approx(36_000)
    assert half.share_of_expected == pytest.approx(0.8)
    assert half.state == "on_track"
    assert year.promised_expected == pytest.approx(52_500)
    assert year.state == "behind"
    assert report.latest is year
    assert json.loads(json.dumps(report.as_dict()))["latest_state"] == "behind"


def test_value_ahead_when_above_the_high_scenario() -> None:
    report = value_realised(case(), [ValueCheckpoint(6, 40_000)])
    assert report.checkpoints[0].state == "ahead"


def test_value_checkpoint_validation_names_the_field() -> None:
    with pytest.raises(DataValidationError) as caught:
        value_realised(case(), [ValueCheckpoint(3, 1.0), ValueCheckpoint(-1, 0)])
    assert caught.value.location.field == "checkpoints[1].month"


def test_reference_readiness_needs_value_sentiment_and_consent() -> None:
    report = value_realised(case(), [ValueCheckpoint(6, 22_500)])
    ready = reference_readiness(report, sentiment=0.6, consent=True)
    assert ready.ready
    assert ready.value_share == pytest.approx(1.0)
    assert ready.missing == ()
    not_yet = reference_readiness(0.5, sentiment=0.6, consent=False)
    assert not not_yet.ready
    assert len(not_yet.missing) == 2
    assert any("50%" in reason for reason in not_yet.missing)
    unknown = reference_readiness(None, sentiment=None, consent=True)
    assert not unknown.ready
    assert len(unknown.missing) == 2
    with pytest.raises(DataValidationError):
        reference_readiness(1.0, sentiment=3, consent=True)
