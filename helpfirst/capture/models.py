"""Capture sources: each place interactions come from, with its cursor and its health."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from helpfirst.team.models import Team


class CaptureKind(models.TextChoices):
    """Where interactions are captured."""

    WEBSITE = "website", "Website snippet"
    TRACKED_LINK = "tracked_link", "Tracked links"
    IMAP = "imap", "IMAP mailbox"
    MAIL_FILE = "mail_file", ".eml/.mbox import"
    BCC_DROP = "bcc_drop", "BCC drop address"
    ICS_FILE = "ics_file", ".ics import"
    CALDAV = "caldav", "CalDAV calendar"
    HUBSPOT_WEBHOOK = "hubspot_webhook", "HubSpot webhook"
    SALESFORCE_WEBHOOK = "salesforce_webhook", "Salesforce webhook"
    CRM_MIGRATION = "crm_migration", "CRM export migration"


class CaptureSource(models.Model):
    """One capture source of a team, e.g. the IMAP folder ``sales@acme.test/INBOX``.

    ``cursor`` is where a pull sync resumes (e.g. IMAP UIDVALIDITY and last UID, a CalDAV
    sync token); it is only advanced together with the interactions it covers, so a restart
    mid-sync resumes without losing or doubling anything.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="capture_sources")
    kind = models.CharField(max_length=32, choices=CaptureKind.choices)
    name = models.CharField(max_length=300, help_text="Which mailbox, site, calendar or file.")
    enabled = models.BooleanField(default=True)
    settings = models.JSONField(
        default=dict, blank=True, help_text="Non-secret settings of this source."
    )
    cursor = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    newest_item_at = models.DateTimeField(
        null=True, blank=True, help_text="When the newest captured item happened."
    )
    items_stored = models.PositiveBigIntegerField(default=0)
    duplicates_skipped = models.PositiveBigIntegerField(default=0)
    error_count = models.PositiveIntegerField(
        default=0, help_text="Failures since the last success."
    )
    total_errors = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "kind", "name"], name="capture_source_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class CaptureEvent(models.Model):
    """One run or delivery of a source: what it stored, or why it failed."""

    source = models.ForeignKey(CaptureSource, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    stored = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["source", "-at"])]

    def __str__(self) -> str:
        return f"{self.source} {'ok' if self.ok else 'failed'} at {self.at:%Y-%m-%d %H:%M}"
