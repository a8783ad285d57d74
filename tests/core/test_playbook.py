"""Tests for the playbook spec and its YAML form."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.errors import PlaybookError
from helpfirst.core.playbook import (
    CONTENT_FORMATS,
    AntiFitSpec,
    ContentSpec,
    PlaybookSpec,
    ProblemSpec,
    Referral,
    dump_playbook_yaml,
    load_playbook_yaml,
)

DEMO = Path(__file__).resolve().parents[2] / "helpfirst" / "demo" / "playbook.yaml"


def test_demo_playbook_loads_with_its_promised_shape():
    spec = load_playbook_yaml(DEMO)
    assert spec.company == "Northwind Analytics"
    assert len(spec.problems) == 8
    assert len(spec.anti_fits) == 3
    assert len(spec.content) >= 40
    assert all(6 <= len(p.example_phrasings) <= 12 for p in spec.problems)
    assert all(a.referral and a.referral.name for a in spec.anti_fits)
    assert {c.format for c in spec.content} == set(CONTENT_FORMATS)


def test_demo_playbook_round_trips():
    spec = load_playbook_yaml(DEMO)
    assert load_playbook_yaml(dump_playbook_yaml(spec)) == spec


def test_slug_is_derived_from_title():
    spec = load_playbook_yaml("problems:\n  - title: Dirty CRM data\n")
    assert spec.problems[0].slug == "dirty-crm-data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("problems: []\n", "has no problems"),
        ("", "has no problems"),
        ("problems:\n  - title: A b\n  - title: a  B\n    slug: other\n", "Duplicate problem name"),
        (
            "problems:\n  - title: X\n    slug: s\n  - title: Y\n    slug: s\n",
            "Duplicate problem slug",
        ),
        ("problems:\n  - description: no title\n", "has no title"),
        ("problems:\n  - title: X\ncontent:\n  - title: C\n    format: podcast\n", "podcast"),
        (
            "problems:\n  - title: X\ncontent:\n"
            "  - title: C\n    format: ebook\n    problems: [y]\n",
            "names problem 'y'",
        ),
        ("problems:\n  - title: X\n    titel: typo\n", "unknown key(s) 'titel'"),
        (
            "problems:\n  - title: X\n    company_size_min: 50\n    company_size_max: 10\n",
            "larger than",
        ),
        ("problems: [\n", "Not valid YAML"),
        ("- just a list\n", "must be a YAML mapping"),
        ("problems:\n  - title: X\n    company_size_min: many\n", "whole number"),
    ],
)
def test_bad_playbooks_raise_clear_playbook_errors(text, expected):
    with pytest.raises(PlaybookError) as caught:
        load_playbook_yaml(text)
    assert expected in str(caught.value)


def test_errors_name_the_line_and_file(tmp_path):
    path = tmp_path / "pb.yaml"
    path.write_text("problems:\n  - title: A\n  - title: B\n    slug: a\n", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_playbook_yaml(path)
    assert caught.value.location.line == 3
    assert caught.value.location.file == str(path)


def test_missing_file_is_a_playbook_error(tmp_path):
    with pytest.raises(PlaybookError, match="Cannot read"):
        load_playbook_yaml(tmp_path / "missing.yaml")


_words = st.text(alphabet=st.characters(categories=("L", "N", "Zs", "P")), min_size=1, max_size=30)
_clean = _words.map(lambda s: " ".join(s.split())).filter(bool)


@st.composite
def playbooks(draw):
    titles = draw(st.lists(_clean, min_size=1, max_size=4, unique_by=lambda t: t.lower()))
    problems = tuple(
        ProblemSpec(
            slug=f"p{i}",
            title=title,
            description=draw(_clean | st.just("")),
            example_phrasings=tuple(draw(st.lists(_clean, max_size=3))),
            company_size_min=draw(st.none() | st.integers(0, 100)),
        )
        for i, title in enumerate(titles)
    )
    anti_fits = tuple(
        AntiFitSpec(
            slug=f"a{i}",
            title=f"Anti {i}",
            referral=draw(st.none() | st.builds(Referral, name=_clean)),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    content = tuple(
        ContentSpec(
            slug=f"c{i}",
            title=f"Content {i}",
            format=draw(st.sampled_from(CONTENT_FORMATS)),
            problems=("p0",),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    return PlaybookSpec(
        company=draw(_clean), problems=problems, anti_fits=anti_fits, content=content
    )


@settings(max_examples=60, deadline=None)
@given(playbooks())
def test_yaml_round_trip_property(spec):
    assert load_playbook_yaml(dump_playbook_yaml(spec)) == spec
