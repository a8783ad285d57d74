"""The accounts list's Python-rendered rows equal the template loop they replaced."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template

from helpfirst.accounts.queries import AccountRow, JourneyBadge
from helpfirst.web.templatetags.helpfirst_rows import account_rows, timeline_rows

TEMPLATE_LOOP = Template(
    """{% load helpfirst_ui humanize %}{% for row in rows %}
<tr>
  <td><a class="primary" href="{{ row.url }}">{{ row.name }}</a><span class="sub">{{ row.domain|default:"—" }}{% if row.region %} · {{ row.region }}{% endif %}</span></td>
  <td>{{ row.industry|default:"—" }}</td>
  <td class="num">{{ row.employees|intcomma|default:"—" }}</td>
  <td><div class="badge-row">{% for journey in row.journeys %}<a href="{{ journey.url }}" title="{{ journey.title }}">{% stage_badge journey.buying_stage %}</a>{% empty %}<span class="muted">None yet</span>{% endfor %}{% if row.more_journeys %}<span class="badge outline">+{{ row.more_journeys }}</span>{% endif %}</div></td>
  <td>{{ row.owner_name|default:"—" }}</td>
  <td class="nowrap">{% if row.last_touch_at %}{% touch_time row.last_touch_at %}{% else %}<span class="muted">Never</span>{% endif %}</td>
</tr>{% endfor %}"""  # noqa: E501
)


def _row(pk: int, **fields) -> AccountRow:
    values = {
        "pk": pk,
        "url": f"/accounts/{pk}/",
        "name": "Acme <Freight> & Co",
        "domain": "acme.example",
        "region": "",
        "industry": "Logistics",
        "employees": 12345,
        "owner_name": "Rob Rep",
        "journeys": [],
        "more_journeys": 0,
        "last_touch_at": datetime(2024, 3, 5, 14, 7, tzinfo=UTC),
    }
    return AccountRow(**{**values, **fields})


def _flat(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_account_rows_match_the_template_loop():
    badges = [JourneyBadge(f"/journeys/{i}/", f'Need "{i}" <b>', "deciding") for i in range(3)]
    rows = [
        _row(1),
        _row(2, domain="", region="Nordics", industry="", employees=7, owner_name=""),
        _row(3, employees=0, journeys=badges, more_journeys=2, last_touch_at=None),
        _row(4, journeys=badges[:1], region="EU & UK"),
    ]
    expected = TEMPLATE_LOOP.render(Context({"rows": rows}))
    assert _flat(account_rows(rows)) == _flat(expected)
    assert "&lt;Freight&gt; &amp; Co" in account_rows(rows)


def test_unknown_head_count_shows_a_dash():
    # The template loop printed "None" here: ``intcomma`` turns None into the text "None".
    assert '<td class="num">—</td>' in account_rows([_row(1, employees=None)])


OLD_TIMELINE_ITEM = Template(
    """{% load helpfirst_ui %}{% for touch in touches %}
<li>
  {% kind_icon touch.kind %}
  <div>
    <div class="what">{{ touch.kind|kind_label }}{% if touch.page_type %} · {{ touch.page_type|page_type_label }}{% endif %}{% if touch.subject %} <span class="muted-strong">— {{ touch.subject }}</span>{% endif %}</div>
    <div class="detail">
      {% if touch.contact %}{{ touch.contact.name }}{% endif %}
      {% if touch.url %}{% if touch.contact %} · {% endif %}<span class="muted">{{ touch.url|truncatechars:80 }}</span>{% endif %}
      {% if show_journey and touch.journey %}{% if touch.contact or touch.url %} · {% endif %}<a href="{{ touch.journey.get_absolute_url }}">{{ touch.journey.title }}</a>{% endif %}
    </div>
  </div>
  {% touch_time touch.occurred_at "time" %}
</li>{% endfor %}"""  # noqa: E501
)


def _squeeze(html: str) -> str:
    return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", re.sub(r"\s+", " ", str(html)))).strip()


@pytest.mark.parametrize("show_journey", [True, False])
def test_timeline_rows_match_the_template_loop(team_data, factories, show_journey):
    acme = team_data["acme"]
    factories.interaction(
        acme, "link_clicked", url="https://x.example/" + "long/" * 30, subject="<Hi> & bye"
    )
    factories.interaction(acme, "note", journey=team_data["rob_journey"], days_ago=0.001)
    touches = list(acme.interactions.select_related("contact", "journey"))
    assert len(touches) >= 5
    expected = OLD_TIMELINE_ITEM.render(Context({"touches": touches, "show_journey": show_journey}))
    assert _squeeze(timeline_rows(touches, show_journey)) == _squeeze(expected)
