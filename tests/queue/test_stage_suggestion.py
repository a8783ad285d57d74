"""The rep confirms or overrides a suggested stage; nothing moves on its own."""

from __future__ import annotations

from django.urls import reverse

from helpfirst.journeys.models import StageChange
from helpfirst.queue import queries
from helpfirst.queue.models import StageSuggestionDecision


def _answer(client, journey, **data):
    return client.post(reverse("stage-suggestion-answer", args=[journey.pk]), data)


def test_panel_shows_the_suggestion_with_its_evidence(client, book):
    suggestion = queries.journey_outlook(book.hot).suggestion
    assert suggestion.differs_from_current
    assert suggestion.stage == "deciding"
    client.force_login(book.rob)
    page = client.get(book.hot.get_absolute_url()).content.decode()
    assert "What their activity says" in page
    assert "Accept suggestion" in page
    assert "Keep current stage" in page
    assert suggestion.evidence[0] in page
    book.hot.refresh_from_db()
    assert book.hot.buying_stage == "evaluating"  # showing it moved nothing


def test_accept_moves_the_stage_and_records_who_and_why(client, book):
    client.force_login(book.rob)
    suggestion = queries.journey_outlook(book.hot).suggestion
    _answer(client, book.hot, action="accept", suggested_stage="deciding")
    book.hot.refresh_from_db()
    assert book.hot.buying_stage == "deciding"
    decision = StageSuggestionDecision.objects.get(journey=book.hot)
    assert (decision.decision, decision.chosen_stage, decision.by) == (
        "accepted",
        "deciding",
        book.rob,
    )
    assert decision.evidence == list(suggestion.evidence)
    change = StageChange.objects.get(journey=book.hot, to_stage="deciding")
    assert change.changed_by == book.rob
    assert suggestion.evidence[0] in change.reason


def test_keep_current_stage_records_and_silences_the_suggestion(client, book):
    client.force_login(book.rob)
    _answer(client, book.hot, action="keep", suggested_stage="deciding", note="Still comparing")
    book.hot.refresh_from_db()
    assert book.hot.buying_stage == "evaluating"
    decision = StageSuggestionDecision.objects.get(journey=book.hot)
    assert (decision.decision, decision.note) == ("dismissed", "Still comparing")
    assert not StageChange.objects.filter(journey=book.hot).exists()
    page = client.get(book.hot.get_absolute_url()).content.decode()
    assert "Accept suggestion" not in page
    assert "kept current stage" in page


def test_override_moves_to_the_reps_choice(client, book):
    client.force_login(book.rob)
    _answer(
        client,
        book.hot,
        action="override",
        suggested_stage="deciding",
        chosen_stage="exploring_solutions",
        note="They reopened the options",
    )
    book.hot.refresh_from_db()
    assert book.hot.buying_stage == "exploring_solutions"
    decision = StageSuggestionDecision.objects.get(journey=book.hot)
    assert (decision.decision, decision.suggested_stage) == ("overridden", "deciding")
    assert "They reopened the options" in StageChange.objects.get(journey=book.hot).reason


def test_a_stale_suggestion_changes_nothing(client, book):
    client.force_login(book.rob)
    _answer(client, book.hot, action="accept", suggested_stage="exploring_problem")
    book.hot.refresh_from_db()
    assert book.hot.buying_stage == "evaluating"
    assert not StageSuggestionDecision.objects.exists()


def test_a_colleague_cannot_answer_for_the_owner(client, book):
    client.force_login(book.rita)
    assert _answer(client, book.hot, action="accept", suggested_stage="deciding").status_code == 404
    assert not StageSuggestionDecision.objects.exists()
