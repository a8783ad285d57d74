"""Template tags of the help-queue items: each item's action forms, rendered once per page.

Every queue item carries the same three forms (log a touch, snooze, mark not a fit); only the
journey id differs. A page of 45 items rendered them 45 times: a third of the page's template
time. :func:`queue_actions` renders ``queue/_item_actions.html`` once per page render for a
placeholder journey id and puts each item's id in its copy: the same HTML, byte for byte.
"""

from __future__ import annotations

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A journey id no database hands out; it must appear in the forms exactly where the id goes.
_PLACEHOLDER = 987_654_321_987_654_321
_PLACES = 9  # 3 forms × (action, hx-post, hx-target)
_KEY = "helpfirst.queue.item_actions"


def _render(context, journey_pk) -> str:
    actions = get_template("queue/_item_actions.html").template
    with context.push(journey={"pk": journey_pk}):
        return actions.render(context).strip()


@register.simple_tag(takes_context=True)
def queue_actions(context, journey_pk: int) -> SafeString:
    """Render an item's action forms (``queue/_item_actions.html``) for ``journey_pk``."""
    if type(journey_pk) is not int:  # never expected; render it the plain way
        return mark_safe(_render(context, journey_pk))
    # The page render's own scope: each ``{% include %}`` of an item pushes a new one.
    page = context.render_context.dicts[0]
    shared = page.get(_KEY)
    if shared is None:
        parts = _render(context, _PLACEHOLDER).split(str(_PLACEHOLDER))
        # Elsewhere in the text too (a collision): render every item in full.
        shared = page[_KEY] = parts if len(parts) == _PLACES + 1 else ()
    if not shared:
        return mark_safe(_render(context, journey_pk))
    return mark_safe(str(journey_pk).join(shared))
