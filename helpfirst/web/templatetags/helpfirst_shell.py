"""The page shell's sidebar, rendered once per user, section and team data version.

Every page draws the same sidebar: about thirty navigation links (each a ``{% url %}`` and an
icon), who is signed in and their team. Rendering it costs more than a whole cached account
page, so it is kept per server process for ``HELPFIRST_PAGE_CACHE_SECONDS`` (0: not kept),
keyed by everything it shows: the user (id, names, role, staff flag), their team (id, name)
and the highlighted section. A change to any of these is a new key: nothing to invalidate. The
sign-out form's CSRF token differs per browser: the cached markup holds a placeholder that each
request fills in.
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

CSRF_PLACEHOLDER = "helpfirst-csrf-placeholder"
_sidebars = LocMemCache("helpfirst-sidebars", {"OPTIONS": {"MAX_ENTRIES": 500}})


def _key(user, section: str) -> str | None:
    """Everything the sidebar shows, so nothing needs invalidating (the team is loaded with
    the user: ``helpfirst.team.backends``)."""
    if not getattr(user, "is_authenticated", False) or user.team_id is None:
        return None
    if settings.HELPFIRST_PAGE_CACHE_SECONDS <= 0:
        return None
    who = f"{user.pk}:{user.role}:{int(user.is_staff)}:{user.username}"
    names = f"{user.first_name}\x00{user.last_name}\x00{user.team_id}\x00{user.team.name}"
    return hashlib.sha1(f"{who}:{section}:{names}".encode(), usedforsecurity=False).hexdigest()


def _render(context) -> str:
    values = {
        "nav_groups": context.get("nav_groups", []),
        "user": context.get("user"),
        "csrf_token": CSRF_PLACEHOLDER,
    }
    return get_template("web/_sidebar.html").render(values)


@register.simple_tag(takes_context=True)
def sidebar(context):
    """Render the sidebar: navigation, the signed-in person and the sign-out form."""
    request = context.get("request")
    user = context.get("user")
    key = _key(user, context.get("nav_section", "")) if request is not None else None
    html = _sidebars.get(key) if key else None
    if html is None:
        html = _render(context)
        if key:
            _sidebars.set(key, html, timeout=settings.HELPFIRST_PAGE_CACHE_SECONDS)
    token = escape(get_token(request)) if request is not None else ""
    return mark_safe(html.replace(CSRF_PLACEHOLDER, token))  # rendered and escaped above


def clear() -> None:
    """Forget every cached sidebar of this process (tests)."""
    _sidebars.clear()
