"""Stored fit assessments of journeys, and the graceful exits (nurture list) they led to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from helpfirst.journeys.models import Journey
from helpfirst.team.models import Team

VERDICT_CHOICES = [
    ("strong", "Strong fit"),
    ("possible", "Possible fit"),
    ("poor", "Poor fit"),
    ("unknown", "Not enough known"),
]


class FitRecord(models.Model):
    """One fit assessment of a journey, as ``FitAssessment.as_dict()`` plus headline columns.

    ``inputs_fingerprint`` hashes the evidence, the playbook and the backend: re-assessing
    unchanged inputs returns the latest record instead of writing a new one. Exactly one record
    per journey has ``is_latest`` set, so lists read the current verdict in one query.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="fit_records")
    score = models.PositiveSmallIntegerField()
    verdict = models.CharField(max_length=16, choices=VERDICT_CHOICES)
    out_of_scope = models.BooleanField(default=False)
    payload = models.JSONField(help_text="FitAssessment.as_dict() of this assessment.")
    backend = models.CharField(max_length=16, default="builtin")
    inputs_fingerprint = models.CharField(max_length=64)
    is_latest = models.BooleanField(default=True)
    assessed_at = models.DateTimeField(default=timezone.now)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-assessed_at", "-id"]
        indexes = [
            models.Index(fields=["journey", "-assessed_at"]),
            models.Index(fields=["team", "is_latest", "verdict"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["journey"], condition=models.Q(is_latest=True), name="fit_one_latest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.journey}: {self.verdict} ({self.score})"


class FitExit(models.Model):
    """A graceful exit we took with a buyer: why, who we referred them to, when to look again.

    Together these rows are the nurture list. ``needs_at_exit`` keeps the stated needs as they
    were, so the nurture page can show what changed since.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="fit_exits")
    fit_record = models.ForeignKey(
        FitRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    referred_to = models.CharField(max_length=300, blank=True)
    referral_url = models.CharField(max_length=500, blank=True)
    anti_fit = models.CharField(max_length=120, blank=True)
    note_to_buyer = models.TextField(blank=True)
    recheck_on = models.DateField()
    needs_at_exit = models.TextField(blank=True)
    exited_at = models.DateTimeField(default=timezone.now)
    exited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rechecked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recheck_on", "id"]
        indexes = [models.Index(fields=["team", "recheck_on"])]

    def __str__(self) -> str:
        return f"{self.journey}: re-check on {self.recheck_on}"
