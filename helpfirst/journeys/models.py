"""A buyer's journey with us for one need at one account (other CRMs: an opportunity)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from helpfirst.accounts.models import STAKEHOLDER_ROLE_CHOICES, Account, Contact
from helpfirst.core import vocabulary
from helpfirst.team.models import Team

BUYING_STAGE_CHOICES = [(str(key), label) for key, label in vocabulary.BUYING_STAGE_LABELS.items()]


class Journey(models.Model):
    """The buyer's journey for one need; the stage is in the buyer's terms, not our pipeline's."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="journeys")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="journeys")
    title = models.CharField(max_length=250)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="journeys"
    )
    stated_needs = models.TextField(blank=True, help_text="What the buyer said they need.")
    buying_stage = models.CharField(
        max_length=32, choices=BUYING_STAGE_CHOICES, default="exploring_problem", db_index=True
    )
    exit_reason = models.TextField(blank=True)
    referred_to = models.CharField(max_length=300, blank=True)
    recheck_on = models.DateField(null=True, blank=True)
    expected_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    buyer_timeline = models.DateField(
        null=True, blank=True, help_text="When the buyer wants the problem solved."
    )
    stage_changed_at = models.DateTimeField(default=timezone.now)
    stakeholders = models.ManyToManyField(
        Contact, through="JourneyStakeholder", related_name="journeys", blank=True
    )
    source = models.CharField(max_length=40, default="helpfirst")
    external_id = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["team", "owner", "buying_stage"]),
            models.Index(fields=["account", "buying_stage"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="journey_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("journey-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return not vocabulary.is_exit(self.buying_stage)


class JourneyStakeholder(models.Model):
    """A contact's part in one journey's buying committee."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="committee")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="committee_seats")
    stakeholder_role = models.CharField(
        max_length=32,
        choices=STAKEHOLDER_ROLE_CHOICES,
        blank=True,
        help_text="Role in this journey, when it differs from the contact's usual role.",
    )
    influence = models.PositiveSmallIntegerField(default=3, help_text="1 (low) to 5 (high).")
    stance = models.CharField(
        max_length=16,
        choices=[("supporter", "Supporter"), ("neutral", "Neutral"), ("sceptic", "Sceptic")],
        default="neutral",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "contact"], name="stakeholder_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} on {self.journey}"

    @property
    def role(self) -> str:
        return self.stakeholder_role or self.contact.stakeholder_role


class StageChange(models.Model):
    """One move of a journey's stage: who moved it, when and why. Append-only history."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="stage_history")
    from_stage = models.CharField(max_length=32, choices=BUYING_STAGE_CHOICES, blank=True)
    to_stage = models.CharField(max_length=32, choices=BUYING_STAGE_CHOICES)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.journey}: {self.from_stage or '—'} → {self.to_stage}"
