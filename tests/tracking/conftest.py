"""Shared set-up of the website-tracking tests: a tracked site for team A and one for team B."""

from __future__ import annotations

import json
import time

import pytest

ORIGIN_A = "https://www.alpha-vendor.test"
ORIGIN_B = "https://www.other-vendor.test"


@pytest.fixture(autouse=True)
def _fresh_health_buffer():
    from helpfirst.tracking.collect import HEALTH, SITES

    HEALTH.flush()
    SITES.clear()
    yield
    SITES.clear()
    HEALTH._pending.clear()
    HEALTH._last_flush.clear()


@pytest.fixture
def sites(world):
    from helpfirst.tracking.sites import create_site

    site_a = create_site(
        world.team_a.pk,
        name="Team A website",
        allowed_origins=[ORIGIN_A],
        page_rules="/pricing* pricing\n/resources/** case_study",
        consent_required=False,
    )
    site_b = create_site(
        world.team_b.pk, name="Team B website", allowed_origins=[ORIGIN_B], consent_required=False
    )
    return site_a, site_b


def event(site, **fields) -> str:
    body = {
        "site_key": site.site_key,
        "visitor_id": "visitor-0001",
        "kind": "page_view",
        "url": "https://www.alpha-vendor.test/pricing",
        "title": "Pricing",
        "at": int(time.time() * 1000),
    }
    body.update(fields)
    return json.dumps({k: v for k, v in body.items() if v is not None})


def post(client, site, origin=ORIGIN_A, headers=None, remote_addr="127.0.0.1", **fields):
    return client.post(
        "/t/collect",
        data=event(site, **fields),
        content_type="text/plain",
        headers={"Origin": origin, **(headers or {})},
        REMOTE_ADDR=remote_addr,
    )
