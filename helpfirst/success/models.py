"""The buyer's business case, the success plan after the sale, and fit at decision time."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from helpfirst.core.business_case import BusinessCase as CaseInputs
from helpfirst.core.errors import DataValidationError
from helpfirst.journeys.models import Journey
from helpfirst.team.models import Team


class BusinessCase(models.Model):
    """The case a buyer takes up their chain, in their numbers (inputs only; figures computed)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="business_cases")
    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="business_case")
    inputs = models.JSONField(
        help_text="The inputs as read by helpfirst.core.business_case.BusinessCase.from_dict."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Business case for {self.journey}"

    def as_inputs(self) -> CaseInputs:
        """Return the stored inputs as the core dataclass (raises ``DataValidationError``)."""
        return CaseInputs.from_dict(self.inputs)

    def clean(self) -> None:
        try:
            self.as_inputs()
        except (DataValidationError, TypeError) as error:
            raise ValidationError({"inputs": str(error)}) from error


class SuccessPlan(models.Model):
    """What takes a won customer from purchase to the value they expected, and how it is going."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="success_plans")
    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="success_plan")
    started_on = models.DateField(help_text="When they bought: month 0 of the business case.")
    sentiment = models.FloatField(
        null=True, blank=True,
        help_text="How they feel about it, -1 (unhappy) to 1 (delighted), from calls and surveys.",
    )
    sentiment_noted_on = models.DateField(null=True, blank=True)
    reference_consent = models.BooleanField(
        default=False, help_text="They said yes to being a reference."
    )
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=40, default="helpfirst")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Success plan for {self.journey}"

    def months_since_start(self, on: date) -> float:
        """Return how many months (30.4 days each) lie between the purchase and ``on``."""
        return max(0.0, (on - self.started_on).days / 30.4375)


class Milestone(models.Model):
    """One implementation step the customer and we agreed on, with its owner and due date."""

    plan = models.ForeignKey(SuccessPlan, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(max_length=200)
    owner_name = models.CharField(max_length=200, help_text="Who owns it (either side).")
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.name


class ValueCheckpoint(models.Model):
    """The benefit the customer has realised so far, measured with them on a given day."""

    plan = models.ForeignKey(SuccessPlan, on_delete=models.CASCADE, related_name="checkpoints")
    measured_on = models.DateField()
    realised_benefit = models.DecimalField(max_digits=14, decimal_places=2)
    label = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, help_text="How it was measured, in their numbers.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measured_on", "id"]

    def __str__(self) -> str:
        return f"{self.realised_benefit} realised on {self.measured_on}"


class FitAtDecision(models.Model):
    """The fit verdict we held when the buyer decided (bought, or not), kept unchanged.

    The manager view groups outcomes by it: the evidence that helping the right buyers pays.
    An empty verdict means fit was not assessed at the time.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    journey = models.OneToOneField(
        Journey, on_delete=models.CASCADE, related_name="fit_at_decision"
    )
    outcome = models.CharField(max_length=32)
    decided_at = models.DateTimeField()
    fit_verdict = models.CharField(max_length=40, blank=True)
    fit_score = models.FloatField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.journey}: {self.fit_verdict or 'not assessed'} at {self.outcome}"
