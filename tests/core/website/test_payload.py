"""The event payload: checks, caps, clean URLs, dedupe keys; Hypothesis: never crashes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.website.errors import TrackingPayloadError
from helpfirst.core.website.payload import MAX_BODY_BYTES, clean_page_url, parse_event

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def body(**fields):
    base = {
        "site_key": "hfs_abcdefgh12",
        "visitor_id": "v0123456789",
        "kind": "page_view",
        "url": "https://www.acme.test/pricing",
        "at": int(NOW.timestamp() * 1000),
    }
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not None})


def test_a_good_page_view():
    event = parse_event(body(title="Pricing", referrer="https://search.test/?q=x"), NOW)
    assert event.kind == "page_view"
    assert event.title == "Pricing"
    assert event.occurred_at == NOW
    assert event.privacy_signal == ""
    assert len(event.dedupe_key) == 40


def test_same_url_within_the_bucket_is_the_same_event_and_later_is_not():
    first = parse_event(body(), NOW)
    again = parse_event(body(at=int((NOW + timedelta(seconds=5)).timestamp() * 1000)), NOW)
    later = parse_event(body(at=int((NOW + timedelta(seconds=60)).timestamp() * 1000)), NOW)
    assert first.dedupe_key == again.dedupe_key
    assert first.dedupe_key != later.dedupe_key


def test_a_client_clock_far_off_is_replaced_by_the_servers():
    event = parse_event(body(at=0), NOW)
    assert event.occurred_at == NOW


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"site_key": ""}, "site_key"),
        ({"site_key": "bad key!"}, "site_key"),
        ({"visitor_id": "x"}, "visitor_id"),
        ({"kind": "purchase"}, "kind"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "/relative"}, "url"),
        ({"url": 5}, "url"),
        ({"title": "t" * 301}, "title"),
        ({"at": "yesterday"}, "at"),
        ({"consent": "maybe"}, "consent"),
        ({"email": "ann@alpha.example"}, "email"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_fields_are_named(fields, field):
    with pytest.raises(TrackingPayloadError) as caught:
        parse_event(body(**fields), NOW)
    assert caught.value.location.field == field


def test_size_cap_and_non_json():
    with pytest.raises(TrackingPayloadError, match="larger than"):
        parse_event(b"{" + b" " * MAX_BODY_BYTES + b"}", NOW)
    with pytest.raises(TrackingPayloadError, match="not UTF-8 JSON"):
        parse_event(b"\xff\xfe", NOW)
    with pytest.raises(TrackingPayloadError, match="one JSON object"):
        parse_event(b"[1, 2]", NOW)


def test_privacy_flags_in_the_body():
    assert parse_event(body(dnt=True), NOW).privacy_signal == "do_not_track"
    assert parse_event(body(gpc="1"), NOW).privacy_signal == "global_privacy_control"


def test_form_email_is_kept_lower_case_and_bad_addresses_dropped():
    event = parse_event(body(kind="form_submit", email="Ann@Alpha.Example"), NOW)
    assert event.email == "ann@alpha.example"
    assert parse_event(body(kind="form_submit", email="not an address"), NOW).email == ""


def test_clean_url_drops_fragment_link_token_and_email_values():
    url = "HTTPS://WWW.Acme.test:8443/Docs?a=1&hf_t=tok12345&who=ann%40alpha.example#top"
    assert clean_page_url(url) == "https://www.acme.test:8443/Docs?a=1"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_either_parse_or_raise_the_one_error(raw):
    try:
        parse_event(raw, NOW)
    except TrackingPayloadError as exc:
        message = exc.message
        assert message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            key: json_values
            for key in ("site_key", "visitor_id", "kind", "url", "title", "at", "email", "consent")
        },
    )
)
def test_any_json_object_either_parses_or_raises_the_one_error(data):
    try:
        parse_event(json.dumps(data), NOW)
    except TrackingPayloadError as exc:
        message = exc.message
        assert message
