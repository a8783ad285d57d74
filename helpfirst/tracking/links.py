"""Tracked links (``/l/<token>``) and open-tracking pixels (``/t/o/<token>.gif``).

A tracked link redirects only to the destination stored when it was made (so it can never be
an open redirect), records one ``link_clicked`` interaction per click, and appends ``hf_t`` so
the snippet on the destination site joins that browser to the contact. The mail helper calls
:func:`tracked_url` when it renders an e-mail.

Open tracking is off unless the team turns it on; every ``email_opened`` it records carries
``{"reliable": false}``: mail clients and privacy proxies load images without a person
reading, and blocked images hide real reads.
"""

from __future__ import annotations

import hashlib
import time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.capture import health
from helpfirst.core.website import links as link_rules
from helpfirst.core.website.errors import TrackingSetupError
from helpfirst.interactions.ingest import store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.site.config import setting
from helpfirst.tracking.identify import journey_for
from helpfirst.tracking.models import LinkClick, OpenPixel, TeamTrackingSettings, TrackedLink

SOURCE = "tracked_link"
CLICK_BUCKET_SECONDS = 30  # the same browser opening the same link within 30 s: one click
OPEN_BUCKET_SECONDS = 600
OPEN_NOTE = (
    "Opens are unreliable: mail clients and privacy proxies load images without anyone reading, "
    "and blocked images hide real reads."
)
# The smallest transparent GIF.
PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def public_base_url() -> str:
    return (setting("HELPFIRST_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")


def _check_refs(team_id: int, contact, journey) -> tuple[Contact | None, Journey | None]:
    if isinstance(contact, int):
        contact = Contact.objects.filter(pk=contact, team_id=team_id).first()
        if contact is None:
            raise TrackingSetupError("No such contact in this team.", field="contact")
    if isinstance(journey, int):
        journey = Journey.objects.filter(pk=journey, team_id=team_id).first()
        if journey is None:
            raise TrackingSetupError("No such journey in this team.", field="journey")
    if contact is not None and contact.team_id != team_id:
        raise TrackingSetupError("The contact belongs to another team.", field="contact")
    if journey is not None and journey.team_id != team_id:
        raise TrackingSetupError("The journey belongs to another team.", field="journey")
    if contact is not None and journey is not None and journey.account_id != contact.account_id:
        raise TrackingSetupError("The journey is at another account than the contact.")
    return contact, journey


def make_link(
    team_id: int, url: str, contact=None, journey=None, reference: str = "", created_by=None
) -> TrackedLink:
    """Return the team's tracked link for this destination and recipient (made once)."""
    destination = link_rules.check_destination(url)
    contact, journey = _check_refs(team_id, contact, journey)
    reference = (reference or "").strip()[:300]
    link = TrackedLink.objects.filter(
        team_id=team_id,
        destination=destination,
        contact=contact,
        journey=journey,
        reference=reference,
    ).first()
    if link is None:
        link = TrackedLink.objects.create(
            team_id=team_id,
            destination=destination,
            contact=contact,
            journey=journey,
            reference=reference,
            created_by=created_by,
        )
    return link


def tracked_url(
    team_id: int, url: str, contact=None, journey=None, reference: str = "", base_url=None
) -> str:
    """The URL to put in an e-mail instead of ``url`` (absolute, on helpfirst's public host)."""
    link = make_link(team_id, url, contact=contact, journey=journey, reference=reference)
    return f"{(base_url or public_base_url()).rstrip('/')}/l/{link.token}"


def _bucket_id(*parts: str, seconds: int) -> str:
    bucket = int(time.time()) // seconds
    raw = "|".join([*parts, str(bucket)]).encode()
    return hashlib.sha256(raw).hexdigest()[:40]


def follow(token: str, *, client: str) -> str | None:
    """Record a click on the link ``token`` and return where to send the browser (None: 404).

    ``client`` says which browser clicked (a hash of its address and user agent), so the same
    request repeated within 30 s counts once.
    """
    link = TrackedLink.objects.filter(token=token).select_related("contact", "journey").first()
    if link is None:
        return None
    source = health.source_for(link.team_id, "tracked_link", "Tracked links")
    try:
        stored = _record_click(link, _bucket_id(token, client, seconds=CLICK_BUCKET_SECONDS))
    except Exception as exc:
        health.record_failure(source, exc)
        stored = None
    else:
        health.record_success(
            source, stored=stored, duplicates=0 if stored else 1, newest_item_at=timezone.now()
        )
    destination = link.destination
    if link.contact_id is not None:
        destination = link_rules.with_link_token(destination, link.token)
    return destination


def _record_click(link: TrackedLink, click_id: str) -> int:
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                LinkClick.objects.create(link=link, click_id=click_id, at=now)
        except IntegrityError:
            return 0
        TrackedLink.objects.filter(pk=link.pk).update(clicks=F("clicks") + 1, last_clicked_at=now)
        account_id = (
            link.contact.account_id
            if link.contact
            else link.journey.account_id
            if link.journey
            else None
        )
        if account_id is None:
            return 1
        journey_id = link.journey_id
        if journey_id is None and link.contact is not None:
            journey_id = journey_for(link.contact)
        external_id = f"click-{click_id}"
        store_new_interactions(
            link.team_id,
            {
                (SOURCE, external_id): Interaction(
                    team_id=link.team_id,
                    account_id=account_id,
                    contact_id=link.contact_id,
                    journey_id=journey_id,
                    kind="link_clicked",
                    occurred_at=now,
                    url=link.destination[:1000],
                    subject=link.reference[:500],
                    source=SOURCE,
                    external_id=external_id,
                    properties={"link": link.pk, "reference": link.reference},
                )
            },
        )
    return 1


def open_tracking_enabled(team_id: int) -> bool:
    return TeamTrackingSettings.objects.filter(team_id=team_id, open_tracking=True).exists()


def open_pixel_url(team_id: int, contact, journey=None, reference: str = "", base_url=None):
    """The pixel URL for one e-mail, or None while the team has open tracking off (default)."""
    if not open_tracking_enabled(team_id):
        return None
    contact, journey = _check_refs(team_id, contact, journey)
    if contact is None:
        raise TrackingSetupError("An open pixel needs the contact the e-mail goes to.")
    pixel = OpenPixel.objects.create(
        team_id=team_id, contact=contact, journey=journey, reference=(reference or "")[:300]
    )
    return f"{(base_url or public_base_url()).rstrip('/')}/t/o/{pixel.token}.gif"


def record_open(token: str, *, client: str) -> bool:
    """Record an (unreliable) open when the team has open tracking on; True when stored."""
    pixel = OpenPixel.objects.filter(token=token).select_related("contact").first()
    if pixel is None or not open_tracking_enabled(pixel.team_id):
        return False
    source = health.source_for(pixel.team_id, "tracked_link", "Open pixels (unreliable)")
    open_id = _bucket_id(token, client, seconds=OPEN_BUCKET_SECONDS)
    external_id = f"open-{open_id}"
    now = timezone.now()
    try:
        with transaction.atomic():
            created, existing = store_new_interactions(
                pixel.team_id,
                {
                    (SOURCE, external_id): Interaction(
                        team_id=pixel.team_id,
                        account_id=pixel.contact.account_id,
                        contact_id=pixel.contact_id,
                        journey_id=pixel.journey_id or journey_for(pixel.contact),
                        kind="email_opened",
                        occurred_at=now,
                        subject=pixel.reference[:500],
                        source=SOURCE,
                        external_id=external_id,
                        properties={"reliable": False, "note": OPEN_NOTE, "pixel": pixel.pk},
                    )
                },
            )
            if created:
                OpenPixel.objects.filter(pk=pixel.pk).update(
                    opens=F("opens") + 1, last_opened_at=now
                )
    except Exception as exc:
        health.record_failure(source, exc)
        return False
    health.record_success(source, stored=created, duplicates=existing, newest_item_at=now)
    return bool(created)
