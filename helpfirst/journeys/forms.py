"""Forms of the journey pages: list filters, stage changes and the buyer's stated needs."""

from __future__ import annotations

from django import forms

from helpfirst.accounts.forms import STAGE_FILTER_CHOICES
from helpfirst.core import vocabulary
from helpfirst.journeys.models import Journey
from helpfirst.journeys.queries import JOURNEY_SORTS, JourneyFilters

SORT_LABELS = {
    "-updated": "Recently updated",
    "title": "Title A–Z",
    "-value": "Highest value",
    "timeline": "Buyer's timeline",
    "-stage_changed": "Recent stage change",
}


class JourneyFilterForm(forms.Form):
    """Search and filters of the journeys list (a GET form; bad values are ignored)."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    stage = forms.ChoiceField(required=False, choices=STAGE_FILTER_CHOICES, label="Buying stage")
    owner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        required=False, choices=[(k, SORT_LABELS[k]) for k in JOURNEY_SORTS], label="Sort"
    )

    def __init__(self, data, *, owners, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"placeholder": "Journey or account", "type": "search", "autocomplete": "off"}
        )
        self.fields["owner"].choices = [("", "Anyone")] + [
            (str(u.pk), u.display_name) for u in owners
        ]

    def filters(self) -> JourneyFilters:
        """Return the filters, keeping only the fields that validated."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return JourneyFilters(
            q=data.get("q") or "",
            stage=data.get("stage") or "",
            owner=data.get("owner"),
            sort=data.get("sort") or "-updated",
        )


class StageChangeForm(forms.Form):
    """Move a journey to another stage, saying why; exits also ask for a referral and re-check."""

    to_stage = forms.ChoiceField(label="Move to")
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why",
        help_text="In the buyer's words where you can.",
    )
    referred_to = forms.CharField(
        required=False,
        max_length=300,
        label="Where we referred them",
        help_text="Who can really help them instead.",
    )
    recheck_on = forms.DateField(
        required=False,
        label="Re-check on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When to look in again (nurture, not pester).",
    )

    def __init__(self, *args, journey: Journey, **kwargs):
        super().__init__(*args, **kwargs)
        self.journey = journey
        open_choices = [
            (s, vocabulary.stage_label(s))
            for s in vocabulary.STAGE_ORDER
            if s != journey.buying_stage
        ]
        exit_choices = [
            (s.value, vocabulary.stage_label(s))
            for s in vocabulary.BuyingStage
            if vocabulary.is_exit(s) and s != journey.buying_stage
        ]
        self.fields["to_stage"].choices = [
            ("The buyer's journey", open_choices),
            ("The journey ends", exit_choices),
        ]

    def clean(self):
        data = super().clean()
        to_stage = data.get("to_stage")
        if to_stage and vocabulary.is_exit(to_stage) and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the journey ends here: an exit needs a reason.")
        return data


class StatedNeedsForm(forms.ModelForm):
    """Edit what the buyer said they need, their timeline and the expected value."""

    class Meta:
        model = Journey
        fields = ["stated_needs", "buyer_timeline", "expected_value", "currency"]
        widgets = {
            "stated_needs": forms.Textarea(attrs={"rows": 5}),
            "buyer_timeline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"stated_needs": "Stated needs", "buyer_timeline": "Buyer's timeline"}
