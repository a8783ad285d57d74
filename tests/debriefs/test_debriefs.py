"""Debriefs: the service, reminders, lessons, the quick form, the API and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from helpfirst.core.errors import DataValidationError
from helpfirst.debriefs import queries
from helpfirst.debriefs.models import Debrief
from helpfirst.debriefs.services import normalise_reason_codes, record_debrief
from helpfirst.journeys.services import change_buying_stage
from helpfirst.playbook.models import Problem
from helpfirst.team.models import ApiToken
from tests.factories import InteractionFactory

pytestmark = pytest.mark.django_db

SECRET = "Rep one's confidential lesson about Alpha"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> dict:
    _, raw = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def lost_j1(world):
    change_buying_stage(
        world.j1, "chose_alternative", changed_by=world.rep1, reason="Went with a cheaper tool"
    )
    return world.j1


def test_outcome_defaults_from_stage_and_codes_are_normalised(world, lost_j1):
    debrief = record_debrief(
        lost_j1,
        author=world.rep1,
        what_happened="They picked a rival.",
        reason_codes="Price, price ; No champion",
    )
    assert debrief.outcome == "chose_alternative"
    assert debrief.reason_codes == ["price", "no_champion"]
    assert debrief.team_id == world.team_a.pk


def test_problem_is_guessed_from_the_stated_needs(world):
    problem = Problem.objects.create(
        team=world.team_a,
        slug="forecasts",
        title="Forecasts nobody trusts",
        example_phrasings=["our forecasts are always wrong"],
    )
    debrief = record_debrief(world.j1, author=world.rep1, kind="after_call", why="Finance doubts")
    assert debrief.problem == problem  # j1's needs: "Our forecasts are always wrong and ..."


def test_a_debrief_needs_words_and_an_open_journey_needs_an_outcome(world):
    with pytest.raises(DataValidationError) as words:
        record_debrief(world.j1, author=world.rep1, kind="after_call")
    assert words.value.location.field == "what_happened"
    with pytest.raises(DataValidationError) as outcome:
        record_debrief(world.j1, author=world.rep1, kind="outcome", why="x")
    assert outcome.value.location.field == "outcome"


def test_a_call_of_another_journey_is_refused(world):
    with pytest.raises(DataValidationError):
        record_debrief(
            world.j1, author=world.rep1, kind="after_call", why="x", interaction=world.i3
        )


@given(st.lists(st.text(max_size=15), max_size=6))
def test_normalising_reason_codes_is_idempotent(codes):
    once = normalise_reason_codes(codes)
    assert normalise_reason_codes(once) == once
    assert all(code == code.lower() and " " not in code for code in once)


def test_missing_debriefs_are_scoped_and_cleared(world, lost_j1):
    call = InteractionFactory(
        account=world.a1,
        journey=world.j1,
        kind="call",
        page_type="",
        occurred_at=timezone.now() - timedelta(days=2),
    )
    rep1_rows = queries.missing_debriefs(world.rep1)
    assert {(r.reason, r.journey.pk) for r in rep1_rows} >= {
        ("outcome", world.j1.pk),
        ("call", world.j1.pk),
    }
    assert not any(r.journey.pk == world.j1.pk for r in queries.missing_debriefs(world.rep2))
    assert any(r.journey.pk == world.j1.pk for r in queries.missing_debriefs(world.manager))
    record_debrief(lost_j1, author=world.rep1, why="Price")
    record_debrief(lost_j1, author=world.rep1, kind="after_call", why="Good call", interaction=call)
    assert not any(r.journey.pk == world.j1.pk for r in queries.missing_debriefs(world.rep1))


def test_quick_form_saves_a_debrief(world, lost_j1):
    client = _client(world.rep1)
    page = client.get(f"/journeys/{lost_j1.pk}/debriefs/new/")
    assert page.status_code == 200
    assert 'value="chose_alternative" selected' in page.content.decode()
    response = client.post(
        f"/journeys/{lost_j1.pk}/debriefs/new/?kind=outcome",
        {
            "kind": "outcome",
            "outcome": "chose_alternative",
            "what_happened": "Rival won",
            "why": "Cheaper",
            "reason_codes": "price",
        },
    )
    assert response.status_code == 302
    assert Debrief.objects.get(journey=lost_j1).reason_codes == ["price"]


def test_a_rep_cannot_read_or_write_another_reps_debriefs(world, lost_j1):
    record_debrief(lost_j1, author=world.rep1, why=SECRET)
    rep2 = _client(world.rep2)
    assert rep2.get(f"/journeys/{lost_j1.pk}/debriefs/").status_code == 404
    assert (
        rep2.post(
            f"/journeys/{lost_j1.pk}/debriefs/new/", {"kind": "after_call", "why": "x"}
        ).status_code
        == 404
    )
    assert SECRET not in rep2.get("/debriefs/").content.decode()
    assert SECRET not in rep2.get("/debriefs/lessons/").content.decode()
    export = b"".join(rep2.get("/debriefs/export.csv").streaming_content).decode()
    assert SECRET not in export
    api = Client()
    assert api.get(f"/api/journeys/{lost_j1.pk}/debriefs", **_api(world.rep2)).status_code == 404
    assert (
        api.get(f"/api/journeys/{lost_j1.pk}/debriefs", **_api(world.outsider)).status_code == 404
    )
    manager_export = b"".join(
        _client(world.manager).get("/debriefs/export.csv").streaming_content
    ).decode()
    assert SECRET in manager_export


def test_csv_export_has_every_field_and_defuses_formulas(world, lost_j1):
    record_debrief(
        lost_j1,
        author=world.rep1,
        what_happened='=HYPERLINK("x")',
        why="Price",
        reason_codes=["price", "timing"],
    )
    response = _client(world.rep1).get("/debriefs/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == list(queries.EXPORT_COLUMNS)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["what_happened"].startswith("'=")
    assert row["reason_codes"] == "price;timing"
    assert row["outcome"] == "chose_alternative"
    assert row["account"] == "Alpha GmbH"


def test_api_lists_and_creates_debriefs(world, lost_j1):
    headers = _api(world.rep1)
    client = Client()
    created = client.post(
        f"/api/journeys/{lost_j1.pk}/debriefs",
        {"what_happened": "They chose a rival", "reason_codes": ["Price"]},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    assert created.json()["outcome"] == "chose_alternative"
    listed = client.get(f"/api/journeys/{lost_j1.pk}/debriefs", **headers).json()
    assert [d["reason_codes"] for d in listed] == [["price"]]
    refused = client.post(
        f"/api/journeys/{lost_j1.pk}/debriefs",
        {"why": "x"},
        content_type="application/json",
        **_api(world.rep2),
    )
    assert refused.status_code == 404
    empty = client.post(
        f"/api/journeys/{lost_j1.pk}/debriefs", {}, content_type="application/json", **headers
    )
    assert empty.status_code == 400
    assert empty.json()["field"] == "what_happened"


def test_lessons_show_themes_reasons_and_no_fake_call_metrics(world):
    texts = [
        ("won", "Finance trusted the worked example on their own data.", ["business_case"]),
        ("won", "The worked example on their data convinced finance.", ["business_case"]),
        (
            "chose_alternative",
            "Lost on price; the cheaper tool covered their single use case.",
            ["price"],
        ),
        ("chose_alternative", "A cheaper tool won on price for one use case.", ["price"]),
        (
            "not_a_fit",
            "Payroll problem, out of scope; referred them to a specialist.",
            ["out_of_scope"],
        ),
    ]
    for outcome, text, codes in texts:
        record_debrief(
            world.j1, author=world.rep1, outcome=outcome, what_happened=text, reason_codes=codes
        )
    page = _client(world.manager).get("/debriefs/lessons/").content.decode()
    assert 'id="themes"' in page
    assert "debriefs</div>" in page
    assert "worked example" in page or "cheaper tool" in page
    assert "No analysed calls yet" in page
    lessons = queries.lessons(world.manager)
    assert lessons.themes
    segment = lessons.breakdowns["segment"][0]
    assert segment.key == "Manufacturing"
    assert segment.outcomes == {"win": 2, "loss": 2, "no_fit": 1}
    assert segment.win_rate == 0.5
    assert dict(lessons.top_reasons["loss"]) == {"price": 2}


@pytest.mark.django_db
def test_lessons_show_call_metrics_of_won_and_lost_journeys(world):
    from helpfirst.calls.models import Call
    from helpfirst.debriefs.call_metrics import call_metrics_by_outcome

    world.j1.buying_stage = "implementing"
    world.j1.save()
    world.j3.buying_stage = "no_decision"
    world.j3.save()
    common = {
        "team": world.j1.team,
        "owner": world.rep1,
        "transcript_text": "x",
        "input_format": "plain",
    }
    Call.objects.create(
        journey=world.j1, account=world.a1, talk_ratio=0.4, helping_score=80, **common
    )
    Call.objects.create(
        journey=world.j1, account=world.a1, talk_ratio=0.5, helping_score=70, **common
    )
    Call.objects.create(
        journey=world.j3, account=world.a2, talk_ratio=0.8, helping_score=30, **common
    )
    Call.objects.create(
        journey=world.j2,
        account=world.a2,
        talk_ratio=0.9,
        helping_score=10,
        **{**common, "owner": world.rep2},
    )
    metrics = call_metrics_by_outcome(world.manager)
    assert (metrics.won_calls, metrics.lost_calls) == (2, 1)
    rows = {row.label: row for row in metrics.rows}
    assert rows["Helping score"].won == pytest.approx(75)
    assert rows["Helping score"].lost == pytest.approx(30)
    assert rows["Our talk ratio"].lost == pytest.approx(0.8)
    assert call_metrics_by_outcome(world.rep2).analysed_calls == 0  # j2 is open, j1/j3 not theirs
