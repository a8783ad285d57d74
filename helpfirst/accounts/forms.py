"""Forms of the account pages: the list filters and the account's own details."""

from __future__ import annotations

from django import forms

from helpfirst.accounts.models import Account
from helpfirst.accounts.queries import ACCOUNT_SORTS, AccountFilters
from helpfirst.core import vocabulary

STAGE_FILTER_CHOICES = [
    ("", "Any stage"),
    ("open", "Any open journey"),
    ("pre_sale", "Before the sale"),
    ("customer", "Customers"),
    ("exit", "Any exit"),
    *vocabulary.choices(vocabulary.BuyingStage),
]
FIT_FILTER_CHOICES = [
    ("", "Any fit"),
    ("strong", "Strong fit"),
    ("possible", "Possible fit"),
    ("poor", "Poor fit"),
    ("unknown", "Not enough known"),
]
SORT_LABELS = {
    "name": "Name A–Z",
    "-name": "Name Z–A",
    "industry": "Industry",
    "-employees": "Largest first",
    "employees": "Smallest first",
    "-updated": "Recently updated",
}


class AccountFilterForm(forms.Form):
    """Search and filters of the accounts list (a GET form; bad values are ignored)."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    industry = forms.ChoiceField(required=False)
    stage = forms.ChoiceField(required=False, choices=STAGE_FILTER_CHOICES, label="Buying stage")
    owner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        required=False, choices=[(k, SORT_LABELS[k]) for k in ACCOUNT_SORTS], label="Sort"
    )
    fit = forms.ChoiceField(required=False, choices=FIT_FILTER_CHOICES, label="Fit verdict")

    def __init__(self, data, *, industries: list[str], owners, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"placeholder": "Name or domain", "type": "search", "autocomplete": "off"}
        )
        self.fields["industry"].choices = [("", "All industries")] + [(i, i) for i in industries]
        self.fields["owner"].choices = [("", "Anyone")] + [
            (str(u.pk), u.display_name) for u in owners
        ]

    def filters(self) -> AccountFilters:
        """Return the filters, keeping only the fields that validated."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AccountFilters(
            q=data.get("q") or "",
            industry=data.get("industry") or "",
            stage=data.get("stage") or "",
            owner=data.get("owner"),
            sort=data.get("sort") or "name",
            fit=data.get("fit") or "",
        )


class AccountForm(forms.ModelForm):
    """Edit an account's details, strategies and priorities."""

    class Meta:
        model = Account
        fields = ["name", "domain", "industry", "employees", "region", "strategies", "priorities"]
        widgets = {
            "strategies": forms.Textarea(attrs={"rows": 4}),
            "priorities": forms.Textarea(attrs={"rows": 4}),
        }
