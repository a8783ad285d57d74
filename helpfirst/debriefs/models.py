"""Structured debriefs: what happened, how, why, what the buyer valued, what we'd do differently."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.playbook.models import Problem
from helpfirst.team.models import Team


class DebriefKind(models.TextChoices):
    AFTER_CALL = "after_call", "After a call"
    OUTCOME = "outcome", "After an outcome"


class Outcome(models.TextChoices):
    """How a journey ended; the values match ``helpfirst.core.debriefs.OUTCOME_CLASS``."""

    WON = "won", "Won"
    NOT_A_FIT = "not_a_fit", "Not a fit"
    CHOSE_ALTERNATIVE = "chose_alternative", "Chose an alternative"
    NO_DECISION = "no_decision", "No decision"
    CHURNED = "churned", "Churned"


# Reason codes offered as suggestions; teams may type their own too.
SUGGESTED_REASON_CODES: tuple[str, ...] = (
    "clear_problem",
    "strong_champion",
    "proved_value_early",
    "business_case",
    "security_review",
    "integration",
    "budget",
    "timing",
    "price",
    "competitor",
    "no_priority",
    "no_champion",
    "scope_mismatch",
    "too_small",
    "low_adoption",
    "referred_elsewhere",
)


class Debrief(models.Model):
    """A short structured look back after a call or when a journey reaches an outcome."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="debriefs")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="debriefs")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="debriefs",
    )
    kind = models.CharField(max_length=16, choices=DebriefKind.choices, default=DebriefKind.OUTCOME)
    outcome = models.CharField(
        max_length=32, choices=Outcome.choices, blank=True,
        help_text="How the journey ended (empty for a debrief after a call).",
    )
    interaction = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="debriefs",
        help_text="The call or meeting this debrief looks back on.",
    )
    problem = models.ForeignKey(
        Problem, on_delete=models.SET_NULL, null=True, blank=True, related_name="debriefs",
        help_text="The playbook problem the journey was about, if any.",
    )
    what_happened = models.TextField(blank=True)
    how = models.TextField(blank=True, help_text="How it came about.")
    why = models.TextField(blank=True)
    buyer_valued = models.TextField(blank=True, help_text="What the buyer valued, in their words.")
    do_differently = models.TextField(blank=True, help_text="What we will do differently.")
    reason_codes = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=40, default="helpfirst")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["team", "-created_at"]),
            models.Index(fields=["journey", "kind"]),
        ]

    def __str__(self) -> str:
        what = self.get_outcome_display() if self.outcome else self.get_kind_display()
        return f"Debrief ({what}) on {self.journey}"

    @property
    def text(self) -> str:
        """Return the free-text answers joined (what the lessons page reads for themes)."""
        parts = (self.what_happened, self.how, self.why, self.buyer_valued, self.do_differently)
        return "\n".join(part.strip() for part in parts if part and part.strip())
