"""Template tags for the small, repeated pieces of the UI: badges, icons, initials."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from django import template
from django.contrib.humanize.templatetags.humanize import NaturalTimeFormatter, naturaltime
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language

from helpfirst.core import vocabulary
from helpfirst.web.markup import format_markup

register = template.Library()


@lru_cache(maxsize=1)
def _sprite() -> str:
    """Return the icon sprite's URL (fixed for the life of the process, so worked out once)."""
    return static("web/icons.svg")


@receiver(setting_changed)
def _forget_sprite(**kwargs) -> None:
    _sprite.cache_clear()


@register.simple_tag
def icon(name: str, label: str = ""):
    """Render one icon from the sprite; decorative unless ``label`` is given."""
    href = f"{_sprite()}#{name}"
    if label:
        return format_markup(
            '<svg role="img" aria-label="{}"><use href="{}"></use></svg>', label, href
        )
    return format_markup('<svg aria-hidden="true"><use href="{}"></use></svg>', href)


@register.simple_tag
def stage_badge(stage: str):
    """Render a buying stage (or exit) as a coloured badge in the buyer's words."""
    return format_markup(
        '<span class="badge stage stage-{}">{}</span>', stage, vocabulary.stage_label(stage)
    )


@register.simple_tag
def role_badge(role: str):
    """Render a stakeholder role as a coloured badge."""
    role = role or vocabulary.StakeholderRole.UNKNOWN
    return format_markup(
        '<span class="badge role-{}">{}</span>',
        role,
        vocabulary.label(role, vocabulary.StakeholderRole),
    )


@register.simple_tag
def kind_icon(kind: str):
    """Render the round icon of an interaction kind, tinted by who acted."""
    direction = vocabulary.default_direction(kind)
    label = vocabulary.label(kind, vocabulary.InteractionKind)
    href = f"{_sprite()}#{kind}"
    return format_markup(
        '<span class="kind-icon kind-{} kind-{}" title="{}">'
        '<svg aria-hidden="true"><use href="{}"></use></svg></span>',
        kind,
        direction,
        label,
        href,
    )


@lru_cache(maxsize=2048)
def _past_unit(language: str, unit: str, num: int) -> str:
    """Return "3 days" in ``language`` (looked up once: a plural lookup walks every catalogue)."""
    return str(NaturalTimeFormatter.past_substrings[unit] % {"num": num})


@lru_cache(maxsize=64)
def _past_day(language: str) -> str:
    return str(NaturalTimeFormatter.time_strings["past-day"])


@lru_cache(maxsize=256)
def _month_abbr(language: str, month: int) -> str:
    return str(MONTHS_3[month]).title()


class _PastUnits:
    """Stand in for ``NaturalTimeFormatter.past_substrings`` with remembered translations."""

    def __init__(self, language: str):
        self.language = language

    def __getitem__(self, unit: str) -> _PastUnit:
        return _PastUnit(self.language, unit)


class _PastUnit:
    __slots__ = ("language", "unit")

    def __init__(self, language: str, unit: str):
        self.language, self.unit = language, unit

    def __mod__(self, params: dict) -> str:
        return _past_unit(self.language, self.unit, params["num"])


def natural_age(moment, language: str | None = None) -> str:
    """Return what humanize's ``naturaltime`` says of ``moment``, remembering translations.

    Days ago and more ("2 weeks, 3 days ago") take six plural look-ups through the translation
    catalogues per call in ``naturaltime``; here each (language, unit, number) is looked up once.
    Anything under a day, or in the future, is left to ``naturaltime`` itself.
    """
    if not isinstance(moment, datetime):
        return naturaltime(moment)
    now = datetime.now(UTC if timezone.is_aware(moment) else None)
    if moment >= now or (now - moment).days == 0:
        return naturaltime(moment)
    language = language or get_language()
    delta = timesince(moment, now, time_strings=_PastUnits(language))
    return _past_day(language) % {"delta": delta}


def exact_time(moment) -> str:
    """Return ``moment`` in local time as the ``date`` filter's ``"j M Y, H:i"`` writes it."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return _exact_local(local, get_language())


def _exact_local(local, language: str) -> str:
    month = _month_abbr(language, local.month)
    return f"{local.day} {month} {local.year}, {local.hour:02d}:{local.minute:02d}"


@register.simple_tag
def touch_time(moment, element: str = "span"):
    """Render when a touch happened: "3 days ago", with the exact time as a tooltip.

    ``element="time"`` gives a ``<time>`` with a machine-readable ``datetime`` as well.
    """
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    language = get_language()
    exact, age = _exact_local(local, language), natural_age(moment, language)
    if element == "time":
        return format_markup(
            '<time datetime="{}" title="{}">{}</time>', local.isoformat(), exact, age
        )
    return format_markup('<span title="{}">{}</span>', exact, age)


@register.filter
def stage_label(stage: str) -> str:
    """Return the buyer-facing label of a stage."""
    return vocabulary.stage_label(stage)


@register.filter
def kind_label(value: str) -> str:
    """Return the label of an interaction kind."""
    return vocabulary.label(value, vocabulary.InteractionKind)


@register.filter
def format_label(value: str) -> str:
    """Return the label of a content format."""
    return vocabulary.label(value, vocabulary.ContentFormat)


@register.filter
def role_label(value: str) -> str:
    """Return the label of a stakeholder role."""
    return vocabulary.label(value, vocabulary.StakeholderRole)


@register.filter
def page_type_label(value: str) -> str:
    """Return the label of a page type (pricing, docs …)."""
    return vocabulary.label(value, vocabulary.PageType)


@register.filter
def initials(name: str) -> str:
    """Return up to two initials of a person's name, for an avatar."""
    parts = [p for p in str(name).replace("@", " ").split() if p[:1].isalpha()]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


_SELECTED = mark_safe(" selected")  # a constant attribute, never user text


@register.simple_tag
def select_field(bound):
    """Render a bound choice field as a plain ``<select>`` (for filter bars).

    Django's widget templates render every option through an included template; a filter bar
    of five menus cost about 2 ms a page that way. Flat choices only, no widget attributes.
    """
    value = bound.value()
    chosen = "" if value is None else str(value)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (key, _SELECTED if key == chosen else "", label)
            for key, label in ((str(k), label) for k, label in bound.field.choices)
        ),
    )
    return format_html(
        '<select name="{}" id="{}">{}</select>', bound.html_name, bound.auto_id, options
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """Return the current query string with ``changes`` applied (``None`` removes a key)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
