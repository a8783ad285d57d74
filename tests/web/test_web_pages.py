"""Every page renders for every role, and anonymous visitors are sent to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

ROLES = ["manager", "admin", "rob"]


def _pages(d):
    return [
        reverse("home"),
        reverse("account-list"),
        reverse("account-detail", args=[d["acme"].pk]),
        reverse("account-edit", args=[d["acme"].pk]),
        reverse("account-timeline", args=[d["acme"].pk]),
        reverse("journey-list"),
        reverse("journey-detail", args=[d["rob_journey"].pk]),
        reverse("journey-needs-edit", args=[d["rob_journey"].pk]),
        reverse("journey-timeline", args=[d["rob_journey"].pk]),
        reverse("problem-list"),
        reverse("problem-detail", args=[d["problem"].pk]),
        reverse("antifit-list"),
        reverse("content-list"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_each_role(client, team_data, role):
    client.force_login(team_data[role])
    for url in _pages(team_data):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"helpfirst" in response.content


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_playbook_forms_render_for_editors(client, team_data, role):
    client.force_login(team_data[role])
    for name in ("problem-create", "antifit-create", "content-create"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("problem-edit", args=[team_data["problem"].pk])).status_code == 200
    assert client.get(reverse("content-edit", args=[team_data["guide"].pk])).status_code == 200


def test_anonymous_visitor_is_sent_to_login(client, team_data):
    response = client.get(reverse("account-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    login = client.get(response["Location"])
    assert login.status_code == 200
    assert b"Sign in" in login.content


def test_login_with_password_lands_on_today(client, team_data):
    response = client.post(
        reverse("login"), {"username": "rob", "password": "correct-horse-battery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert b"Help first" in response.content


def test_home_shows_team_queue_tabs_to_managers_only(client, team_data):
    client.force_login(team_data["manager"])
    assert b'aria-label="Whose queue"' in client.get(reverse("home")).content
    client.force_login(team_data["rob"])
    assert b'aria-label="Whose queue"' not in client.get(reverse("home")).content


def test_account_page_shows_roles_consent_and_timeline(client, team_data):
    client.force_login(team_data["rob"])
    page = client.get(reverse("account-detail", args=[team_data["acme"].pk])).content.decode()
    assert "role-economic_buyer" in page
    assert "role-champion" in page
    assert "No contact" in page  # Bo said no
    assert "Re: plan" in page
    assert "Met at the fair" in page
    assert "Route planning for winter" in page


def test_unknown_page_uses_the_styled_404(client, team_data):
    client.force_login(team_data["rob"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Nothing here" in response.content


def test_static_assets_are_vendored(client, team_data):
    client.force_login(team_data["rob"])
    page = client.get(reverse("home")).content.decode()
    assert "/static/vendor/htmx.min.js" in page
    assert "<script>" not in page
    assert "http://" not in page.split("<body")[0]
