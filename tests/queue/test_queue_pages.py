"""The home page is the help queue: explained items, one-click actions, scoped by role."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import StageChange
from helpfirst.queue.models import Snooze
from tests.queue.conftest import add_touch

HTMX = {"HTTP_HX_REQUEST": "true"}


def _home(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("home"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_rep_sees_their_queue_explained_and_back_offs_marked(client, book):
    page = _home(client, book.rob)
    assert "Hot pricing" in page
    assert "Pricing page 3× this week" in page  # the one-line explanation
    assert "Next:" in page
    assert "no consent to contact" in page  # the back-off reason, said plainly
    assert "Re-check" in page
    assert "Rita secret expansion" not in page


def test_manager_sees_every_rep_and_can_filter_by_rep(client, book):
    page = _home(client, book.maya)
    assert "Rita secret expansion" in page
    assert "Hot pricing" in page
    assert "Effort by fit band" in page
    assert "Fit unknown" in page
    only_rita = _home(client, book.maya, owner=book.rita.pk)
    assert "Rita secret expansion" in only_rita
    assert "Hot pricing" not in only_rita


def test_snooze_removes_the_item(client, book):
    client.force_login(book.rob)
    url = reverse("queue-snooze", args=[book.hot.pk])
    response = client.post(url, {"period": "1w", "reason": "On holiday"}, **HTMX)
    assert response.status_code == 200
    assert "Snoozed until" in response.content.decode()
    assert Snooze.objects.get(journey=book.hot).reason == "On holiday"
    assert "Hot pricing" not in _home(client, book.rob)


def test_snooze_until_date_needs_a_future_date(client, book):
    client.force_login(book.rob)
    url = reverse("queue-snooze", args=[book.hot.pk])
    response = client.post(url, {"period": "date", "until_date": "2001-01-01"}, **HTMX)
    assert "after today" in response.content.decode()
    assert not Snooze.objects.exists()


def test_log_touch_records_an_interaction_of_ours(client, book):
    client.force_login(book.rob)
    url = reverse("queue-touch", args=[book.quiet.pk])
    response = client.post(
        url, {"touch": "email_sent", "intent": "gave", "note": "Sent a guide"}, **HTMX
    )
    assert "Logged" in response.content.decode()
    touch = Interaction.objects.get(journey=book.quiet, source="helpfirst")
    assert (touch.kind, touch.properties["touch_intent"]) == ("email_sent", "gave")
    assert touch.subject == "Sent a guide"


def test_not_a_fit_asks_for_a_reason(client, book):
    client.force_login(book.rob)
    url = reverse("queue-not-a-fit", args=[book.quiet.pk])
    response = client.post(url, {"reason": ""}, **HTMX)
    assert "queue-error" in response.content.decode()
    book.quiet.refresh_from_db()
    assert book.quiet.buying_stage == "evaluating"
    client.post(url, {"reason": "They need an ERP", "referred_to": "Odoo partner"}, **HTMX)
    book.quiet.refresh_from_db()
    assert book.quiet.buying_stage == "not_a_fit"
    assert StageChange.objects.filter(journey=book.quiet, reason="They need an ERP").exists()


def test_actions_on_a_colleagues_journey_are_refused(client, book):
    client.force_login(book.rob)
    for name, data in (
        ("queue-snooze", {"period": "1d"}),
        ("queue-touch", {"touch": "note"}),
        ("queue-not-a-fit", {"reason": "x"}),
    ):
        assert client.post(reverse(name, args=[book.secret.pk]), data).status_code == 404
    assert not Snooze.objects.exists()


def test_actions_need_the_csrf_token(book):
    client = Client(enforce_csrf_checks=True)
    client.force_login(book.rob)
    response = client.post(reverse("queue-snooze", args=[book.hot.pk]), {"period": "1d"})
    assert response.status_code == 403
    assert not Snooze.objects.exists()


def test_home_query_count_stays_flat_as_the_book_grows(client, book, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.queue.conftest import buying_signals

    def home_queries(user) -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("home")).status_code == 200
        return len(seen.captured_queries)

    def grow(extra: int) -> None:
        for i in range(extra):
            journey = book.hot.__class__.objects.create(
                team=book.team,
                account=book.hot.account,
                owner=book.rob,
                title=f"Extra {i}",
                buying_stage="exploring_solutions",
            )
            buying_signals(journey, list(book.hot.stakeholders.all()))
            add_touch(journey, "email_sent", 5)

    grow(5)
    before = {user.pk: home_queries(user) for user in (book.maya, book.rob)}
    grow(40)
    # session + user, reps, journeys (with snooze, fit, committee, activity summary and
    # whether the summaries are ready), then one load of the shown candidates.
    for user in (book.maya, book.rob):
        assert home_queries(user) == before[user.pk]
        with django_assert_max_num_queries(10):
            assert client.get(reverse("home")).status_code == 200
