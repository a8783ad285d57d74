"""Fit pages and API: the journey panel, re-assess, exit, nurture, learning, scoping, filter."""

from __future__ import annotations

import pytest
from django.test import Client

from helpfirst.fit import services
from helpfirst.fit.models import FitRecord

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_journey_page_shows_verdict_with_the_buyers_words(fit_world):
    services.assess_journey(fit_world.j1)
    page = _client(fit_world.rep1).get(f"/journeys/{fit_world.j1.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-verdict="strong"' in html
    assert "One version of the numbers" in html
    assert "Every department has its own spreadsheet" in html
    assert "fit-accept-exit" not in html  # a strong fit offers no exit


def test_poor_fit_panel_offers_the_exit_with_referral_note_and_recheck(fit_world):
    services.assess_journey(fit_world.j3)
    html = _client(fit_world.rep1).get(f"/journeys/{fit_world.j3.pk}/").content.decode()
    assert 'data-verdict="poor"' in html
    assert "Step aside gracefully" in html
    assert "A freelance analyst" in html
    assert 'id="fit-exit-note"' in html
    assert "Look again around" in html
    assert 'id="fit-accept-exit"' in html


def test_reassess_button_works_with_htmx_and_needs_edit_rights(fit_world):
    url = f"/journeys/{fit_world.j1.pk}/fit/assess/"
    response = _client(fit_world.rep1).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="fit-panel"' in response.content.decode()
    assert FitRecord.objects.filter(journey=fit_world.j1).count() == 1
    assert _client(fit_world.rep2).post(url).status_code == 404  # not theirs: hidden
    assert _client(fit_world.outsider).post(url).status_code == 404
    assert _client(fit_world.rep1).get(url).status_code == 405


def test_accepting_the_exit_from_the_page_moves_the_stage(fit_world):
    services.assess_journey(fit_world.j3)
    client = _client(fit_world.rep1)
    response = client.post(f"/journeys/{fit_world.j3.pk}/fit/exit/")
    assert response.status_code == 302
    fit_world.j3.refresh_from_db()
    assert fit_world.j3.buying_stage == "not_a_fit"
    nurture = client.get("/fit/nurture/").content.decode()
    assert fit_world.j3.title in nurture
    assert fit_world.j3.title not in _client(fit_world.rep2).get("/fit/nurture/").content.decode()


def test_exit_refused_for_a_strong_fit(fit_world):
    services.assess_journey(fit_world.j1)
    _client(fit_world.rep1).post(f"/journeys/{fit_world.j1.pk}/fit/exit/")
    fit_world.j1.refresh_from_db()
    assert fit_world.j1.buying_stage == "exploring_solutions"


def test_api_get_and_post_fit_are_scoped(fit_world):
    rep1 = _client(fit_world.rep1)
    url = f"/api/journeys/{fit_world.j3.pk}/fit"
    assert rep1.get(url).json()["assessed"] is False
    posted = rep1.post(url)
    assert posted.status_code == 200, posted.content
    data = posted.json()
    assert data["verdict"] == "poor"
    assert data["exit_proposal"]["note_ok"] is True
    assert data["assessment"]["anti_fit_hits"][0]["slug"] == "one-off-dashboard"
    assert rep1.get(url).json()["score"] == data["score"]
    assert _client(fit_world.rep2).get(url).status_code == 404
    assert _client(fit_world.outsider).get(url).status_code == 404
    assert _client(fit_world.manager).get(url).status_code == 200


def test_api_with_a_bearer_token(fit_world):
    from helpfirst.team.models import ApiToken

    _, raw = ApiToken.issue(fit_world.rep1, "test")
    response = Client().post(
        f"/api/journeys/{fit_world.j1.pk}/fit", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 200
    assert response.json()["verdict"] == "strong"
    other = Client().get(f"/api/journeys/{fit_world.j2.pk}/fit", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert other.status_code == 404


def test_accounts_list_filters_by_fit_verdict(fit_world):
    services.assess_open_journeys(fit_world.team_a)
    manager = _client(fit_world.manager)
    poor = manager.get("/accounts/", {"fit": "poor"}).content.decode()
    strong = manager.get("/accounts/", {"fit": "strong"}).content.decode()
    assert "Beta SA" in poor
    assert "Alpha GmbH" not in poor
    assert "Alpha GmbH" in strong
    assert "Beta SA" in strong
    assert "Gamma Inc" not in strong + poor
    rep2 = _client(fit_world.rep2).get("/accounts/", {"fit": "poor"}).content.decode()
    assert "Beta SA" not in rep2  # the poor fit at Beta is rep1's journey, not rep2's


def test_learning_page_says_honestly_there_is_not_enough_history(fit_world):
    html = _client(fit_world.manager).get("/fit/learning/").content.decode()
    assert "Not enough history (0 outcomes, need 30)" in html


def test_learning_from_outcomes_names_what_drives_fit(fit_world):
    import datetime as dt

    from helpfirst.fit.learning import learn_fit_from_outcomes
    from helpfirst.success.models import SuccessPlan, ValueCheckpoint
    from tests.factories import AccountFactory, JourneyFactory

    for i in range(36):
        retained = i % 3 != 0
        account = AccountFactory(
            team=fit_world.team_a,
            industry="Retail" if retained else "Energy",
            employees=800 if retained else 20,
        )
        journey = JourneyFactory(
            account=account,
            owner=fit_world.rep1,
            buying_stage="realising_value" if retained else "churned",
        )
        plan = SuccessPlan.objects.create(
            team=fit_world.team_a, journey=journey, started_on=dt.date(2025, 1, 1)
        )
        if retained:
            ValueCheckpoint.objects.create(
                plan=plan, measured_on=dt.date(2025, 6, 1), realised_benefit=1000
            )
    learned = learn_fit_from_outcomes(fit_world.manager)
    assert learned.enough, learned.message
    assert (learned.retained, learned.churned) == (24, 12)
    names = [name for name, _ in learned.drivers]
    assert "company size (log employees)" in names
    html = _client(fit_world.manager).get("/fit/learning/").content.decode()
    assert "What drives a good fit" in html
    assert "industry: Retail" in html
