"""The demo team's capture set-up: its own website registered for the tracking snippet.

Only configuration is seeded (no pretend sync runs), so the capture health page stays honest:
a source appears there after its first real run.
"""

from __future__ import annotations

from helpfirst.team.models import Team

DEMO_SITE_NAME = "Northwind Analytics website"
DEMO_SITE_ORIGINS = ["https://www.northwind-analytics.example"]
DEMO_PAGE_RULES = "\n".join(
    [
        "/pricing* pricing",
        "/docs/** docs",
        "/security* security",
        "/customers/** case_study",
        "/blog/** blog",
        "/careers* careers",
        "/integrations/** integrations",
    ]
)


def seed_demo_capture(team: Team) -> bool:
    """Register the demo website once; return True when it was created now."""
    from helpfirst.tracking.models import TrackedSite
    from helpfirst.tracking.sites import create_site

    if TrackedSite.objects.filter(team=team, name=DEMO_SITE_NAME).exists():
        return False
    create_site(
        team.pk,
        name=DEMO_SITE_NAME,
        allowed_origins=DEMO_SITE_ORIGINS,
        page_rules=DEMO_PAGE_RULES,
    )
    return True
