"""The queue's wiring: ORM rows in, ranked and explained items out."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from helpfirst.fit.models import FitRecord
from helpfirst.queue import queries, services
from tests.queue.conftest import buying_signals


def _titles(entries):
    return [e.journey.title for e in entries]


def _item(entries, journey):
    return next(e.item for e in entries if e.journey.pk == journey.pk)


def test_higher_readiness_ranks_higher(book):
    entries = queries.build_help_queue(book.rob)
    titles = _titles(entries)
    assert titles.index("Hot pricing") < titles.index("Quiet reader")
    assert _item(entries, book.hot).readiness.score > _item(entries, book.quiet).readiness.score


def test_higher_fit_ranks_higher(book):
    # The same buying signals on both journeys: only fit tells them apart.
    buying_signals(book.quiet, list(book.quiet.stakeholders.all()))
    for journey, score, verdict in ((book.quiet, 95, "strong"), (book.hot, 10, "poor")):
        FitRecord.objects.create(
            team=book.team,
            journey=journey,
            score=score,
            verdict=verdict,
            payload={},
            inputs_fingerprint=f"test-{journey.pk}",
        )
    entries = queries.build_help_queue(book.rob)
    hot, quiet = _item(entries, book.hot), _item(entries, book.quiet)
    assert quiet.factors["fit"] > hot.factors["fit"]
    assert (str(quiet.fit_band), str(hot.fit_band)) == ("strong", "weak")
    assert quiet.rank < hot.rank


def test_fit_is_unknown_until_the_fit_app_reports(book):
    item = _item(queries.build_help_queue(book.rob), book.hot)
    assert str(item.fit_band) == "unknown"


def test_no_consent_backs_off_and_says_so(book):
    entries = queries.build_help_queue(book.rob)
    item = _item(entries, book.no_consent)
    assert item.back_off
    assert "no consent" in item.back_off_reason
    assert "no consent" in item.explanation
    # Backed-off items come after every item that may be touched.
    first_back_off = next(i for i, e in enumerate(entries) if e.item.back_off)
    assert all(e.item.back_off for e in entries[first_back_off:])


def test_recent_touch_ranks_lower_than_the_same_signals_untouched(book):
    entries = queries.build_help_queue(book.rob)
    hot, touched = _item(entries, book.hot), _item(entries, book.touched)
    assert touched.priority < hot.priority
    assert touched.rank > hot.rank
    assert touched.factors["fatigue_penalty"] > 0


def test_a_touch_just_logged_backs_the_journey_off(book):
    services.log_touch(
        book.hot, by=book.rob, touch="email_sent", note="Sent the ROI sheet", intent="gave"
    )
    item = _item(queries.build_help_queue(book.rob), book.hot)
    assert item.back_off
    assert "last touch" in item.back_off_reason


def test_snoozed_journey_leaves_the_queue_until_the_date(book):
    now = timezone.now()
    services.snooze(book.hot, by=book.rob, until=now + timedelta(days=1), now=now)
    assert "Hot pricing" not in _titles(queries.build_help_queue(book.rob, now))
    later = now + timedelta(days=1, minutes=1)
    assert "Hot pricing" in _titles(queries.build_help_queue(book.rob, later))


def test_due_recheck_is_included_and_marked(book):
    item = _item(queries.build_help_queue(book.rob), book.recheck)
    assert item.is_recheck


def test_closed_journey_without_recheck_is_left_out(book):
    services.mark_not_a_fit(book.quiet, by=book.rob, reason="They need an ERP, not us")
    assert "Quiet reader" not in _titles(queries.build_help_queue(book.rob))


def test_rep_queue_holds_only_their_journeys_manager_sees_all(book):
    assert "Rita secret expansion" not in _titles(queries.build_help_queue(book.rob))
    team = _titles(queries.build_help_queue(book.maya))
    assert {"Rita secret expansion", "Hot pricing"} <= set(team)
    only_rita = _titles(queries.build_help_queue(book.maya, owner_id=book.rita.pk))
    assert only_rita == ["Rita secret expansion"]
    # A rep asking for a colleague's queue still gets nothing of theirs.
    assert queries.build_help_queue(book.rob, owner_id=book.rita.pk) == []


def test_building_the_queue_never_moves_a_journey(book):
    stages = {j.pk: j.buying_stage for j in (book.hot, book.quiet, book.touched)}
    queries.build_help_queue(book.maya)
    for journey in (book.hot, book.quiet, book.touched):
        journey.refresh_from_db()
        assert journey.buying_stage == stages[journey.pk]
