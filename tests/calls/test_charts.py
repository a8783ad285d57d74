"""Server-side SVG charts: valid markup whatever the names and numbers, labels escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.calls.call_page import TranscriptRow
from helpfirst.calls.charts import ReferenceBand, TrendPoint, speaking_bar, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ET.fromstring(svg)  # noqa: S314 - our own chart output, not untrusted input


values = st.one_of(st.none(), st.floats(min_value=0, max_value=1e4, allow_nan=False))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=12), values, st.integers(0, 50)), max_size=30),
    st.sampled_from(["percent", "number", "seconds", "score"]),
)
def test_trend_chart_is_valid_svg_with_one_link_per_value(points, unit):
    trend = [
        TrendPoint(label, value, calls, f"/calls/?week={i}&x=<y>")
        for i, (label, value, calls) in enumerate(points)
    ]
    root = parse(trend_chart("T <&>", trend, unit=unit, band=ReferenceBand(0.4, 0.5, "<b>")))
    assert len(root.findall(f".//{SVG}a")) == sum(1 for p in trend if p.value is not None)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=30),
            st.floats(0, 5000, allow_nan=False),
            st.floats(0, 120, allow_nan=False),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_speaking_bar_draws_one_bar_per_utterance(utterances):
    rows = [
        TranscriptRow(i, name, "seller" if i % 2 else "buyer", start, start + length, "x")
        for i, (name, start, length) in enumerate(utterances)
    ]
    root = parse(speaking_bar(rows, [(rows[0].start, "tactic", "<script>")]))
    assert len(root.findall(f".//{SVG}rect")) == len(rows)
    assert "<script>" not in speaking_bar(rows, [(0.0, "tactic", "<script>")])
