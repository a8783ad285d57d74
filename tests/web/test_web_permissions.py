"""A rep cannot read a colleague's journey through any page; edits need the right role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from helpfirst.accounts import queries


@pytest.mark.parametrize("name", ["journey-detail", "journey-needs-edit", "journey-timeline"])
def test_rep_gets_404_on_colleagues_journey_pages(client, team_data, name):
    client.force_login(team_data["rob"])
    assert client.get(reverse(name, args=[team_data["rita_journey"].pk])).status_code == 404
    assert client.get(reverse(name, args=[team_data["rita_initech"].pk])).status_code == 404


def test_rep_gets_404_on_colleagues_stage_change(client, team_data):
    journey = team_data["rita_journey"]
    client.force_login(team_data["rob"])
    response = client.post(
        reverse("journey-stage-change", args=[journey.pk]),
        {"to_stage": "evaluating", "reason": "sneaky"},
    )
    assert response.status_code == 404
    journey.refresh_from_db()
    assert journey.buying_stage == "exploring_problem"
    assert journey.stage_history.count() == 1


def test_rep_cannot_edit_colleagues_needs(client, team_data):
    journey = team_data["rita_journey"]
    client.force_login(team_data["rob"])
    response = client.post(
        reverse("journey-needs-edit", args=[journey.pk]), {"stated_needs": "hijacked"}
    )
    assert response.status_code == 404
    journey.refresh_from_db()
    assert journey.stated_needs != "hijacked"


def test_rep_does_not_see_colleagues_accounts(client, team_data):
    client.force_login(team_data["rob"])
    page = client.get(reverse("account-list")).content.decode()
    assert "Acme Freight" in page
    assert "Initech" in page
    assert "Globex Retail" not in page
    assert client.get(reverse("account-detail", args=[team_data["globex"].pk])).status_code == 404


def test_shared_account_hides_colleagues_journey_and_touches(client, team_data):
    client.force_login(team_data["rob"])
    initech = team_data["initech"]
    page = client.get(reverse("account-detail", args=[initech.pk])).content.decode()
    assert "Initech fleet pilot" in page
    assert "Rob pilot call" in page
    assert "Initech secret expansion" not in page
    assert "Rita confidential meeting" not in page
    journeys = client.get(reverse("journey-list")).content.decode()
    assert "Initech secret expansion" not in journeys
    assert "Store replenishment" not in journeys
    home = client.get(reverse("home")).content.decode()
    assert "Initech secret expansion" not in home
    assert "Store replenishment" not in home


def test_manager_sees_the_whole_team(client, team_data):
    client.force_login(team_data["manager"])
    page = client.get(reverse("journey-list")).content.decode()
    for title in ("Route planning for winter", "Store replenishment", "Initech secret expansion"):
        assert title in page
    assert "Not yours" not in page


@pytest.mark.parametrize("role", ["manager", "rob"])
def test_other_teams_objects_are_404(client, team_data, role):
    client.force_login(team_data[role])
    assert client.get(reverse("account-detail", args=[team_data["foreign"].pk])).status_code == 404
    assert (
        client.get(reverse("journey-detail", args=[team_data["foreign_journey"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("problem-detail", args=[team_data["foreign_problem"].pk])).status_code
        == 404
    )


def test_rep_reads_the_playbook_but_gets_403_on_edits(client, team_data):
    client.force_login(team_data["rob"])
    assert b"New problem" not in client.get(reverse("problem-list")).content
    for url in (
        reverse("problem-create"),
        reverse("problem-edit", args=[team_data["problem"].pk]),
        reverse("antifit-create"),
        reverse("content-create"),
        reverse("content-edit", args=[team_data["guide"].pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Rep's idea"}).status_code == 403, url
    response = client.get(reverse("problem-create"))
    assert b"Only managers and admins edit the playbook" in response.content


def test_manager_gets_404_not_403_on_other_teams_playbook_edit(client, team_data):
    client.force_login(team_data["manager"])
    url = reverse("problem-edit", args=[team_data["foreign_problem"].pk])
    assert client.get(url).status_code == 404


def test_accounts_list_last_touch_and_badges_skip_colleagues_journeys(client, team_data, factories):
    initech = team_data["initech"]
    secret = factories.interaction(
        initech, "meeting", journey=team_data["rita_initech"], days_ago=0.01
    )
    mine = factories.interaction(initech, "call", journey=team_data["rob_initech"], days_ago=0.5)
    factories.interaction(initech, "note", days_ago=3)  # on no journey: visible to both

    def initech_row(user):
        page = queries.account_list_page(user, queries.AccountFilters())
        return next(row for row in page.items if row.pk == initech.pk)

    rob_row = initech_row(team_data["rob"])
    assert rob_row.last_touch_at == mine.occurred_at
    assert [badge.title for badge in rob_row.journeys] == ["Initech fleet pilot"]
    assert initech_row(team_data["manager"]).last_touch_at == secret.occurred_at
    client.force_login(team_data["rob"])
    assert "Initech secret expansion" not in client.get(reverse("account-list")).content.decode()
