"""Read the content library as the ranking sees it: candidates, what this buyer already got,
and how each item fared with other buyers (opened, downloaded, replied)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from helpfirst.core.next_action import ContentCandidate, ContentEngagement
from helpfirst.interactions.models import Interaction
from helpfirst.playbook.models import ContentItem

CONTENT_KEY = "content_slug"  # interaction property naming the content item it carried
ENGAGEMENT_KINDS = {
    "email_sent": "sent",
    "email_opened": "opened",
    "link_clicked": "opened",
    "content_download": "downloaded",
    "email_replied": "replied",
}


def content_items(team) -> list[ContentItem]:
    """Return the team's content library with each item's problems (two queries)."""
    return list(ContentItem.objects.filter(team=team).prefetch_related("problems"))


def candidates(items: list[ContentItem]) -> tuple[ContentCandidate, ...]:
    """Turn content items into ranking candidates keyed by slug."""
    return tuple(
        ContentCandidate(
            content_id=item.slug,
            title=item.title,
            format=item.format,
            problems=tuple(sorted(p.slug for p in item.problems.all())),
            buying_stages=tuple(item.buying_stages or ()),
            stakeholder_roles=tuple(item.stakeholder_roles or ()),
        )
        for item in items
    )


def already_sent(journey, items: list[ContentItem], rows=None) -> frozenset[str]:
    """Return the slugs of items this buyer already received or fetched.

    An interaction carries an item when its ``content_slug`` property names it, or its URL is
    the item's URL. Any kind counts: a download or a click means they have it.
    """
    if rows is None:
        rows = Interaction.objects.filter(
            Q(journey=journey) | Q(journey__isnull=True, account_id=journey.account_id)
        ).only("url", "properties")
    by_url = {item.link: item.slug for item in items if item.link}
    slugs = {item.slug for item in items}
    sent: set[str] = set()
    for row in rows:
        props = row.properties if isinstance(row.properties, dict) else {}
        slug = props.get(CONTENT_KEY)
        if isinstance(slug, str) and slug in slugs:
            sent.add(slug)
        if row.url and row.url in by_url:
            sent.add(by_url[row.url])
    return frozenset(sent)


def engagement_stats(team) -> dict[str, ContentEngagement]:
    """Count, per item across the team, sends and the opens, downloads and replies after them.

    A download with no recorded send counts as a send too (the buyer got it somehow).
    """
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    grouped = (
        Interaction.objects.filter(team=team, kind__in=list(ENGAGEMENT_KINDS))
        .exclude(**{f"properties__{CONTENT_KEY}__isnull": True})
        .values_list(f"properties__{CONTENT_KEY}", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for slug, kind, n in grouped:
        if isinstance(slug, str):
            counts[slug][ENGAGEMENT_KINDS[kind]] += n
    return {
        slug: ContentEngagement(
            sent=max(c["sent"], c["downloaded"]),
            opened=c["opened"],
            downloaded=c["downloaded"],
            replied=c["replied"],
        )
        for slug, c in counts.items()
    }
