"""Website tracking: sites with their keys and rules, anonymous visitors, their visit events,
tracked links with their clicks, and open-tracking pixels (off unless a team switches them on).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.core.website import page_rules
from helpfirst.journeys.models import Journey
from helpfirst.team.models import Team

SITE_KEY_PREFIX = "hfs_"


def new_site_key() -> str:
    return SITE_KEY_PREFIX + secrets.token_urlsafe(18)


def new_link_token() -> str:
    return secrets.token_urlsafe(16)


class IpPolicy(models.TextChoices):
    DROP = "drop", "Drop: never store visitors' IP addresses"
    TRUNCATE = "truncate", "Truncate: keep only the network (IPv4 /24, IPv6 /48)"


class TrackedSite(models.Model):
    """A team's website carrying the snippet. The site key is public (it sits in the page)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tracked_sites")
    name = models.CharField(max_length=200)
    site_key = models.CharField(max_length=80, unique=True, default=new_site_key)
    allowed_origins = models.JSONField(
        default=list, help_text="Origins whose pages may send events, e.g. https://www.acme.com."
    )
    page_rules = models.TextField(
        blank=True, help_text="One rule per line: PATTERN PAGE_TYPE, e.g. '/pricing* pricing'."
    )
    ip_policy = models.CharField(max_length=16, choices=IpPolicy.choices, default=IpPolicy.DROP)
    consent_required = models.BooleanField(
        default=True, help_text="Only record visitors whose page says they consented."
    )
    events_per_minute = models.PositiveIntegerField(
        default=3000, help_text="Most events this site key may send per minute."
    )
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def capture_name(self) -> str:
        """The name of this site's capture source on the capture health page."""
        return f"{self.name} (site #{self.pk})"

    def rules(self) -> list[page_rules.PageRule]:
        return page_rules.parse_rules(self.page_rules)


class Visitor(models.Model):
    """One browser on one site, anonymous until it identifies itself (form or tracked link)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="visitors")
    site = models.ForeignKey(TrackedSite, on_delete=models.CASCADE, related_name="visitors")
    visitor_id = models.CharField(max_length=64)
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="web_visitors"
    )
    identified_by = models.CharField(max_length=16, blank=True)  # "form" or "tracked_link"
    identified_at = models.DateTimeField(null=True, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "visitor_id"], name="visitor_unique_per_site")
        ]
        indexes = [models.Index(fields=["team", "-last_seen_at"])]

    def __str__(self) -> str:
        return f"Visitor {self.visitor_id[:10]}…"


class VisitEvent(models.Model):
    """One page view, download or form submission, stored once per dedupe key."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="visit_events")
    site = models.ForeignKey(TrackedSite, on_delete=models.CASCADE, related_name="events")
    visitor = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    url = models.CharField(max_length=1000)
    title = models.CharField(max_length=300, blank=True)
    referrer = models.CharField(max_length=1000, blank=True)
    page_type = models.CharField(max_length=32, blank=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    dedupe_key = models.CharField(max_length=40)
    client_event_id = models.CharField(max_length=64, blank=True)
    ip_address = models.CharField(max_length=45, blank=True, help_text="Per the site's IP policy.")
    promoted = models.BooleanField(
        default=False, help_text="Turned into an interaction on the visitor's contact."
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "dedupe_key"], name="visit_event_dedupe")
        ]
        indexes = [models.Index(fields=["visitor", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.url}"

    @property
    def external_id(self) -> str:
        """The interaction's external id: derived from this event, so promotion is idempotent."""
        return f"visit-{self.pk}"


class TrackedLink(models.Model):
    """A link in our e-mail that goes through helpfirst (``/l/<token>``) to a stored destination."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tracked_links")
    token = models.CharField(max_length=80, unique=True, default=new_link_token)
    destination = models.CharField(max_length=2000)
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="tracked_links"
    )
    journey = models.ForeignKey(
        Journey, on_delete=models.SET_NULL, null=True, blank=True, related_name="tracked_links"
    )
    reference = models.CharField(
        max_length=300, blank=True, help_text="The e-mail or campaign this link was sent in."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    clicks = models.PositiveIntegerField(default=0)
    last_clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["team", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.destination} ({self.token[:6]}…)"


class LinkClick(models.Model):
    """One click of a tracked link; ``click_id`` makes a repeated request count once."""

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="click_log")
    click_id = models.CharField(max_length=64, unique=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Click {self.click_id[:8]} at {self.at:%Y-%m-%d %H:%M}"


class OpenPixel(models.Model):
    """A 1x1 image in one e-mail. The opens it records are unreliable: image proxies and privacy
    features load it without a person reading, and blocked images hide real reads."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="open_pixels")
    token = models.CharField(max_length=80, unique=True, default=new_link_token)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="open_pixels")
    journey = models.ForeignKey(Journey, on_delete=models.SET_NULL, null=True, blank=True)
    reference = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    opens = models.PositiveIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Open pixel {self.token[:6]}… ({self.reference})"


class TeamTrackingSettings(models.Model):
    """Per-team tracking switches. Open tracking is off unless a manager turns it on."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="tracking_settings")
    open_tracking = models.BooleanField(
        default=False,
        help_text="Put an open-tracking pixel in e-mails. Opens are unreliable and shown so.",
    )

    def __str__(self) -> str:
        return f"Tracking settings of {self.team}"


class RateWindow(models.Model):
    """A fixed-window request counter of the collect endpoint (per site key, per hashed IP)."""

    key = models.CharField(max_length=80)
    period = models.BigIntegerField(help_text="Window number: Unix time // window length.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "period"], name="rate_window_unique")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.period}: {self.count}"
