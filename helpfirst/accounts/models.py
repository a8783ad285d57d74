"""Buying companies and the people in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.team.models import Team

STAKEHOLDER_ROLE_CHOICES = [
    (str(key), label) for key, label in vocabulary.STAKEHOLDER_ROLE_LABELS.items()
]


class Account(models.Model):
    """A company we might help, with its own strategies and priorities."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="accounts")
    name = models.CharField(max_length=250)
    domain = models.CharField(max_length=250, blank=True)
    industry = models.CharField(max_length=120, blank=True, db_index=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    region = models.CharField(max_length=120, blank=True)
    strategies = models.TextField(blank=True, help_text="Their strategies, in their words.")
    priorities = models.TextField(blank=True, help_text="What they are prioritising this year.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_accounts",
    )
    source = models.CharField(max_length=40, default="helpfirst")
    external_id = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["team", "name"]),
            # Covers the industry filter's DISTINCT list without touching the table.
            models.Index(fields=["team", "industry"], name="account_team_industry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="account_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("account-detail", args=[self.pk])


class Contact(models.Model):
    """A person at an account, their role in the buying decision, and their consent."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="contacts")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(max_length=120, blank=True)
    last_name = models.CharField(max_length=120, blank=True)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=60, blank=True)
    stakeholder_role = models.CharField(
        max_length=32, choices=STAKEHOLDER_ROLE_CHOICES, default="unknown"
    )
    what_matters = models.TextField(blank=True, help_text="What matters to them, in their words.")
    may_contact = models.BooleanField(default=True, help_text="They agreed to be contacted.")
    recording_consent = models.BooleanField(default=False, help_text="They agreed to recording.")
    source = models.CharField(max_length=40, default="helpfirst")
    external_id = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["team", "email"])]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="contact_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email or f"Contact {self.pk}"


class PageDataVersion(models.Model):
    """A token that changes on every write to what a team's account pages show.

    ``helpfirst.accounts.page_cache`` keys rendered page fragments by it, so a write made in one
    server process is seen at once by every other: they read the new token and miss the cache.
    """

    team = models.OneToOneField(Team, on_delete=models.CASCADE, primary_key=True, related_name="+")
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"team {self.team_id}: {self.token}"
