"""Playbook pages: managers create and edit, filters narrow the content library."""

from __future__ import annotations

from django.urls import reverse

from helpfirst.playbook.models import AntiFit, ContentItem, Problem


def test_manager_creates_and_edits_a_problem(client, team_data):
    client.force_login(team_data["manager"])
    response = client.post(
        reverse("problem-create"),
        {
            "title": "Empty return trips",
            "description": "Trucks drive home empty.",
            "example_phrasings": "We pay to move air\nHalf our km are empty",
            "industries": "Logistics\nRetail",
        },
    )
    problem = Problem.objects.get(team=team_data["team"], title="Empty return trips")
    assert response.status_code == 302
    assert response["Location"] == problem.get_absolute_url()
    assert problem.slug == "empty-return-trips"
    assert problem.example_phrasings == ["We pay to move air", "Half our km are empty"]
    client.post(
        reverse("problem-edit", args=[problem.pk]),
        {"title": "Empty return trips", "slug": problem.slug, "description": "Updated"},
    )
    problem.refresh_from_db()
    assert problem.description == "Updated"
    detail = client.get(problem.get_absolute_url()).content.decode()
    assert "Updated" in detail


def test_duplicate_problem_title_is_a_form_error(client, team_data):
    client.force_login(team_data["manager"])
    response = client.post(reverse("problem-create"), {"title": "Late deliveries"})
    assert response.status_code == 200
    assert b"already has a problem with this title" in response.content


def test_manager_creates_an_anti_fit_and_content(client, team_data):
    client.force_login(team_data["admin"])
    client.post(
        reverse("antifit-create"),
        {"title": "Bike couriers", "referral": "Courier co-op", "referral_url": ""},
    )
    assert AntiFit.objects.filter(team=team_data["team"], title="Bike couriers").exists()
    response = client.post(
        reverse("content-create"),
        {
            "title": "Security FAQ",
            "format": "web_page",
            "url": "https://us.example/security",
            "buying_stages": ["evaluating"],
            "stakeholder_roles": ["technical_evaluator"],
            "problems": [team_data["problem"].pk],
        },
    )
    assert response.status_code == 302
    item = ContentItem.objects.get(title="Security FAQ")
    assert item.buying_stages == ["evaluating"]
    assert list(item.problems.all()) == [team_data["problem"]]


def test_content_needs_a_link_or_file(client, team_data):
    client.force_login(team_data["manager"])
    response = client.post(reverse("content-create"), {"title": "Nothing", "format": "video"})
    assert b"Give a link or upload a file" in response.content


def test_content_library_filters(client, team_data):
    client.force_login(team_data["rob"])
    url = reverse("content-list")

    def titles(**params):
        return client.get(url, params).content.decode()

    both = titles()
    assert "Winter routing guide" in both
    assert "Fleet ROI calculator" in both
    by_stage = titles(stage="deciding")
    assert "Fleet ROI calculator" in by_stage
    assert "Winter routing guide" not in by_stage
    by_role = titles(role="champion")
    assert "Winter routing guide" in by_role
    assert "Fleet ROI calculator" not in by_role
    by_format = titles(format="roi_calculator")
    assert "Fleet ROI calculator" in by_format
    assert "Winter routing guide" not in by_format
    partial = client.get(
        url, {"q": "winter"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="content-results"
    )
    assert b"<html" not in partial.content
    assert b"Winter routing guide" in partial.content
