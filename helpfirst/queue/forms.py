"""Forms behind the queue's one-click actions and the stage-suggestion buttons."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from helpfirst.core import vocabulary
from helpfirst.queue.services import TOUCH_CHOICES

SNOOZE_CHOICES = [("1d", "1 day"), ("1w", "1 week"), ("date", "Until a date")]


class TouchForm(forms.Form):
    touch = forms.ChoiceField(choices=[(k, v[0]) for k, v in TOUCH_CHOICES.items()])
    intent = forms.ChoiceField(
        choices=[("gave", "Gave something useful"), ("asked", "Asked"), ("neutral", "Neither")],
        initial="gave",
    )
    note = forms.CharField(max_length=500, required=False)


class SnoozeForm(forms.Form):
    period = forms.ChoiceField(choices=SNOOZE_CHOICES)
    until_date = forms.DateField(required=False)
    reason = forms.CharField(max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("period") == "date":
            until_date = data.get("until_date")
            if until_date is None:
                self.add_error("until_date", "Pick the date the journey should come back.")
            elif until_date <= timezone.localdate():
                self.add_error("until_date", "Pick a date after today.")
        return data

    def until(self, now: datetime) -> datetime:
        """Return the moment the snooze ends."""
        period = self.cleaned_data["period"]
        if period == "1d":
            return now + timedelta(days=1)
        if period == "1w":
            return now + timedelta(weeks=1)
        start = datetime.combine(self.cleaned_data["until_date"], time(6, 0))
        return timezone.make_aware(start)


class NotAFitForm(forms.Form):
    reason = forms.CharField(
        max_length=1000, help_text="Why we can't help them well (they will be better served…)."
    )
    referred_to = forms.CharField(max_length=300, required=False)
    recheck_on = forms.DateField(required=False)


class StageSuggestionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", "Accept"), ("keep", "Keep current"), ("override", "Override")]
    )
    suggested_stage = forms.ChoiceField(choices=vocabulary.choices(vocabulary.BuyingStage))
    chosen_stage = forms.ChoiceField(
        choices=[("", "—")] + [(str(s), vocabulary.stage_label(s)) for s in vocabulary.STAGE_ORDER],
        required=False,
    )
    note = forms.CharField(max_length=1000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "override" and not data.get("chosen_stage"):
            self.add_error("chosen_stage", "Choose the stage you see the buyer in.")
        return data
