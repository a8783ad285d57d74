"""Tests for committee warnings, content ranking and the next helpful actions."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from helpfirst.core.journey import InteractionEvent
from helpfirst.core.next_action import (
    ContentCandidate,
    ContentEngagement,
    JourneySnapshot,
    PlanStep,
    Stakeholder,
    committee_warnings,
    next_helpful_actions,
    rank_content,
)
from helpfirst.core.vocabulary import BuyingStage, ContentFormat, StakeholderRole

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def days(n):
    return NOW - timedelta(days=n)


def ev(days_ago, kind, **kw):
    return InteractionEvent(occurred_at=days(days_ago), kind=kind, **kw)


def person(key, role, **kw):
    return Stakeholder(contact_key=key, name=key.title(), stakeholder_role=role, **kw)


FINANCE_CASE = ContentCandidate(
    "finance-case",
    "Finance case study",
    "case_study",
    ("finance_cost",),
    ("deciding",),
    ("economic_buyer",),
)
TECH_PAPER = ContentCandidate(
    "tech-paper",
    "Architecture whitepaper",
    "whitepaper",
    ("finance_cost",),
    ("evaluating",),
    ("technical_evaluator",),
)
ROI = ContentCandidate(
    "roi",
    "ROI calculator",
    "roi_calculator",
    ("finance_cost",),
    ("deciding",),
    ("economic_buyer",),
)


# --- committee ----------------------------------------------------------------------------


def codes(warnings):
    return [w.code for w in warnings]


def test_empty_committee_is_a_warning():
    assert codes(committee_warnings([], NOW)) == ["no_stakeholders"]


def test_committee_gaps_are_each_explained():
    people = [
        person("ana", "champion", last_engaged_at=days(2), last_listened_at=days(2)),
        person("bert", "blocker", last_engaged_at=days(40)),
    ]
    warnings = committee_warnings(people, NOW, buying_stage="deciding")
    assert codes(warnings) == [
        "blocker_not_heard",
        "no_economic_buyer",
        "single_threaded",
        "stakeholder_silent",
    ]
    assert warnings[0].contact_keys == ("bert",)
    assert "Nobody has listened to Bert" in warnings[0].message
    assert "Ana carries this journey" in warnings[2].message
    assert "5 weeks" in warnings[3].message
    assert all(w.message for w in warnings)


def test_well_covered_committee_has_no_warnings():
    people = [
        person("ana", "champion", last_engaged_at=days(2)),
        person("carla", "economic_buyer", last_engaged_at=days(5)),
        person("bert", "blocker", last_engaged_at=days(3), last_listened_at=days(3)),
    ]
    assert committee_warnings(people, NOW, buying_stage="deciding") == []


def test_economic_buyer_who_never_engaged_is_flagged_with_severity_by_stage():
    people = [person("carla", "economic_buyer"), person("ana", "champion", last_engaged_at=days(1))]
    late = committee_warnings(people, NOW, buying_stage="deciding")
    early = committee_warnings(people, NOW, buying_stage="exploring_problem")
    assert "economic_buyer_not_engaged" in codes(late)
    assert next(w for w in late if w.code == "economic_buyer_not_engaged").severity == "high"
    assert next(w for w in early if w.code == "economic_buyer_not_engaged").severity == "medium"


# --- content ------------------------------------------------------------------------------


def test_already_sent_content_is_never_recommended():
    ranked = rank_content(
        [FINANCE_CASE, TECH_PAPER, ROI], ["finance_cost"], "deciding", "economic_buyer", {"roi"}
    )
    assert "roi" not in [r.content_id for r in ranked]
    assert ranked[0].content_id == "finance-case"


def test_role_mismatch_ranks_lower_and_says_so():
    ranked = rank_content(
        [TECH_PAPER, FINANCE_CASE], ["finance_cost"], "deciding", "economic_buyer"
    )
    assert [r.content_id for r in ranked] == ["finance-case", "tech-paper"]
    assert ranked[1].role_fit == "mismatch"
    assert "made for other roles" in ranked[1].reasons


def test_engagement_is_learned_as_a_smoothed_rate():
    a = ContentCandidate("a", "A", "ebook", ("p",))
    b = ContentCandidate("b", "B", "ebook", ("p",))
    c = ContentCandidate("c", "C", "ebook", ("p",))
    lucky = {
        "a": ContentEngagement(sent=1, replied=1),
        "b": ContentEngagement(sent=200, replied=80),
        "c": ContentEngagement(sent=200),
    }
    ranked = rank_content([a, b, c], ["p"], None, None, (), lucky)
    # One reply out of one send is promising but not proof; 80 replies out of 200 is.
    assert ranked[0].content_id == "b"
    assert 0 < ranked[1].engagement_rate < 1
    assert "helped other buyers (200 sent)" in ranked[0].reasons


def test_content_ids_match_across_int_and_str():
    item = ContentCandidate(7, "Seven", "video")
    assert rank_content([item], [], None, None, already_sent=["7"]) == []


content_st = st.builds(
    ContentCandidate,
    content_id=st.integers(0, 50),
    title=st.just("t"),
    format=st.sampled_from(list(ContentFormat)),
    problems=st.lists(st.sampled_from(["p1", "p2", "p3"]), max_size=3).map(tuple),
    buying_stages=st.lists(st.sampled_from(list(BuyingStage)[:7]), max_size=3).map(tuple),
    stakeholder_roles=st.lists(st.sampled_from(list(StakeholderRole)), max_size=3).map(tuple),
)
stats_st = st.dictionaries(
    st.integers(0, 50),
    st.builds(
        ContentEngagement,
        sent=st.integers(0, 100),
        opened=st.integers(0, 100),
        downloaded=st.integers(0, 100),
        replied=st.integers(0, 100),
    ),
    max_size=10,
)


@given(
    st.lists(content_st, max_size=15, unique_by=lambda c: c.content_id),
    st.lists(st.sampled_from(["p1", "p2", "p3"]), max_size=3),
    st.sampled_from([None, *BuyingStage]),
    st.sampled_from([None, *StakeholderRole]),
    st.sets(st.integers(0, 50)),
    stats_st,
)
def test_already_sent_never_recommended_and_ranking_deterministic(
    items, problems, stage, role, sent, stats
):
    ranked = rank_content(items, problems, stage, role, sent, stats)
    assert not {r.content_id for r in ranked} & sent
    assert ranked == rank_content(list(reversed(items)), problems, stage, role, sent, stats)
    assert all(0.0 <= r.score <= 1.0 and r.reasons for r in ranked)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


@given(
    content_st,
    st.lists(st.sampled_from(["p1", "p2", "p3"]), max_size=3),
    st.sampled_from([None, *list(BuyingStage)[:7]]),
    st.sampled_from([r for r in StakeholderRole if r != StakeholderRole.UNKNOWN]),
    stats_st,
)
def test_role_mismatch_always_ranks_lower(item, problems, stage, role, stats):
    others = tuple(r for r in StakeholderRole if r not in (role, StakeholderRole.UNKNOWN))
    matching = ContentCandidate(1, "m", item.format, item.problems, item.buying_stages, (role,))
    mismatching = ContentCandidate(2, "x", item.format, item.problems, item.buying_stages, others)
    shared = dict.fromkeys((1, 2), stats.get(item.content_id, ContentEngagement()))
    ranked = rank_content([mismatching, matching], problems, stage, role, (), shared)
    assert [r.content_id for r in ranked] == [1, 2]
    assert ranked[0].score > ranked[1].score


# --- next helpful actions -----------------------------------------------------------------


def snapshot(**kw):
    kw.setdefault("journey_id", 1)
    kw.setdefault("buying_stage", "deciding")
    return JourneySnapshot(**kw)


def test_send_the_finance_case_study_to_the_new_cfo():
    people = (
        person("ana", "champion", last_engaged_at=days(1), last_listened_at=days(1)),
        person("carla", "economic_buyer", title="CFO", joined_at=days(6), last_engaged_at=days(6)),
    )
    actions = next_helpful_actions(
        snapshot(
            fit_score=80,
            buyer_problems=("finance_cost",),
            problem_phrases={"finance_cost": "finance cost"},
            stakeholders=people,
            events=(ev(10, "email_sent", touch_intent="gave"), ev(8, "email_replied")),
            content_items=(FINANCE_CASE, TECH_PAPER, ROI),
            already_sent=frozenset({"roi"}),
        ),
        NOW,
    )
    assert 1 <= len(actions) <= 3
    send = next(a for a in actions if a.code == "send_content")
    assert send.content_id == "finance-case"
    assert send.contact_key == "carla"
    assert "Finance case study" in send.action
    assert "Carla" in send.action
    assert "Carla joined 6 days ago" in send.reason
    assert "finance cost is their stated pain" in send.reason
    assert all(a.reason for a in actions)


def test_at_most_three_distinct_actions_best_first():
    people = (person("bert", "blocker"), person("ana", "champion", last_engaged_at=days(1)))
    plan = (
        PlanStep("Security review", "buyer", "Bert", date(2025, 6, 1)),
        PlanStep("Send proposal", "seller", "Me", date(2025, 6, 5)),
    )
    actions = next_helpful_actions(
        snapshot(stakeholders=people, plan_steps=plan, fit_score=30, buying_stage="evaluating"),
        NOW,
    )
    assert len(actions) == 3
    assert len({a.code for a in actions}) == 3
    assert [a.score for a in actions] == sorted((a.score for a in actions), reverse=True)
    assert actions[0].code == "listen_to_blocker"
    assert actions[1].code == "plan_ours"
    assert "It was due 05 Jun, 5 days ago" in actions[1].reason


def test_no_outreach_is_proposed_while_we_must_back_off():
    people = (person("bert", "blocker"), person("ana", "champion", last_engaged_at=days(1)))
    actions = next_helpful_actions(
        snapshot(
            stakeholders=people,
            may_contact=False,
            content_items=(FINANCE_CASE,),
            buyer_problems=("finance_cost",),
        ),
        NOW,
    )
    assert actions[0].code == "back_off"
    assert "no consent" in actions[0].reason
    assert not {"send_content", "listen_to_blocker", "reply"} & {a.code for a in actions}


def test_weak_fit_proposes_an_honest_fit_check():
    actions = next_helpful_actions(snapshot(fit_score=25, buying_stage="exploring_solutions"), NOW)
    assert any(a.code == "check_fit" and "fit score 25" in a.reason for a in actions)


def test_stage_default_action_when_nothing_else_applies():
    people = (
        person("ana", "champion", last_engaged_at=days(1)),
        person("carla", "economic_buyer", last_engaged_at=days(1)),
    )
    actions = next_helpful_actions(snapshot(stakeholders=people), NOW)
    assert [a.code for a in actions] == ["stage_default"]
    assert "business case" in actions[0].action
