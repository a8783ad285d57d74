"""CRM connectors: connections that receive webhooks, each delivered event, and a mirror of the
CRM objects the events describe."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from helpfirst.team.models import Team


class CrmKind(models.TextChoices):
    HUBSPOT = "hubspot", "HubSpot"
    SALESFORCE = "salesforce", "Salesforce"


class CrmConnection(models.Model):
    """One HubSpot app or Salesforce org sending its events to one team.

    ``secret`` signs the deliveries (HubSpot: the app's client secret; Salesforce: a secret
    helpfirst generates for the connector). It must be stored to verify signatures; pages and
    the API never show it after the connection is created.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="crm_connections")
    kind = models.CharField(max_length=16, choices=CrmKind.choices)
    name = models.CharField(max_length=200)
    public_key = models.CharField(max_length=64, unique=True, editable=False)
    secret = models.CharField(max_length=200)
    external_account_id = models.CharField(
        max_length=64, blank=True, help_text="HubSpot portal id or Salesforce organisation id."
    )
    owner_map = models.JSONField(
        default=dict, blank=True, help_text="CRM owner id or e-mail → helpfirst user id."
    )
    stage_map = models.JSONField(
        default=dict, blank=True, help_text="CRM stage (normalised) → buying stage."
    )
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Owns journeys whose CRM owner is not mapped.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_delivery_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def save(self, *args, **kwargs):
        if not self.public_key:
            self.public_key = secrets.token_urlsafe(18)
        super().save(*args, **kwargs)

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def capture_kind(self) -> str:
        return f"{self.kind}_webhook"

    @property
    def capture_name(self) -> str:
        """The capture health source of this connection (unique even when names repeat)."""
        return f"{self.name} (#{self.pk})"

    def webhook_path(self) -> str:
        return reverse(f"api:crm-webhook-{self.kind}", args=[self.public_key])


class DeliveryStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    WAITING = "waiting", "Waiting for more"
    UNMAPPED = "unmapped", "Stage not mapped"
    IGNORED = "ignored", "Object not used"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event a connection delivered, stored once per ``(connection, event_id)``.

    A re-delivered event finds its row and changes nothing.
    """

    connection = models.ForeignKey(
        CrmConnection, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(max_length=200)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=120)
    action = models.CharField(max_length=20)
    raw_type = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices)
    message = models.TextField(blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["connection", "-received_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "event_id"], name="crm_delivery_unique_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.raw_type or self.object_type} {self.object_id}: {self.status}"


class CrmRecord(models.Model):
    """What the events told us so far about one CRM object, and the helpfirst object it became.

    HubSpot events carry one property at a time; the mirror collects them until the object can
    become an account, contact, journey or interaction (``waiting`` until then).
    """

    connection = models.ForeignKey(CrmConnection, on_delete=models.CASCADE, related_name="records")
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=120)
    activity_type = models.CharField(max_length=20, blank=True)
    fields = models.JSONField(default=dict, blank=True)
    associations = models.JSONField(default=list, blank=True)
    linked_id = models.BigIntegerField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "object_type", "object_id"], name="crm_record_unique"
            )
        ]
        indexes = [models.Index(fields=["connection", "linked_id"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"
