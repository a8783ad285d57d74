"""A sales call: its (possibly redacted) transcript, the analysis, and metrics for coaching."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from helpfirst.accounts.models import Account, Contact
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey
from helpfirst.team.models import Team


class Redaction(models.TextChoices):
    """What was blanked out of the stored text before anything was kept."""

    NONE = "none", "Nothing redacted"
    CARDS = "cards", "Card numbers redacted"
    ALL = "all", "E-mail addresses, phone and card numbers redacted"


class Call(models.Model):
    """One recorded sales call on a journey, analysed for helping vs pushing.

    ``analysis`` holds exactly the JSON of ``helpfirst calls analyze --format json``; the columns
    after it repeat its headline figures so the coaching view can aggregate in the database.
    They are empty (null) for audio without sides, which cannot be analysed.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="calls")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="calls")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="calls")
    contacts = models.ManyToManyField(Contact, related_name="calls", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="calls",
        help_text="The rep whose call it is (coached on it).",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_calls",
    )
    interaction = models.OneToOneField(
        Interaction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_record",
        help_text="The call interaction this record was made from, when there is one.",
    )
    title = models.CharField(max_length=300, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    transcript_text = models.TextField(help_text="The source transcript, as stored (redacted).")
    input_format = models.CharField(max_length=16)
    filename = models.CharField(max_length=255, blank=True)
    redaction = models.CharField(max_length=8, choices=Redaction.choices, default=Redaction.CARDS)
    has_sides = models.BooleanField(default=True)
    timing = models.CharField(max_length=12, default="measured")
    seller_names = models.JSONField(default=list, blank=True)
    utterances = models.JSONField(
        default=list, blank=True, help_text="[speaker, start_s, end_s, text] per utterance."
    )
    analysis = models.JSONField(default=dict, blank=True)
    coaching_moments = models.JSONField(
        default=list, blank=True, help_text="The coaching notes with the moment (t) they refer to."
    )
    monologue_start_s = models.FloatField(null=True, blank=True)

    duration_s = models.FloatField(null=True, blank=True)
    talk_ratio = models.FloatField(null=True, blank=True)
    seller_question_count = models.PositiveIntegerField(null=True, blank=True)
    seller_open_question_count = models.PositiveIntegerField(null=True, blank=True)
    open_question_share = models.FloatField(null=True, blank=True)
    longest_monologue_s = models.FloatField(null=True, blank=True)
    pressure_tactic_count = models.PositiveIntegerField(null=True, blank=True)
    next_step_agreed = models.BooleanField(null=True, blank=True)
    helping_score = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["team", "occurred_at"]),
            models.Index(fields=["owner", "occurred_at"]),
            models.Index(fields=["journey", "-occurred_at"]),
        ]

    def __str__(self) -> str:
        return self.title or f"Call on {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("call-detail", args=[self.pk])

    @property
    def is_analysed(self) -> bool:
        return bool(self.analysis)
