"""Stage changes from the journey page: reasons, exits, history and HTMX partials."""

from __future__ import annotations

from django.urls import reverse

from helpfirst.journeys.models import StageChange


def test_stage_change_records_who_when_why(client, team_data):
    journey = team_data["rob_journey"]
    client.force_login(team_data["rob"])
    response = client.post(
        reverse("journey-stage-change", args=[journey.pk]),
        {"to_stage": "evaluating", "reason": "They asked for a trial"},
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.buying_stage == "evaluating"
    change = StageChange.objects.filter(journey=journey).first()
    assert (change.from_stage, change.to_stage) == ("exploring_problem", "evaluating")
    assert change.changed_by == team_data["rob"]
    assert change.reason == "They asked for a trial"
    page = client.get(reverse("journey-detail", args=[journey.pk])).content.decode()
    assert "They asked for a trial" in page


def test_htmx_stage_change_returns_the_refreshed_panel(client, team_data):
    journey = team_data["rob_journey"]
    client.force_login(team_data["rob"])
    response = client.post(
        reverse("journey-stage-change", args=[journey.pk]),
        {"to_stage": "deciding", "reason": "Budget approved"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="stage-panel",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="stage-panel"' in body
    assert "<html" not in body
    assert "Budget approved" in body
    assert "stage-deciding" in body


def test_exit_without_reason_is_refused_with_a_message(client, team_data):
    journey = team_data["rob_journey"]
    client.force_login(team_data["rob"])
    response = client.post(
        reverse("journey-stage-change", args=[journey.pk]), {"to_stage": "not_a_fit"}
    )
    assert response.status_code == 400
    assert b"an exit needs a reason" in response.content
    journey.refresh_from_db()
    assert journey.buying_stage == "exploring_problem"


def test_not_a_fit_keeps_referral_and_recheck_date(client, team_data):
    journey = team_data["rob_journey"]
    client.force_login(team_data["rob"])
    client.post(
        reverse("journey-stage-change", args=[journey.pk]),
        {
            "to_stage": "not_a_fit",
            "reason": "Only two vans",
            "referred_to": "A spreadsheet template",
            "recheck_on": "2031-03-01",
        },
    )
    journey.refresh_from_db()
    assert journey.buying_stage == "not_a_fit"
    assert journey.referred_to == "A spreadsheet template"
    assert str(journey.recheck_on) == "2031-03-01"
    page = client.get(reverse("journey-detail", args=[journey.pk])).content.decode()
    assert "Referred to A spreadsheet template" in page


def test_unknown_or_same_stage_is_a_form_error(client, team_data):
    journey = team_data["rob_journey"]
    client.force_login(team_data["rob"])
    url = reverse("journey-stage-change", args=[journey.pk])
    assert client.post(url, {"to_stage": "won", "reason": "x"}).status_code == 400
    assert client.post(url, {"to_stage": "exploring_problem"}).status_code == 400
    assert journey.stage_history.count() == 1


def test_manager_can_move_a_reps_journey(client, team_data):
    journey = team_data["rita_journey"]
    client.force_login(team_data["manager"])
    client.post(
        reverse("journey-stage-change", args=[journey.pk]),
        {"to_stage": "paused", "reason": "Their budget froze until Q3"},
    )
    journey.refresh_from_db()
    assert journey.buying_stage == "paused"


def test_edit_stated_needs_inline(client, team_data):
    journey = team_data["rob_journey"]
    client.force_login(team_data["rob"])
    url = reverse("journey-needs-edit", args=[journey.pk])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert b'id="needs-card"' in form.content
    assert b"<html" not in form.content
    response = client.post(
        url,
        {
            "stated_needs": "Cut late deliveries by half",
            "currency": "EUR",
            "buyer_timeline": "2031-01-15",
            "expected_value": "48000",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"Cut late deliveries by half" in response.content
    journey.refresh_from_db()
    assert journey.stated_needs == "Cut late deliveries by half"


def test_timeline_load_more_returns_items_only(client, team_data, factories):
    journey = team_data["rob_journey"]
    for i in range(30):
        factories.interaction(
            journey.account, "email_opened", journey=journey, subject=f"touch {i}", days_ago=2 + i
        )
    client.force_login(team_data["rob"])
    page = client.get(reverse("journey-detail", args=[journey.pk])).content.decode()
    assert "Show older touches" in page
    more = client.get(
        reverse("journey-timeline", args=[journey.pk]) + "?page=2", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in more
    assert "touch 29" in more
