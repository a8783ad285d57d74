"""The curated demo data set, built without a database: deterministic, complete, patterned."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from helpfirst.core.errors import DataValidationError
from helpfirst.core.vocabulary import BUYING_STAGE_LABELS, BuyingStage
from helpfirst.demo.dataset import build_dataset
from helpfirst.demo.sizes import SIZES, DemoSize, demo_size

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
S = BuyingStage


def _fingerprint(data):
    return (
        [(a.external_id, a.name, a.domain, a.employees, len(a.contacts)) for a in data.accounts],
        [(j.external_id, j.final_stage, j.stated_needs, [s.at for s in j.steps])
         for j in data.journeys],
        [(i.external_id, i.kind, i.occurred_at, i.contact, i.journey, i.page_type)
         for i in data.interactions],
    )


@pytest.fixture(scope="module")
def small():
    return build_dataset(SIZES["small"], 11, NOW)


def test_same_seed_same_data_other_seed_other_data():
    first = build_dataset(SIZES["tiny"], 5, NOW)
    assert _fingerprint(first) == _fingerprint(build_dataset(SIZES["tiny"], 5, NOW))
    assert _fingerprint(first) != _fingerprint(build_dataset(SIZES["tiny"], 6, NOW))


def test_sizes_are_met_exactly(small):
    assert len(small.accounts) == 120
    assert sum(len(a.contacts) for a in small.accounts) == 400
    assert len(small.journeys) == 150
    assert len(small.interactions) == 30_000
    assert len({i.external_id for i in small.interactions}) == 30_000


def test_unknown_size_names_the_known_ones():
    with pytest.raises(DataValidationError, match="tiny, small, large"):
        demo_size("huge")


def test_every_stage_and_exit_appears(small):
    assert {j.final_stage for j in small.journeys} == set(BUYING_STAGE_LABELS)
    tiny = build_dataset(SIZES["tiny"], 3, NOW)
    assert {j.final_stage for j in tiny.journeys} == set(BUYING_STAGE_LABELS)


def test_history_is_ordered_in_the_past_and_exits_have_reasons(small):
    for journey in small.journeys:
        times = [s.at for s in journey.steps]
        assert times == sorted(times)
        assert times[-1] < NOW
        assert journey.steps[0].from_stage == ""
        assert all(s.reason for s in journey.steps)
        if journey.final_stage in (S.NOT_A_FIT, S.PAUSED, S.NO_DECISION):
            assert journey.recheck_on is not None
        if journey.final_stage == S.NOT_A_FIT and journey.anti_fit:
            assert journey.referred_to
    oldest = NOW - timedelta(days=183)
    assert all(oldest <= i.occurred_at < NOW for i in small.interactions)


def test_fit_classes_follow_the_playbook_words(small):
    fits = defaultdict(list)
    for journey in small.journeys:
        fits[journey.fit].append(journey)
    assert set(fits) == {"clear", "poor", "ambiguous"}
    for journey in fits["clear"]:
        assert any(p.rstrip(".") in journey.stated_needs for p in journey.problem.phrasings)
    for journey in fits["poor"]:
        assert any(p.rstrip(".") in journey.stated_needs for p in journey.anti_fit.phrasings)
    open_poor = [j for j in fits["poor"] if j.final_stage in (S.EXPLORING_PROBLEM, S.EVALUATING,
                                                               S.EXPLORING_SOLUTIONS, S.DECIDING)]
    assert open_poor, "the fit review needs open poor fits to find"


def _by_journey(data):
    grouped = defaultdict(list)
    for item in data.interactions:
        if item.journey:
            grouped[item.journey].append(item)
    return grouped


def test_pricing_revisits_in_the_30_days_before_deciding(small):
    grouped = _by_journey(small)
    reached = [j for j in small.journeys if S.DECIDING in j.stages_reached]
    assert len(reached) >= 20
    for journey in reached:
        moved = next(s.at for s in journey.steps if s.to_stage == S.DECIDING)
        since = moved - timedelta(days=30)
        pricing = [i for i in grouped[journey.external_id]
                   if i.page_type == "pricing" and since <= i.occurred_at < moved]
        assert len(pricing) >= 2, journey.external_id


def test_silence_before_churn_and_no_decision(small):
    grouped = _by_journey(small)
    account_level = defaultdict(list)
    for item in small.interactions:
        if not item.journey:
            account_level[item.account].append(item)
    silent = [j for j in small.journeys if j.final_stage in (S.CHURNED, S.NO_DECISION)]
    assert silent
    for journey in silent:
        end = journey.steps[-1].at
        window = (end - timedelta(days=18), end)
        touches = grouped[journey.external_id] + account_level[journey.account.external_id]
        inbound = [i for i in touches if i.is_inbound and window[0] <= i.occurred_at < window[1]]
        assert not inbound, journey.external_id
        ours = [i for i in grouped[journey.external_id]
                if i.kind == "email_sent" and window[0] - timedelta(days=20) <= i.occurred_at < end]
        assert ours, "we kept following up while they were silent"


def test_more_people_engage_late_than_early(small):
    grouped = _by_journey(small)
    early, late = [], []
    for journey in small.journeys:
        periods = {stage: (a, b) for stage, a, b in journey.stage_periods(NOW)}
        for stage, bucket in ((S.EXPLORING_PROBLEM, early), (S.DECIDING, late)):
            if stage in periods:
                a, b = periods[stage]
                people = {i.contact for i in grouped[journey.external_id]
                          if i.contact and i.is_inbound and a <= i.occurred_at < b}
                bucket.append(len(people))
    assert sum(late) / len(late) > 1.5 * sum(early) / len(early)


def test_customers_use_the_product_and_we_never_email_people_without_consent(small):
    grouped = _by_journey(small)
    contacts = {c.external_id: c for a in small.accounts for c in a.contacts}
    customers = [j for j in small.journeys if j.final_stage == S.REALISING_VALUE]
    for journey in customers:
        assert any(i.kind == "product_usage" for i in grouped[journey.external_id])
    outbound = [i for i in small.interactions if i.kind in ("email_sent", "call") and i.contact]
    assert outbound
    assert all(contacts[i.contact].may_contact for i in outbound)


def test_recorded_calls_carry_transcripts_and_consent(small):
    contacts = {c.external_id: c for a in small.accounts for c in a.contacts}
    calls = [i for i in small.interactions if i.properties.get("transcript")]
    if not calls:
        pytest.skip("helpfirst.demo.transcripts is not available")
    assert len(calls) >= 20
    assert all(contacts[i.contact].recording_consent for i in calls)


def test_a_custom_size_uses_the_same_code_paths():
    data = build_dataset(DemoSize("mini", 13, 30, 12, 2_000), 1, NOW)
    assert len(data.interactions) == 2_000
    assert {j.final_stage for j in data.journeys} == set(BUYING_STAGE_LABELS)
