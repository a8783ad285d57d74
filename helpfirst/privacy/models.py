"""Privacy: a team's redaction switch and its retention rules."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from helpfirst.team.models import Team


class PrivacySettings(models.Model):
    """A team's privacy switches (a team without a row has the defaults)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="privacy_settings")
    redact_card_numbers = models.BooleanField(
        default=True,
        help_text="Replace payment card numbers in stored transcripts and notes (on by default).",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "privacy settings"

    def __str__(self) -> str:
        return f"Privacy settings of {self.team}"


class RetentionUnit(models.TextChoices):
    DAYS = "days", "days"
    MONTHS = "months", "months"


class RetentionPolicy(models.Model):
    """Keep one kind of data (a retention target, see ``helpfirst.privacy.retention``) for a
    while, then remove it. ``target`` names an entry of the registry, so apps add kinds of
    data without a migration here."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="retention_policies")
    target = models.CharField(max_length=60)
    keep_for = models.PositiveIntegerField(help_text="How long to keep it.")
    unit = models.CharField(max_length=8, choices=RetentionUnit.choices, default="months")
    enabled = models.BooleanField(default=True)
    last_applied_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team", "target"]
        constraints = [
            models.UniqueConstraint(fields=["team", "target"], name="retention_one_per_target")
        ]
        verbose_name_plural = "retention policies"

    def __str__(self) -> str:
        return f"{self.target}: keep {self.keep_for} {self.unit}"
