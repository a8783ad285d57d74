"""The demo registers its website for tracking once, with working page-type rules."""

from __future__ import annotations

import pytest

from helpfirst.capture.models import CaptureSource
from helpfirst.core.website import page_rules
from helpfirst.demo.capture import seed_demo_capture
from helpfirst.tracking.models import TrackedSite

pytestmark = pytest.mark.django_db


def test_demo_site_seeded_once_with_rules(world):
    assert seed_demo_capture(world.team_a) is True
    assert seed_demo_capture(world.team_a) is False
    site = TrackedSite.objects.get(team=world.team_a)
    assert site.allowed_origins == ["https://www.northwind-analytics.example"]
    rules = page_rules.parse_rules(site.page_rules)
    assert len(rules) == 7
    # configuration only: no pretend sync runs on the capture health page
    assert not CaptureSource.objects.exists()


def test_demo_rules_classify_pages(world):
    seed_demo_capture(world.team_a)
    rules = TrackedSite.objects.get(team=world.team_a).rules()
    base = "https://www.northwind-analytics.example"
    assert page_rules.page_type_for(f"{base}/pricing", rules) == "pricing"
    assert page_rules.page_type_for(f"{base}/customers/acme-story", rules) == "case_study"
    assert page_rules.page_type_for(f"{base}/docs/api/auth", rules) == "docs"
