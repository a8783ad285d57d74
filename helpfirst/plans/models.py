"""The mutual action plan: the buyer's own path to a decision, and links to share it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.journeys.models import Journey


class DealType(models.TextChoices):
    NEW_PURCHASE = "new_purchase", "New purchase"
    EXPANSION = "expansion", "Expansion"
    RENEWAL = "renewal", "Renewal"


class OwnerSide(models.TextChoices):
    BUYER = "buyer", "Buyer"
    SELLER = "seller", "Us"
    UNASSIGNED = "unassigned", "Unassigned"


class StepStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class ActionPlan(models.Model):
    """One journey's mutual action plan, seeded from a deal-type template."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="action_plan")
    deal_type = models.CharField(
        max_length=20, choices=DealType.choices, default=DealType.NEW_PURCHASE
    )
    goal = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the buyer wants to have achieved, in their words.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Plan for {self.journey}"


class PlanStep(models.Model):
    """One step on the buyer's path, owned by someone on either side (or flagged unassigned).

    ``version`` grows by one on every save through the services, so an edit made from a stale
    copy is refused instead of silently erasing a colleague's change.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    owner_side = models.CharField(
        max_length=12, choices=OwnerSide.choices, default=OwnerSide.UNASSIGNED
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
    )
    owner_contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_steps"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=StepStatus.choices, default=StepStatus.OPEN)
    internal_note = models.TextField(blank=True, help_text="For our team only; never shared.")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_side == OwnerSide.SELLER and self.owner_user_id:
            return self.owner_user.display_name
        if self.owner_side == OwnerSide.BUYER and self.owner_contact_id:
            return self.owner_contact.name
        if self.owner_side == OwnerSide.UNASSIGNED:
            return ""
        return "Buyer team" if self.owner_side == OwnerSide.BUYER else "Our team"

    @property
    def is_open(self) -> bool:
        return self.status in (StepStatus.OPEN, StepStatus.IN_PROGRESS)

    def days_late(self, today) -> int:
        """Return how many days an open step is past its date (0 when on time or done)."""
        if not self.is_open or self.due_on is None:
            return 0
        return max(0, (today - self.due_on).days)


class BuyerLink(models.Model):
    """A read-only link to the plan for the buyer: only the hash of its token is stored."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="buyer_links")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to recognise a link.")
    label = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.plan})"

    def is_live(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now
