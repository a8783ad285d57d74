"""Rows of the busiest tables, rendered in Python.

A template ``{% for %}`` over 50 rows resolves and escapes close to a thousand variables, several
milliseconds a page; one ``format_markup`` (``helpfirst.web.markup``) per row does the same work
in a fraction of that. The markup stays here, next to the badges it uses; the pages keep their
headers and empty states.
"""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from helpfirst.core import vocabulary
from helpfirst.web.markup import format_markup
from helpfirst.web.templatetags.helpfirst_ui import kind_icon, stage_badge, touch_time

register = template.Library()

DASH = "—"
NEVER = mark_safe('<span class="muted">Never</span>')  # constant markup, never user text
NO_JOURNEYS = mark_safe('<span class="muted">None yet</span>')  # constant markup


def _journey_badges(row) -> SafeString:
    badges = SafeString(
        "".join(
            format_markup(
                '<a href="{}" title="{}">{}</a>',
                badge.url,
                badge.title,
                stage_badge(badge.buying_stage),
            )
            for badge in row.journeys
        )
    )
    if not row.journeys:
        badges = NO_JOURNEYS
    if row.more_journeys:
        more = row.more_journeys
        badges = format_markup('{}<span class="badge outline">+{}</span>', badges, more)
    return badges


def _account_row(row) -> SafeString:
    sub = row.domain or DASH
    if row.region:
        sub = f"{sub} · {row.region}"
    return format_markup(
        "<tr>"
        '<td><a class="primary" href="{}">{}</a><span class="sub">{}</span></td>'
        "<td>{}</td>"
        '<td class="num">{}</td>'
        '<td><div class="badge-row">{}</div></td>'
        "<td>{}</td>"
        '<td class="nowrap">{}</td>'
        "</tr>",
        row.url,
        row.name,
        sub,
        row.industry or DASH,
        DASH if row.employees is None else intcomma(row.employees),
        _journey_badges(row),
        row.owner_name or DASH,
        touch_time(row.last_touch_at) if row.last_touch_at else NEVER,
    )


@register.simple_tag
def account_rows(rows) -> SafeString:
    """Render the accounts list's ``AccountRow``s as table rows."""
    return mark_safe("\n".join(_account_row(row) for row in rows))  # each row is escaped


def _touch_detail(touch, show_journey: bool, journey_urls: dict[int, str]) -> SafeString:
    parts = []
    if touch.contact:
        parts.append(format_markup("{}", touch.contact.name))
    if touch.url:
        parts.append(format_markup('<span class="muted">{}</span>', _shortened(touch.url, 80)))
    if show_journey and touch.journey:
        journey = touch.journey
        if journey.pk not in journey_urls:
            journey_urls[journey.pk] = journey.get_absolute_url()
        parts.append(format_markup('<a href="{}">{}</a>', journey_urls[journey.pk], journey.title))
    call_id = _meeting_call_id(touch)
    if call_id:
        url = reverse("call-detail", args=[call_id])
        parts.append(format_markup('<a href="{}">Call analysis</a>', url))
    return mark_safe(" · ".join(parts))  # each part is escaped above


def _shortened(text: str, length: int) -> str:
    """Return ``Truncator(text).chars(length)``; short ASCII text (most URLs) as it is, at once.

    ``Truncator`` normalises and walks every character looking for combining marks, which for
    ASCII text of at most ``length`` characters changes nothing.
    """
    if len(text) <= length and text.isascii():
        return text
    return Truncator(text).chars(length)


def _meeting_call_id(touch) -> int | None:
    """The analysed call of a calendar meeting (``properties["call_id"]``), when loaded."""
    deferred = getattr(touch, "get_deferred_fields", None)
    if getattr(touch, "kind", "") != "meeting" or deferred is None or "properties" in deferred():
        return None
    call_id = (touch.properties or {}).get("call_id")
    return call_id if isinstance(call_id, int) and not isinstance(call_id, bool) else None


def _unreliable(touch) -> bool:
    """Opens come from tracking pixels, which image proxies load too: never a sure read.

    Marked by ``properties["reliable"] == False``; when the properties are not loaded, every
    ``email_opened`` counts as unreliable.
    """
    deferred = getattr(touch, "get_deferred_fields", None)
    if deferred is None or "properties" in deferred():
        return getattr(touch, "kind", "") == "email_opened"
    return (getattr(touch, "properties", None) or {}).get("reliable") is False


def _touch_item(touch, show_journey: bool, journey_urls: dict[int, str]) -> SafeString:
    what = vocabulary.label(touch.kind, vocabulary.InteractionKind)
    if touch.page_type:
        what = f"{what} · {vocabulary.label(touch.page_type, vocabulary.PageType)}"
    if _unreliable(touch):  # an open-tracking pixel (issue #8): say so wherever it is shown
        what = f"{what} (unreliable: image proxies open e-mails too)"
    subject = (
        format_markup(' <span class="muted-strong">— {}</span>', touch.subject)
        if touch.subject
        else ""
    )
    return format_markup(
        '<li>{}<div><div class="what">{}{}</div><div class="detail">{}</div></div>{}</li>',
        kind_icon(touch.kind),
        what,
        subject,
        _touch_detail(touch, show_journey, journey_urls),
        touch_time(touch.occurred_at, "time"),
    )


@register.simple_tag
def timeline_rows(touches, show_journey=False) -> SafeString:
    """Render interactions as timeline items: icon, what, who/where/which journey, when."""
    journey_urls: dict[int, str] = {}
    return mark_safe(  # each item is escaped
        "\n".join(_touch_item(touch, bool(show_journey), journey_urls) for touch in touches)
    )
