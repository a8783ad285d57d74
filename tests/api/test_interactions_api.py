from __future__ import annotations

import pytest

from helpfirst.interactions.models import Interaction


def item(n, **extra):
    base = {
        "source": "web",
        "external_id": f"pv-{n}",
        "kind": "page_view",
        "page_type": "pricing",
        "occurred_at": "2026-10-01T09:00:00Z",
        "account_domain": "alpha.example",
    }
    base.update(extra)
    return base


@pytest.mark.django_db
def test_batch_is_idempotent(world, api_as):
    client = api_as(world.rep1)
    batch = [item(n) for n in range(50)]
    first = client.post("/api/interactions", batch).json()
    assert (first["created"], first["duplicates"], first["rejected"]) == (50, 0, 0)
    second = client.post("/api/interactions", batch).json()
    assert (second["created"], second["duplicates"], second["rejected"]) == (0, 50, 0)
    assert Interaction.objects.filter(source="web").count() == 50


@pytest.mark.django_db
def test_bad_items_are_reported_and_good_ones_kept(world, api_as):
    client = api_as(world.rep1)
    batch = [
        item(1),
        item(2, kind="telepathy"),
        item(3, occurred_at="yesterday-ish"),
        item(4, account_domain="nobody.example"),
        item(5, journey_id=world.j2.pk),  # rep2's journey: not visible to rep1
        "not an object",
        item(6, account_domain=None, contact_email="ann@alpha.example"),
        item(7, external_id=""),
    ]
    body = client.post("/api/interactions", batch).json()
    assert body["created"] == 2
    fields = {(e["index"], e["field"]) for e in body["errors"]}
    assert (1, "kind") in fields
    assert (2, "occurred_at") in fields
    assert (3, "account_domain") in fields
    assert (4, "journey_id") in fields
    assert (5, "") in fields
    assert (7, "external_id") in fields
    stored = Interaction.objects.get(source="web", external_id="pv-6")
    assert stored.contact_id == world.c1.pk
    assert stored.account_id == world.a1.pk


@pytest.mark.django_db
def test_duplicates_inside_one_batch_are_stored_once(world, api_as):
    body = api_as(world.rep1).post("/api/interactions", [item(1), item(1)]).json()
    assert (body["created"], body["duplicates"]) == (1, 1)


@pytest.mark.django_db
def test_batch_limit(world, api_as, settings, monkeypatch):
    monkeypatch.setenv("HELPFIRST_API_BATCH_LIMIT", "3")
    response = api_as(world.rep1).post("/api/interactions", [item(n) for n in range(4)])
    assert response.status_code == 413
    assert "at most 3" in response.json()["message"]


@pytest.mark.django_db
def test_ten_thousand_items_in_one_batch(world, api_as):
    batch = [item(n) for n in range(10_000)]
    body = api_as(world.manager).post("/api/interactions", batch).json()
    assert body["created"] == 10_000
    assert body["rejected"] == 0


@pytest.mark.django_db
def test_not_a_list_is_422(world, api_as):
    response = api_as(world.rep1).post("/api/interactions", {"source": "x"})
    assert response.status_code == 422
