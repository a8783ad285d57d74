"""Join an anonymous visitor to a contact, and turn their visits into interactions.

A visitor is identified by a form submission carrying a known contact's e-mail, or by arriving
through a tracked link that names a contact. From then on their page views and downloads,
earlier ones included, are interactions on the contact's account (and on their open journey
there when exactly one fits), stored through ``store_new_interactions`` with an external id
derived from the visit event, so promoting twice never doubles anything.
"""

from __future__ import annotations

from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.core import vocabulary
from helpfirst.interactions.ingest import store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.tracking.models import TrackedLink, VisitEvent, Visitor

SOURCE = "website"
PROMOTED_KINDS = ("page_view", "content_download")


def journey_for(contact: Contact) -> int | None:
    """The contact's open journey at their account, when exactly one fits.

    A journey whose buying committee includes the contact wins; otherwise the account's only
    open journey; otherwise none (the interaction stays on the account).
    """
    open_journeys = Journey.objects.filter(account_id=contact.account_id).exclude(
        buying_stage__in=vocabulary.EXIT_STAGES
    )
    seats = list(
        open_journeys.filter(committee__contact=contact).values_list("pk", flat=True).distinct()[:2]
    )
    if len(seats) == 1:
        return seats[0]
    if seats:
        return None
    ids = list(open_journeys.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def contact_by_email(team_id: int, email: str) -> Contact | None:
    """The team's one contact with this address (none when unknown or ambiguous)."""
    if not email:
        return None
    found = list(Contact.objects.filter(team_id=team_id, email__iexact=email)[:2])
    return found[0] if len(found) == 1 else None


def contact_by_link_token(team_id: int, token: str) -> Contact | None:
    """The contact a tracked link of this team was sent to (none for another team's link)."""
    if not token:
        return None
    link = (
        TrackedLink.objects.filter(team_id=team_id, token=token, contact__isnull=False)
        .select_related("contact")
        .first()
    )
    return link.contact if link else None


def identify(visitor: Visitor, contact: Contact, how: str) -> bool:
    """Link ``visitor`` to ``contact``; return True when this changed who the visitor is.

    The contact must be of the visitor's team. A visitor who identifies as someone else later
    (a shared computer) is re-linked; views already on the first contact stay there.
    """
    if contact.team_id != visitor.team_id:
        raise ValueError("A visitor can only join a contact of the same team.")
    if visitor.contact_id == contact.pk:
        return False
    visitor.contact = contact
    visitor.identified_by = how
    visitor.identified_at = timezone.now()
    visitor.save(update_fields=["contact", "identified_by", "identified_at"])
    return True


def promote(visitor: Visitor, only: list[int] | None = None) -> tuple[int, int]:
    """Store the identified visitor's not-yet-promoted views as interactions.

    ``only`` limits it to some events (the one just received); return (created, existing).
    """
    contact = visitor.contact
    if contact is None:
        return 0, 0
    events = VisitEvent.objects.filter(
        visitor=visitor, promoted=False, kind__in=PROMOTED_KINDS
    ).select_related("site")
    if only is not None:
        events = events.filter(pk__in=only)
    events = list(events)
    if not events:
        return 0, 0
    journey_id = journey_for(contact)
    pending = {}
    for event in events:
        pending[(SOURCE, event.external_id)] = Interaction(
            team_id=visitor.team_id,
            account_id=contact.account_id,
            contact_id=contact.pk,
            journey_id=journey_id,
            kind=event.kind,
            occurred_at=event.occurred_at,
            page_type=event.page_type,
            url=event.url[:1000],
            subject=event.title[:500],
            source=SOURCE,
            external_id=event.external_id,
            properties={
                "site": event.site.name,
                "referrer": event.referrer,
                "identified_by": visitor.identified_by,
            },
        )
    created, existing = store_new_interactions(visitor.team_id, pending)
    VisitEvent.objects.filter(pk__in=[e.pk for e in events]).update(promoted=True)
    return created, existing
