"""Template tags for the small, repeated pieces of the UI: badges, icons, initials."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from helpfirst.core import vocabulary

register = template.Library()


@register.simple_tag
def icon(name: str, label: str = ""):
    """Render one icon from the sprite; decorative unless ``label`` is given."""
    href = f"{static('web/icons.svg')}#{name}"
    if label:
        return format_html(
            '<svg role="img" aria-label="{}"><use href="{}"></use></svg>', label, href
        )
    return format_html('<svg aria-hidden="true"><use href="{}"></use></svg>', href)


@register.simple_tag
def stage_badge(stage: str):
    """Render a buying stage (or exit) as a coloured badge in the buyer's words."""
    return format_html(
        '<span class="badge stage stage-{}">{}</span>', stage, vocabulary.stage_label(stage)
    )


@register.simple_tag
def role_badge(role: str):
    """Render a stakeholder role as a coloured badge."""
    role = role or vocabulary.StakeholderRole.UNKNOWN
    return format_html(
        '<span class="badge role-{}">{}</span>',
        role,
        vocabulary.label(role, vocabulary.StakeholderRole),
    )


@register.simple_tag
def kind_icon(kind: str):
    """Render the round icon of an interaction kind, tinted by who acted."""
    direction = vocabulary.default_direction(kind)
    label = vocabulary.label(kind, vocabulary.InteractionKind)
    href = f"{static('web/icons.svg')}#{kind}"
    return format_html(
        '<span class="kind-icon kind-{} kind-{}" title="{}">'
        '<svg aria-hidden="true"><use href="{}"></use></svg></span>',
        kind,
        direction,
        label,
        href,
    )


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
