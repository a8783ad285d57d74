"""Forms for editing a plan: one step (with the version it was read at), a new buyer link."""

from __future__ import annotations

from django import forms

from helpfirst.plans.models import DealType, OwnerSide, StepStatus
from helpfirst.plans.services import DEFAULT_LINK_DAYS, MAX_LINK_DAYS

UNASSIGNED = "unassigned"


def owner_choices(journey) -> list[tuple[str, str]]:
    """Return the owner options: nobody yet, each seller on the team, each buyer contact."""
    sellers = journey.team.members.filter(is_active=True).order_by("first_name", "username")
    contacts = journey.account.contacts.all().order_by("last_name", "first_name")
    return [
        (UNASSIGNED, "Unassigned"),
        ("seller:", "Our team"),
        *[(f"seller:{u.pk}", f"Us: {u.display_name}") for u in sellers],
        ("buyer:", "Buyer team"),
        *[(f"buyer:{c.pk}", f"Buyer: {c.name}") for c in contacts],
    ]


def owner_value(step) -> str:
    """Return the owner option that ``step`` currently has."""
    if step.owner_side == OwnerSide.SELLER:
        return f"seller:{step.owner_user_id or ''}"
    if step.owner_side == OwnerSide.BUYER:
        return f"buyer:{step.owner_contact_id or ''}"
    return UNASSIGNED


class PlanStartForm(forms.Form):
    deal_type = forms.ChoiceField(choices=DealType.choices, initial=DealType.NEW_PURCHASE)


class PlanStepForm(forms.Form):
    """Edit one step; ``version`` is the step's version when the form was rendered."""

    title = forms.CharField(max_length=200)
    owner = forms.ChoiceField()
    due_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(choices=StepStatus.choices, initial=StepStatus.OPEN)
    internal_note = forms.CharField(
        required=False, max_length=2000, widget=forms.TextInput(attrs={"placeholder": "Internal"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.journey = journey
        self.fields["owner"].choices = owner_choices(journey)

    def step_values(self) -> dict:
        """Return the cleaned data as service keyword arguments (owner resolved to rows)."""
        data = self.cleaned_data
        side, _, pk = data["owner"].partition(":")
        values = {
            "title": data["title"],
            "due_on": data["due_on"],
            "status": data["status"],
            "internal_note": data["internal_note"],
            "owner_side": side,
            "owner_user": None,
            "owner_contact": None,
        }
        if side == OwnerSide.SELLER and pk:
            values["owner_user"] = self.journey.team.members.get(pk=int(pk))
        elif side == OwnerSide.BUYER and pk:
            values["owner_contact"] = self.journey.account.contacts.get(pk=int(pk))
        return values


def step_form(step, journey, data=None) -> PlanStepForm:
    """Return the edit form of ``step``, bound to ``data`` when given."""
    initial = {
        "title": step.title,
        "owner": owner_value(step),
        "due_on": step.due_on,
        "status": step.status,
        "internal_note": step.internal_note,
        "version": step.version,
    }
    return PlanStepForm(data, journey=journey, initial=initial, prefix=f"step-{step.pk}")


class BuyerLinkForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=MAX_LINK_DAYS, initial=DEFAULT_LINK_DAYS)
    label = forms.CharField(max_length=120, required=False)
