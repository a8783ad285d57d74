"""The quick debrief form: a handful of short answers, defaults filled in, under two minutes."""

from __future__ import annotations

from django import forms

from helpfirst.debriefs.models import DebriefKind, Outcome
from helpfirst.playbook.models import Problem


def _short(placeholder: str) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 2, "placeholder": placeholder})


class DebriefForm(forms.Form):
    """Ask what happened, why, what the buyer valued and what we'd do differently."""

    kind = forms.ChoiceField(choices=DebriefKind.choices, widget=forms.HiddenInput)
    interaction = forms.IntegerField(required=False, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        choices=[("", "— no outcome yet (after a call) —"), *Outcome.choices], required=False
    )
    what_happened = forms.CharField(
        label="What happened", required=False, max_length=4000,
        widget=_short("They chose to run a two-week trial with the planning team."),
    )
    why = forms.CharField(
        label="Why", required=False, max_length=4000,
        widget=_short("Their CFO needed proof on their own data before committing."),
    )
    buyer_valued = forms.CharField(
        label="What the buyer valued", required=False, max_length=4000,
        widget=_short("The worked example on their numbers."),
    )
    do_differently = forms.CharField(
        label="What we'd do differently", required=False, max_length=4000,
        widget=_short("Bring finance in at the first call."),
    )
    how = forms.CharField(
        label="How it came about", required=False, max_length=4000,
        widget=_short("Optional: the turning point, who moved it."),
    )
    reason_codes = forms.CharField(
        label="Reason codes", required=False, max_length=600,
        help_text="Comma-separated, e.g. budget, strong_champion, timing.",
        widget=forms.TextInput(attrs={"list": "reason-code-suggestions"}),
    )
    problem = forms.ModelChoiceField(
        queryset=Problem.objects.none(), required=False, label="Problem it was about",
        help_text="Left empty, we pick the playbook problem their stated needs echo.",
    )

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        if team is not None:
            self.fields["problem"].queryset = Problem.objects.filter(team=team)

    def clean(self):
        data = super().clean()
        if not (data.get("what_happened") or "").strip() and not (data.get("why") or "").strip():
            raise forms.ValidationError("Write a line on what happened or why.")
        if data.get("kind") == DebriefKind.OUTCOME and not data.get("outcome"):
            self.add_error("outcome", "Say how the journey ended.")
        return data
