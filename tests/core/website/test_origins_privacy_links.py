"""Origins, the IP policy, privacy signals and tracked-link destinations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.website.errors import TrackingSetupError
from helpfirst.core.website.links import check_destination, with_link_token
from helpfirst.core.website.origins import normalise_origin, origin_allowed, parse_origins
from helpfirst.core.website.privacy import apply_ip_policy, limiter_key, privacy_signal


def test_origins_are_normalised():
    assert parse_origins("www.acme.test\nhttp://localhost:8000/, https://*.acme.test") == [
        "https://www.acme.test",
        "http://localhost:8000",
        "https://*.acme.test",
    ]


@pytest.mark.parametrize("bad", ["ftp://acme.test", "https://acme.test/path", "https://a*b.test"])
def test_bad_origins_are_refused(bad):
    with pytest.raises(TrackingSetupError):
        normalise_origin(bad)


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://www.acme.test", True),
        ("https://WWW.acme.test", True),
        ("https://shop.acme.test", True),
        ("https://acme.test.evil.test", False),
        ("https://evilacme.test", False),
        ("http://shop.acme.test", False),
        ("https://www.acme.test:8443", False),
        ("null", False),
        ("", False),
    ],
)
def test_origin_allowed(origin, allowed):
    assert origin_allowed(origin, ["https://www.acme.test", "https://*.acme.test"]) is allowed


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_origin_allowed_never_crashes(origin):
    assert origin_allowed(origin, ["https://www.acme.test", "https://*.acme.test"]) in (
        True,
        False,
    )


def test_privacy_signals():
    assert privacy_signal({"DNT": "1"}) == "do_not_track"
    assert privacy_signal({"sec-gpc": "1"}) == "global_privacy_control"
    assert privacy_signal({"DNT": "0"}) == ""


def test_ip_policy():
    assert apply_ip_policy("203.0.113.77", "drop") == ""
    assert apply_ip_policy("203.0.113.77", "truncate") == "203.0.113.0"
    assert apply_ip_policy("2001:db8:abcd:12::1", "truncate") == "2001:db8:abcd::"
    assert apply_ip_policy("not-an-ip", "truncate") == ""
    assert limiter_key("203.0.113.77", "s") != limiter_key("203.0.113.78", "s")
    assert "203" not in limiter_key("203.0.113.77", "s")


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "data:text/html,hi",
        "//evil.test/",
        "/relative",
        "https://user:pw@acme.test/",
        "https://acme.test/a b",
        "https:\\\\evil.test",
        "",
    ],
)
def test_destinations_must_be_plain_http_urls(bad):
    with pytest.raises(TrackingSetupError):
        check_destination(bad)


def test_link_token_is_added_or_replaced():
    assert with_link_token("https://acme.test/p?a=1#x", "tok12345") == (
        "https://acme.test/p?a=1&hf_t=tok12345#x"
    )
    assert with_link_token("https://acme.test/?hf_t=old", "new12345") == (
        "https://acme.test/?hf_t=new12345"
    )
