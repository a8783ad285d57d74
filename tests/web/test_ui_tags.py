"""The fast UI tags say exactly what the Django filters and widgets they replace say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django import forms
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.web.templatetags.helpfirst_ui import (
    exact_time,
    natural_age,
    select_field,
    touch_time,
)

AGES = st.timedeltas(min_value=timedelta(seconds=-400_000), max_value=timedelta(days=3_000))


@settings(max_examples=300, deadline=None)
@given(age=AGES)
def test_natural_age_matches_naturaltime(age):
    moment = datetime.now(UTC) - age
    # Each call reads the clock; the label computed in between must match one of its neighbours.
    before = naturaltime(moment)
    label = natural_age(moment)
    after = naturaltime(moment)
    assert label in (before, after)


DATE_IN_TEMPLATE = Template("{{ moment|date:'j M Y, H:i' }}")


def _date_filter(moment) -> str:
    return DATE_IN_TEMPLATE.render(Context({"moment": moment}))


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)))
def test_exact_time_matches_the_date_filter(moment):
    aware = moment.replace(tzinfo=UTC)
    with override_settings(TIME_ZONE="Europe/Berlin"):
        assert exact_time(aware) == _date_filter(aware)
    assert exact_time(aware) == _date_filter(aware)
    assert exact_time(moment) == _date_filter(moment)


def test_natural_age_follows_the_active_language():
    moment = datetime.now(UTC) - timedelta(days=17, hours=3)
    with translation.override("de"):
        german = natural_age(moment)
        assert german == naturaltime(moment)
    assert natural_age(moment) != german


def test_touch_time_escapes_and_shows_both_forms():
    moment = datetime(2024, 3, 5, 14, 7, tzinfo=UTC)
    html = touch_time(moment)
    assert html.startswith('<span title="5 Mar 2024, 14:07">')
    assert "ago</span>" in html


OLD_TIME_MARKUP = Template(
    "{% load humanize %}<time datetime=\"{{ moment|date:'c' }}\" "
    "title=\"{{ moment|date:'j M Y, H:i' }}\">{{ moment|naturaltime }}</time>"
)


def test_touch_time_element_matches_the_markup_it_replaced():
    moment = datetime(2024, 3, 5, 14, 7, 9, 1234, tzinfo=UTC)
    assert touch_time(moment, "time") == OLD_TIME_MARKUP.render(Context({"moment": moment}))


def test_select_field_keeps_the_chosen_option_and_escapes_labels():
    class Menu(forms.Form):
        owner = forms.TypedChoiceField(
            coerce=int, required=False, choices=[("", "Anyone"), ("3", "Ann <&> Bo")]
        )

    html = select_field(Menu({"owner": "3"})["owner"])
    assert html == (
        '<select name="owner" id="id_owner"><option value="">Anyone</option>'
        '<option value="3" selected>Ann &lt;&amp;&gt; Bo</option></select>'
    )
    assert '<option value="" selected>' in select_field(Menu()["owner"])
