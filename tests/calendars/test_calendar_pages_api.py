"""The calendars page and API: scoped by permissions, other teams invisible, 404 when not yours."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpfirst.calendars.imports import import_ics_file
from helpfirst.interactions.models import Interaction
from tests.calendars.helpers import calendar, event

pytestmark = pytest.mark.django_db
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))


@pytest.fixture
def captured(world, tmp_path):
    from helpfirst.journeys.models import JourneyStakeholder

    JourneyStakeholder.objects.create(journey=world.j2, contact=world.c2)
    path = tmp_path / "sales.ics"
    path.write_text(
        calendar(
            event("alpha-1", summary="Alpha forecast review"),
            event(
                "beta-1",
                "20260303T100000Z",
                summary="Beta onboarding call",
                attendees=("bob@beta.example",),
            ),
            event("gone", "20260304T100000Z", summary="Cancelled one"),
        )
    )
    import_ics_file(world.team_a.pk, path, window=WINDOW)
    cancelled = event(
        "gone", "20260304T100000Z", summary="Cancelled one", sequence=1, extra="STATUS:CANCELLED"
    )
    path.write_text(calendar(cancelled))
    import_ics_file(world.team_a.pk, path, window=WINDOW)
    path.write_text(calendar(event("alpha-1", summary="Alpha forecast review")))
    import_ics_file(world.team_b.pk, path, window=WINDOW)
    return world


def test_page_lists_calendars_and_meetings_the_rep_may_see(client, captured):
    world = captured
    client.force_login(world.rep1)
    text = client.get("/calendars/").content.decode()
    assert "sales.ics" in text
    assert "Alpha forecast review" in text
    assert "Beta onboarding call" not in text  # on rep2's journey j2
    client.force_login(world.manager)
    text = client.get("/calendars/").content.decode()
    assert "Beta onboarding call" in text
    client.force_login(world.outsider)
    text = client.get("/calendars/").content.decode()
    assert "Alpha forecast review" not in text  # team B matched no contact
    assert "sales.ics" in text  # their own import of a file with the same name


def test_api_lists_and_scopes_meetings(client, captured):
    world = captured
    client.force_login(world.rep1)
    body = client.get("/api/calendars/meetings").json()
    items = body["items"] if isinstance(body, dict) else body
    assert [(m["subject"], m["status"]) for m in items] == [
        ("Cancelled one", "cancelled"),
        ("Alpha forecast review", "confirmed"),
    ]
    body = client.get("/api/calendars/meetings?include_cancelled=false").json()
    items = body["items"] if isinstance(body, dict) else body
    (meeting,) = items
    assert meeting["account_id"] == world.a1.pk
    assert meeting["journey_id"] == world.j1.pk
    assert meeting["attendees"][0]["contact_id"] == world.c1.pk
    beta = Interaction.objects.get(external_id="beta-1")
    assert client.get(f"/api/calendars/meetings/{beta.pk}").status_code == 404
    assert client.get(f"/api/calendars/meetings/{meeting['id']}").json()["id"] == meeting["id"]
    client.force_login(world.manager)
    body = client.get(f"/api/calendars/meetings?account_id={world.a2.pk}").json()
    items = body["items"] if isinstance(body, dict) else body
    assert [m["subject"] for m in items] == ["Beta onboarding call"]
    calendars = client.get("/api/calendars").json()
    assert [(c["kind"], c["name"], c["status"]) for c in calendars] == [
        ("ics_file", "sales.ics", "ok")
    ]
    client.force_login(world.outsider)
    alpha = Interaction.objects.get(team=world.team_a, external_id="alpha-1")
    assert client.get(f"/api/calendars/meetings/{alpha.pk}").status_code == 404


@pytest.mark.parametrize(
    "since",
    ["0374-08-31T18:57:08-22:20", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"],
)
def test_api_time_filters_accept_any_offset(client, captured, since):
    """Offsets PostgreSQL cannot store are turned into UTC first (found by schema fuzzing)."""
    client.force_login(captured.rep1)
    response = client.get("/api/calendars/meetings", {"since": since, "until": since})
    assert response.status_code == 200
