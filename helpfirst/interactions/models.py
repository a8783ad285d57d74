"""Every timestamped touch between a buyer and us, from any source, stored once."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from helpfirst.accounts.models import Account, Contact
from helpfirst.core import vocabulary
from helpfirst.journeys.models import Journey
from helpfirst.team.models import Team

INTERACTION_KIND_CHOICES = [
    (str(key), label) for key, label in vocabulary.INTERACTION_KIND_LABELS.items()
]
PAGE_TYPE_CHOICES = [(str(key), label) for key, label in vocabulary.PAGE_TYPE_LABELS.items()]


class Interaction(models.Model):
    """One touch: an e-mail, a page view, a download, a meeting …

    ``(team, source, external_id)`` is unique, so re-sending an interaction never duplicates it.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="interactions")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="interactions")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="interactions"
    )
    journey = models.ForeignKey(
        Journey, on_delete=models.SET_NULL, null=True, blank=True, related_name="interactions"
    )
    kind = models.CharField(max_length=32, choices=INTERACTION_KIND_CHOICES)
    occurred_at = models.DateTimeField(default=timezone.now)
    page_type = models.CharField(max_length=32, choices=PAGE_TYPE_CHOICES, blank=True)
    url = models.CharField(max_length=1000, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=40, default="helpfirst")
    external_id = models.CharField(max_length=200)
    properties = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-occurred_at"]),
            models.Index(fields=["journey", "-occurred_at"]),
            models.Index(fields=["team", "-occurred_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "source", "external_id"], name="interaction_unique_external_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"
