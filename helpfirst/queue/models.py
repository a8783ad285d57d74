"""What the help queue remembers: snoozed journeys and the rep's verdicts on stage suggestions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from helpfirst.journeys.models import BUYING_STAGE_CHOICES, Journey


class Snooze(models.Model):
    """Hide a journey from its owner's help queue until a moment; the latest snooze counts."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="snoozes")
    until = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["journey", "-until"])]

    def __str__(self) -> str:
        return f"{self.journey} snoozed until {self.until:%Y-%m-%d %H:%M}"


class SuggestionDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    OVERRIDDEN = "overridden", "Overridden"
    DISMISSED = "dismissed", "Kept current stage"


class StageSuggestionDecision(models.Model):
    """Record how the rep answered a suggested stage: accepted, overridden or kept as it was.

    The system never moves a journey on its own; this row is the rep's answer, with the
    evidence they saw, so the team can later check how good the suggestions were.
    """

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="stage_suggestion_decisions"
    )
    current_stage = models.CharField(max_length=32, choices=BUYING_STAGE_CHOICES)
    suggested_stage = models.CharField(max_length=32, choices=BUYING_STAGE_CHOICES)
    decision = models.CharField(max_length=16, choices=SuggestionDecision.choices)
    chosen_stage = models.CharField(max_length=32, choices=BUYING_STAGE_CHOICES)
    confidence = models.FloatField(default=0.0)
    evidence = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.journey}: {self.suggested_stage} {self.decision}"
