"""Follow-up e-mail templates a team writes once and helpfirst personalises per buyer."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from helpfirst.team.models import Team


class FollowUpTemplate(models.Model):
    """An e-mail template with ``{placeholders}`` filled from the buyer's own words."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="follow_up_templates")
    name = models.CharField(max_length=120)
    subject = models.CharField(max_length=250)
    body = models.TextField(
        help_text="Placeholders: {first_name} {their_words} {what_matters} {content_title} "
        "{content_link} {account} {rep_name} {next_step}."
    )
    buying_stages = models.JSONField(default=list, blank=True, help_text="Empty: any stage.")
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="followup_template_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
