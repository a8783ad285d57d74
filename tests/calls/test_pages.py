"""Call pages: upload with consent, the call page, scoping, coaching numbers, practice."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from helpfirst.calls.models import Call
from tests.calls.conftest import HELPFUL_CALL


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload_form(team, **changes):
    data = {
        "transcript_paste": HELPFUL_CALL,
        "input_format": "",
        "contacts": [team.ann.pk],
        "seller_names": "Rita Rep",
        "occurred_at": "2026-06-02T10:00",
        "redact_cards": "on",
        "left_channel": "seller",
    }
    data.update(changes)
    return data


def test_rep_uploads_a_pasted_transcript_and_sees_the_call_page(call_team):
    client = client_for(call_team.rita)
    url = reverse("call-upload", args=[call_team.rita_journey.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Rita Rep" in page.content.decode()  # seller names default to the owner
    response = client.post(url, upload_form(call_team))
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == call.get_absolute_url()
    html = client.get(call.get_absolute_url()).content.decode()
    assert 'id="helping-score">84<' in html
    assert 'id="talk-ratio">35%<' in html
    assert html.count('class="q q-open"') == 2
    assert html.count('class="q q-closed"') == 1
    assert 'mark-tag next-step">Agreed next step<' in html  # overlaps the question it was
    assert "speaking-bar" in html
    assert html.count('class="utterance-bar"') == 6
    assert html.count('<li id="u-') == 6


def test_upload_refuses_a_contact_without_consent_and_names_them(call_team):
    client = client_for(call_team.rita)
    url = reverse("call-upload", args=[call_team.rita_journey.pk])
    response = client.post(
        url, upload_form(call_team, contacts=[call_team.ann.pk, call_team.bo.pk])
    )
    assert response.status_code == 200
    assert "Bo Dispatcher has not agreed to recording" in response.content.decode()
    assert not Call.objects.exists()


def test_upload_explains_unknown_sides(call_team):
    client = client_for(call_team.rita)
    url = reverse("call-upload", args=[call_team.rita_journey.pk])
    response = client.post(url, upload_form(call_team, seller_names="Nobody"))
    assert "speakers found: Rita Rep, Ann Buyer" in response.content.decode()
    assert not Call.objects.exists()


def test_upload_says_how_to_enable_audio_when_it_is_missing(call_team, monkeypatch):
    monkeypatch.setattr("helpfirst.calls.services.audio_supported", lambda: False)
    page = client_for(call_team.rita).get(reverse("call-upload", args=[call_team.rita_journey.pk]))
    html = page.content.decode()
    assert 'id="audio-hint"' in html
    assert "uv sync --extra audio" in html
    assert 'name="audio_file"' not in html


def test_a_rep_cannot_upload_on_a_colleagues_journey(call_team):
    response = client_for(call_team.rob).get(
        reverse("call-upload", args=[call_team.rita_journey.pk])
    )
    assert response.status_code == 404


def test_a_rep_sees_only_their_own_calls(stored_calls, call_team):
    rob = client_for(call_team.rob)
    assert rob.get(stored_calls.helpful.get_absolute_url()).status_code == 404
    assert rob.get(stored_calls.pushy.get_absolute_url()).status_code == 200
    listing = rob.get(reverse("call-list")).content.decode()
    assert "Courier dispatch" in listing
    assert "Route planning" not in listing
    stranger = client_for(call_team.stan)
    assert stranger.get(stored_calls.pushy.get_absolute_url()).status_code == 404


def test_the_manager_sees_the_team_and_the_list_is_not_n_plus_one(
    stored_calls, call_team, django_assert_max_num_queries
):
    client = client_for(call_team.maya)
    with django_assert_max_num_queries(8):
        listing = client.get(reverse("call-list")).content.decode()
    assert "Courier dispatch" in listing
    assert "Route planning" in listing


def test_coaching_view_shows_real_numbers_and_links_to_the_calls(stored_calls, call_team):
    client = client_for(call_team.maya)
    html = client.get(reverse("call-coaching"), {"period": "all"}).content.decode()
    # team averages over the two stored calls
    helpful, pushy = stored_calls.helpful, stored_calls.pushy
    talk = round((helpful.talk_ratio + pushy.talk_ratio) / 2 * 100)
    score = round((helpful.helping_score + pushy.helping_score) / 2)
    assert re.search(rf'id="metric-talk_ratio".*?metric-now[^>]*>{talk}%<', html, re.S)
    assert re.search(rf'id="metric-helping_score".*?metric-now[^>]*>{score}<', html, re.S)
    assert "Gong Labs published norms" in html
    assert html.count('class="chart trend"') == 6
    # one point per week, each a link to the calls behind it
    assert "/calls/?week=2026-06-01" in html
    assert "/calls/?week=2026-06-08" in html
    assert "Rita Rep" in html
    assert "Rob Rep" in html
    week = client.get(reverse("call-list"), {"week": "2026-06-01"}).content.decode()
    assert "Route planning" in week
    assert "Courier dispatch" not in week


def test_a_rep_sees_only_their_own_coaching(stored_calls, call_team):
    html = (
        client_for(call_team.rob)
        .get(reverse("call-coaching"), {"period": "all", "rep": call_team.rita.pk})
        .content.decode()
    )
    assert f"owner={call_team.rob.pk}" in html
    assert f"owner={call_team.rita.pk}" not in html
    assert 'id="rep-table"' not in html
    assert re.search(
        r'id="metric-helping_score".*?metric-now[^>]*>'
        + str(stored_calls.pushy.helping_score)
        + "<",
        html,
        re.S,
    )


def test_practice_scores_a_pushy_reply_lower_than_a_helpful_one(call_team):
    client = client_for(call_team.rob)
    assert client.get(reverse("call-practice")).status_code == 200

    def score(reply: str) -> int:
        html = client.post(
            reverse("call-practice"), {"scenario": "price-first", "reply": reply}
        ).content.decode()
        return int(re.search(r'id="practice-score">(\d+)<', html).group(1))

    helpful = score(
        "Happy to share pricing. What are you hoping to fix, and how do you handle it today?"
    )
    pushy = score("Our price is only valid until Friday, so you need to sign this week.")
    assert helpful > pushy


def test_practice_needs_a_buyer_message_without_a_scenario(call_team):
    html = (
        client_for(call_team.rob)
        .post(reverse("call-practice"), {"scenario": "", "buyer_message": "", "reply": "Hello"})
        .content.decode()
    )
    assert "Write the buyer" in html
    assert 'id="practice-feedback"' not in html


@pytest.mark.parametrize("name", ["call-list", "call-start", "call-coaching", "call-practice"])
def test_pages_need_a_login(name, db):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
