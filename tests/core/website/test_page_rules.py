"""Page-type rules: parsing, matching, defaults; Hypothesis checks they never crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.vocabulary import PAGE_TYPE_LABELS
from helpfirst.core.website.errors import TrackingSetupError
from helpfirst.core.website.page_rules import (
    PageRule,
    format_rules,
    page_type_for,
    parse_rules,
    rule_matches,
)

RULES = parse_rules(
    """
    # our site
    /pricing*            pricing
    /resources/*.pdf     case_study
    /docs/**             docs
    docs.acme.test/**    docs
    /customers/*         case_study
    /about               other
    """
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.acme.test/pricing", "pricing"),
        ("https://www.acme.test/pricing-enterprise/", "pricing"),
        ("https://www.acme.test/PRICING?plan=team", "pricing"),
        ("https://www.acme.test/docs", "docs"),
        ("https://www.acme.test/docs/api/v2/auth", "docs"),
        ("https://docs.acme.test/getting-started", "docs"),
        ("https://www.acme.test/customers/northwind", "case_study"),
        ("https://www.acme.test/customers/northwind/quote", "case_study"),  # the default rule
        ("https://www.acme.test/resources/roi.pdf", "case_study"),
        ("https://www.acme.test/about/", "other"),
        ("https://www.acme.test/", "home"),
        ("https://www.acme.test", "home"),
        ("https://www.acme.test/blog/why-forecasts-fail", "blog"),
        ("https://www.acme.test/careers", "careers"),
        ("https://www.acme.test/security/soc2", "security"),
        ("https://www.acme.test/integrations/hubspot", "integrations"),
        ("https://www.acme.test/random/page", "other"),
        ("/pricing", "pricing"),
    ],
)
def test_first_matching_rule_then_defaults_then_other(url, expected):
    assert page_type_for(url, RULES) == expected


def test_first_rule_wins():
    rules = parse_rules("/docs/pricing docs\n/docs/** pricing")
    assert page_type_for("https://x.test/docs/pricing", rules) == "docs"
    assert page_type_for("https://x.test/docs/other", rules) == "pricing"


def test_single_star_stays_in_one_segment():
    rule = PageRule("/customers/*", "case_study")
    assert rule_matches(rule, "https://x.test/customers/acme")
    assert not rule_matches(rule, "https://x.test/customers/acme/more")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("/pricing pricng", 1, "Unknown page type 'pricng'"),
        ("/ok pricing\n/pricing", 2, "PATTERN PAGE_TYPE"),
        ("/a b c", 1, "PATTERN PAGE_TYPE"),
        ("/a*** docs", 1, "not ***"),
        ("/" + "a" * 400 + " docs", 1, "longer than"),
    ],
)
def test_bad_rules_name_the_line_and_the_fix(text, line, fragment):
    with pytest.raises(TrackingSetupError) as caught:
        parse_rules(text)
    assert caught.value.location.line == line
    assert fragment in caught.value.message


def test_too_many_rules():
    with pytest.raises(TrackingSetupError, match="At most 200"):
        parse_rules("\n".join(f"/p{i} docs" for i in range(201)))


patterns = st.text(alphabet=st.sampled_from("/abcdef-_.*"), min_size=1, max_size=30).filter(
    lambda p: "***" not in p
)
rules_strategy = st.lists(
    st.builds(PageRule, patterns, st.sampled_from(sorted(PAGE_TYPE_LABELS))), max_size=10
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_crashes_on_any_text(text):
    try:
        rules = parse_rules(text)
    except TrackingSetupError as exc:
        message = exc.message
        assert message
    else:
        assert all(r.page_type in PAGE_TYPE_LABELS for r in rules)


@settings(max_examples=200, deadline=None)
@given(rules_strategy)
def test_rules_round_trip_through_text(rules):
    assert parse_rules(format_rules(rules)) == rules


@settings(max_examples=150, deadline=None)
@given(rules_strategy, st.text(max_size=200))
def test_matching_any_url_gives_a_known_page_type(rules, url):
    assert page_type_for(url, rules) in PAGE_TYPE_LABELS


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdefghij-_", min_size=1, max_size=12), min_size=1, max_size=4),
    st.sampled_from(sorted(PAGE_TYPE_LABELS)),
)
def test_a_literal_path_rule_matches_its_own_path(segments, page_type):
    path = "/" + "/".join(segments)
    rules = [PageRule(path, page_type)]
    assert page_type_for(f"https://site.test{path}", rules) == page_type
    assert page_type_for(f"https://site.test{path}/", rules) == page_type
