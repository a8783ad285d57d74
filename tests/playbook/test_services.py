"""apply_playbook / playbook_spec_for: idempotent upsert by slug and a faithful round trip."""

from __future__ import annotations

import pytest

from helpfirst.core.errors import PlaybookError
from helpfirst.core.playbook import dump_playbook_yaml, load_playbook_yaml
from helpfirst.playbook.models import AntiFit, ContentItem, Problem
from helpfirst.playbook.services import apply_playbook, playbook_spec_for

pytestmark = pytest.mark.django_db

PLAYBOOK = """
company: Acme sellers
problems:
  - slug: forecast-trust
    title: Finance does not trust the forecast
    description: Pipeline numbers swing every week.
    example_phrasings: ["our forecast is always wrong", "finance ignores our numbers"]
    industries: [Manufacturing]
    roles: [CFO, VP Sales]
    company_size_min: 50
    company_size_max: 2000
    proof:
      - title: Borealis cut forecast error by half
        url: https://seller.example/borealis
  - slug: slow-onboarding
    title: New reps take months to ramp
anti_fits:
  - slug: solo-founders
    title: One-person companies
    company_size_max: 2
    referral: {name: Spreadsheet templates, url: https://templates.example}
    note: We would cost more than we save them.
content:
  - slug: forecast-guide
    title: A guide to forecasts finance trusts
    format: ebook
    problems: [forecast-trust]
    buying_stages: [exploring_problem]
    stakeholder_roles: [economic_buyer]
"""


def team():
    from tests.factories import TeamFactory

    return TeamFactory(name="Acme sellers", slug="acme")


def test_apply_creates_then_changes_nothing_on_reload():
    owner = team()
    spec = load_playbook_yaml(PLAYBOOK)
    first = apply_playbook(owner, spec)
    assert first.as_dict()["problems"]["created"] == 2
    assert first.as_dict()["content"]["created"] == 1
    guide = ContentItem.objects.get(slug="forecast-guide")
    assert [p.slug for p in guide.problems.all()] == ["forecast-trust"]
    stamp = Problem.objects.get(slug="forecast-trust").updated_at
    again = apply_playbook(owner, spec)
    assert again.as_dict() == {
        "problems": {"created": 0, "updated": 0, "unchanged": 2},
        "anti_fits": {"created": 0, "updated": 0, "unchanged": 1},
        "content": {"created": 0, "updated": 0, "unchanged": 1},
    }
    assert Problem.objects.get(slug="forecast-trust").updated_at == stamp


def test_changed_fields_and_links_are_updated_and_nothing_is_deleted():
    owner = team()
    apply_playbook(owner, load_playbook_yaml(PLAYBOOK))
    edited = PLAYBOOK.replace("Pipeline numbers swing every week.", "Numbers swing.").replace(
        "problems: [forecast-trust]", "problems: [forecast-trust, slow-onboarding]"
    )
    trimmed = edited.split("anti_fits:")[0] + "content:" + edited.split("content:")[1]
    summary = apply_playbook(owner, load_playbook_yaml(trimmed))
    assert summary.counts["problems"]["updated"] == 1
    assert summary.counts["content"]["updated"] == 1
    assert ContentItem.objects.get().problems.count() == 2
    assert AntiFit.objects.count() == 1  # left out of the file, but never deleted


def test_dump_load_dump_round_trips():
    source = team()
    apply_playbook(source, load_playbook_yaml(PLAYBOOK))
    dumped = dump_playbook_yaml(playbook_spec_for(source))
    from tests.factories import TeamFactory

    target = TeamFactory(name="Acme sellers", slug="acme-copy")
    apply_playbook(target, load_playbook_yaml(dumped))
    assert dump_playbook_yaml(playbook_spec_for(target)) == dumped
    assert playbook_spec_for(target).problem("forecast-trust").company_size_max == 2000


def test_bad_spec_writes_nothing():
    owner = team()
    spec = load_playbook_yaml(PLAYBOOK)
    from dataclasses import replace

    broken = replace(spec, content=(replace(spec.content[0], problems=("nope",)),))
    with pytest.raises(PlaybookError):
        apply_playbook(owner, broken)
    assert Problem.objects.count() == 0
