"""The cheaper page shell: the cached sidebar, the fast markup helpers and the team-loading backend.

Each shortcut must give exactly what the slower path gives: these tests compare them.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st

from helpfirst.team.backends import TeamUserBackend
from helpfirst.web.markup import format_markup
from helpfirst.web.templatetags import helpfirst_shell
from helpfirst.web.templatetags.helpfirst_rows import _shortened

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_sidebars():
    helpfirst_shell.clear()
    with override_settings(HELPFIRST_PAGE_CACHE_SECONDS=60):
        yield
    helpfirst_shell.clear()


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_browser_gets_its_own_sign_out_token_from_the_cached_sidebar(world):
    first, second = Client(), Client()
    first.force_login(world.rep1)
    second.force_login(world.rep1)
    url = reverse("account-list")
    tokens = [CSRF_INPUT.search(_page(client, url)).group(1) for client in (first, second)]
    assert "helpfirst-csrf-placeholder" not in _page(second, url)
    # Each browser can sign out with the token its (cached) sidebar carried.
    for client, token in zip((first, second), tokens, strict=True):
        enforcing = Client(enforce_csrf_checks=True)
        enforcing.cookies = client.cookies
        response = enforcing.post(reverse("logout"), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302, response.content[:300]


def test_sidebar_follows_the_section_the_person_and_the_team(world):
    client = Client()
    client.force_login(world.rep1)
    accounts = _page(client, reverse("account-list"))
    journeys = _page(client, reverse("journey-list"))
    active = re.compile(r'<a href="([^"]+)" class="active"')
    assert active.search(accounts).group(1) == reverse("account-list")
    assert active.search(journeys).group(1) == reverse("journey-list")
    world.team_a.name = "Renamed Sales"
    world.team_a.save()
    world.rep1.first_name, world.rep1.last_name = "Rhea", "Quill"
    world.rep1.save()
    page = _page(client, reverse("account-list"))
    assert "Renamed Sales" in page
    assert "Rhea Quill" in page


def test_sidebar_never_shows_one_persons_navigation_to_another(world):
    admin_client, rep_client = Client(), Client()
    world.manager.role = "admin"
    world.manager.save()
    admin_client.force_login(world.manager)
    rep_client.force_login(world.rep2)
    assert "Audit log" in _page(admin_client, reverse("account-list"))
    rep_page = _page(rep_client, reverse("account-list"))
    assert "Audit log" not in rep_page
    assert world.rep2.display_name in rep_page


def test_signed_in_user_comes_with_their_team_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = TeamUserBackend().get_user(world.rep1.pk)
        assert user.team.name == "Team A"
    world.rep1.is_active = False
    world.rep1.save()
    assert TeamUserBackend().get_user(world.rep1.pk) is None
    assert TeamUserBackend().get_user(10**9) is None


markup_values = st.one_of(
    st.text(),
    st.integers(),
    st.none(),
    st.text().map(mark_safe),
)


@given(st.lists(markup_values, min_size=1, max_size=4))
def test_format_markup_writes_what_format_html_writes(values):
    template = "<b>{}</b>" + "<i title='{}'>x</i>" * (len(values) - 1)
    assert format_markup(template, *values) == format_html(template, *values)


@given(st.text(), st.integers(min_value=1, max_value=120))
def test_shortened_text_is_what_truncator_gives(text, length):
    assert _shortened(text, length) == Truncator(text).chars(length)


def test_timeline_rows_from_plain_values_match_rows_from_models(world):
    from helpfirst.interactions.models import Interaction
    from helpfirst.interactions.timeline import timeline_window
    from helpfirst.web.templatetags.helpfirst_rows import timeline_rows
    from tests.factories import InteractionFactory

    InteractionFactory(
        account=world.a2, journey=None, contact=world.c2, kind="email_opened", subject="Hi <b>"
    )
    InteractionFactory(account=world.a2, journey=world.j3, kind="page_view", url="https://x/" * 20)
    ordered = Interaction.objects.filter(account=world.a2).order_by("-occurred_at", "-id")
    columns = (
        "kind", "occurred_at", "page_type", "url", "subject",
        "contact", "contact__first_name", "contact__last_name", "contact__email",
        "journey", "journey__title",
    )  # fmt: skip
    models = list(ordered.select_related("contact", "journey").only(*columns))
    plain = timeline_window(ordered, 0, 100)
    assert len(plain) == len(models) == 4
    assert timeline_rows(plain, True) == timeline_rows(models, True)
    assert "unreliable" in timeline_rows(plain, True)
