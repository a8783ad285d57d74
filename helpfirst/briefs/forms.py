"""Forms for editing the buying committee."""

from __future__ import annotations

from django import forms

from helpfirst.accounts.models import STAKEHOLDER_ROLE_CHOICES

STANCE_CHOICES = [("supporter", "Supporter"), ("neutral", "Neutral"), ("sceptic", "Sceptic")]
ROLE_CHOICES = [("", "Their usual role"), *STAKEHOLDER_ROLE_CHOICES]


class SeatForm(forms.Form):
    """Edit one seat: role in this journey, influence, stance and what matters to them."""

    stakeholder_role = forms.ChoiceField(choices=ROLE_CHOICES, required=False, label="Role")
    influence = forms.IntegerField(min_value=1, max_value=5, initial=3)
    stance = forms.ChoiceField(choices=STANCE_CHOICES, initial="neutral")
    what_matters = forms.CharField(
        required=False,
        max_length=1000,
        label="What matters to them",
        widget=forms.TextInput(attrs={"placeholder": "In their words"}),
    )


class AddSeatForm(SeatForm):
    """Seat a contact of the journey's account on its committee."""

    contact = forms.ModelChoiceField(queryset=None, label="Person")

    def __init__(self, *args, journey, **kwargs):
        super().__init__(*args, **kwargs)
        seated = journey.committee.values("contact_id")
        self.fields["contact"].queryset = journey.account.contacts.exclude(pk__in=seated)
        self.order_fields(["contact"])
