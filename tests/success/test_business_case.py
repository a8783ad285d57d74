"""Business case: storage, the finance wiring, the builder page, the document, PDF and API."""

from __future__ import annotations

import pytest
from django.test import Client

from helpfirst.core.errors import DataValidationError
from helpfirst.success.models import BusinessCase
from helpfirst.success.pdf import find_chromium
from helpfirst.success.services import save_business_case
from helpfirst.team.models import ApiToken
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db

# Hand-computed: benefit 30 % of 100 000 = 30 000 a year; costs 20 000 up front + 10 000 a year.
# Over 36 months: benefit 90 000, cost 50 000, ROI = 40 000 / 50 000 = 0.8.
# Monthly net 2 500 - 833.33 = 1 666.67 recovers the 20 000 in exactly 12 months.
# NPV at 8 % per year, yearly periods: -20 000 + 20 000 (1/1.08 + 1/1.08^2 + 1/1.08^3)
#   = -20 000 + 20 000 x 2.577097 = 31 541.94.
CASE = {
    "title": "Fewer late trucks",
    "baseline": [{"name": "Late deliveries", "annual_cost": 100_000}],
    "improvements": [{"line": "Late deliveries", "kind": "percent_reduction",
                      "low": 20, "expected": 30, "high": 40}],
    "costs": [{"name": "Licences", "one_off": 20_000, "recurring_per_year": 10_000}],
    "horizon_months": 36, "discount_rate": 0.08, "period": "year",
    "strategies": ["Grow in the Nordics"],
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> dict:
    _, raw = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_saving_validates_and_normalises(world):
    stored = save_business_case(world.j1, CASE, by=world.rep1)
    assert stored.inputs["ramp_up_months"] == 0  # defaults filled in
    assert stored.as_inputs().baseline[0].annual_cost == 100_000
    bad = {**CASE, "improvements": [{**CASE["improvements"][0], "high": 140}]}
    with pytest.raises(DataValidationError) as error:
        save_business_case(world.j1, bad, by=world.rep1)
    assert error.value.location.field == "improvements[0].high"
    assert BusinessCase.objects.get(journey=world.j1).inputs["improvements"][0]["high"] == 40


def test_api_returns_the_hand_computed_figures(world):
    client = Client()
    put = client.put(f"/api/journeys/{world.j1.pk}/business-case", {"inputs": CASE},
                     content_type="application/json", **_api(world.rep1))
    assert put.status_code == 200, put.content
    body = client.get(f"/api/journeys/{world.j1.pk}/business-case", **_api(world.rep1)).json()
    expected = body["figures"]["expected"]
    assert expected["total_benefit"] == pytest.approx(90_000)
    assert expected["total_cost"] == pytest.approx(50_000)
    assert expected["roi"] == pytest.approx(0.8)
    assert expected["payback_months"] == pytest.approx(12.0)
    assert expected["npv"] == pytest.approx(31_541.94, abs=0.01)
    assert body["figures"]["low"]["npv"] < expected["npv"] < body["figures"]["high"]["npv"]
    assert body["tornado"]["bars"]
    assert body["sensitivity_grid"]["npv"]


def test_api_is_scoped_and_reports_the_bad_field(world):
    save_business_case(world.j1, CASE, by=world.rep1)
    client = Client()
    for user in (world.rep2, world.outsider):
        assert client.get(f"/api/journeys/{world.j1.pk}/business-case",
                          **_api(user)).status_code == 404
        assert client.put(f"/api/journeys/{world.j1.pk}/business-case", {"inputs": CASE},
                          content_type="application/json", **_api(user)).status_code == 404
    bad = client.put(f"/api/journeys/{world.j1.pk}/business-case",
                     {"inputs": {**CASE, "discount_rate": 8}},
                     content_type="application/json", **_api(world.rep1))
    assert bad.status_code == 400
    assert bad.json()["field"] == "discount_rate"
    assert client.get(f"/api/journeys/{world.j2.pk}/business-case",
                      **_api(world.rep2)).status_code == 404  # none built yet


def _form_data(**overrides) -> dict:
    data = {
        "case-title": "Fewer late trucks", "case-currency": "EUR", "case-horizon_months": "36",
        "case-discount_rate_percent": "8", "case-period": "year", "case-ramp_up_months": "0",
        "case-strategies": "Grow in the Nordics\nCut waste",
    }
    for prefix, rows in (
        ("baseline", [{"name": "Late deliveries", "annual_cost": "100000", "note": ""}]),
        ("improvements", [{"line": "Late deliveries", "kind": "percent_reduction", "low": "20",
                           "expected": "30", "high": "40"}]),
        ("costs", [{"name": "Licences", "one_off": "20000", "recurring_per_year": "10000",
                    "start_month": "0"}]),
    ):
        data.update({f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "0"})
        for key, value in rows[0].items():
            data[f"{prefix}-0-{key}"] = value
        data[f"{prefix}-1-kind"] = "percent_reduction"  # a blank row still sends the select
    data.update(overrides)
    return data


def test_builder_page_saves_and_shows_the_figures(world):
    client = _client(world.rep1)
    assert client.get(f"/journeys/{world.j1.pk}/business-case/").status_code == 200
    response = client.post(f"/journeys/{world.j1.pk}/business-case/", _form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = BusinessCase.objects.get(journey=world.j1).as_inputs()
    assert stored.strategies == ("Grow in the Nordics", "Cut waste")
    assert stored.discount_rate == pytest.approx(0.08)
    page = client.get(f"/journeys/{world.j1.pk}/business-case/").content.decode()
    assert "31,542 EUR" in page  # the expected NPV, hand-computed above
    assert "12.0 months" in page
    assert 'class="chart tornado"' in page
    assert 'class="chart cumulative"' in page


def test_builder_puts_the_core_error_on_the_right_cell(world):
    response = _client(world.rep1).post(f"/journeys/{world.j1.pk}/business-case/",
                                        _form_data(**{"improvements-0-high": "140"}))
    assert response.status_code == 400
    assert "cannot exceed 100" in response.content.decode()
    assert not BusinessCase.objects.filter(journey=world.j1).exists()


def test_pages_are_scoped_to_the_journeys_a_user_may_read(world):
    save_business_case(world.j1, CASE, by=world.rep1)
    rep2 = _client(world.rep2)
    for url in ("", "document/", "document.pdf"):
        assert rep2.get(f"/journeys/{world.j1.pk}/business-case/{url}").status_code == 404
    assert rep2.post(f"/journeys/{world.j1.pk}/business-case/", _form_data()).status_code == 404
    assert _client(world.manager).get(
        f"/journeys/{world.j1.pk}/business-case/document/").status_code == 200


def test_document_ties_the_case_to_their_strategies(world):
    save_business_case(world.j1, CASE, by=world.rep1)
    page = _client(world.rep1).get(f"/journeys/{world.j1.pk}/business-case/document/")
    html = page.content.decode()
    assert "Why it matters to Alpha GmbH" in html
    assert "Grow in the Nordics" in html
    assert "<script" not in html


def test_pdf_export_prints_offline(world):
    if find_chromium() is None:
        skip_or_fail("Chromium is not installed")
    save_business_case(world.j1, CASE, by=world.rep1)
    response = _client(world.rep1).get(f"/journeys/{world.j1.pk}/business-case/document.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
