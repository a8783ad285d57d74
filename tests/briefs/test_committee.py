"""The buying committee: roles per journey, coverage warnings, map and editing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from helpfirst.briefs import services
from helpfirst.briefs.committee import committee_view
from helpfirst.core.errors import DataValidationError
from helpfirst.journeys.models import JourneyStakeholder

pytestmark = pytest.mark.django_db


def test_one_contact_has_different_roles_in_two_journeys(world):
    bob = world.c2  # at Beta SA, where j2 (rep2) and j3 (rep1) both run
    services.seat_contact(world.j2, bob, stakeholder_role="champion", influence=4)
    seat3 = services.seat_contact(world.j3, bob, stakeholder_role="blocker", stance="sceptic")
    now = timezone.now()
    assert committee_view(world.j2, now).seats[0].role == "champion"
    assert committee_view(world.j3, now).seats[0].role == "blocker"
    services.update_seat(seat3, stakeholder_role="influencer")
    assert committee_view(world.j2, now).seats[0].role == "champion"
    bob.refresh_from_db()
    assert bob.stakeholder_role == "champion"  # the contact's usual role is untouched


def test_seating_someone_twice_or_from_another_account_is_refused(world):
    services.seat_contact(world.j1, world.c1)
    with pytest.raises(DataValidationError, match="already on this committee"):
        services.seat_contact(world.j1, world.c1)
    with pytest.raises(DataValidationError, match="this journey's account"):
        services.seat_contact(world.j1, world.c2)
    with pytest.raises(DataValidationError, match="Influence"):
        services.update_seat(JourneyStakeholder.objects.get(), influence=9)


def test_warnings_name_the_gaps_with_reasons(deal):
    view = committee_view(deal["journey"], deal["now"])
    codes = {w.code for w in view.warnings}
    assert {"blocker_not_heard", "economic_buyer_not_engaged"} <= codes
    blocker = next(w for w in view.warnings if w.code == "blocker_not_heard")
    assert "Bo Stone" in blocker.message
    grid = view.grid()
    high_neutral = grid[0]["cells"][1]["seats"]
    assert [s.contact.name for s in high_neutral] == ["Carla Ng"]


def test_committee_page_edits_a_seat_and_the_journey_page_shows_the_map(deal, world, client_as):
    client = client_as(world.rep1)
    page = client.get(f"/journeys/{world.j1.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Committee map" in html
    assert "Nobody has listened to Bo Stone" in html
    assert "Next helpful actions" in html
    panel = client.get(f"/journeys/{world.j1.pk}/next-actions/").content.decode()
    assert "Listen to Bo Stone" in panel
    assert client_as(world.rep2).get(f"/journeys/{world.j1.pk}/next-actions/").status_code == 404
    seat = JourneyStakeholder.objects.get(journey=world.j1, contact=deal["cfo"])
    prefix = f"seat-{seat.pk}-"
    response = client.post(
        f"/journeys/{world.j1.pk}/committee/{seat.pk}/",
        {
            prefix + "stakeholder_role": "",
            prefix + "influence": "5",
            prefix + "stance": "supporter",
            prefix + "what_matters": "cost per forecast",
        },
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.stance == "supporter"
    assert client_as(world.rep2).get(f"/journeys/{world.j1.pk}/committee/").status_code == 404
    assert (
        client_as(world.rep2)
        .post(f"/journeys/{world.j1.pk}/committee/{seat.pk}/remove/")
        .status_code
        == 404
    )
    assert JourneyStakeholder.objects.filter(pk=seat.pk).exists()
