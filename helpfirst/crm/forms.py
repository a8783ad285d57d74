"""The form that connects a CRM."""

from __future__ import annotations

from django import forms

from helpfirst.crm.models import CrmKind


class CrmConnectionForm(forms.Form):
    kind = forms.ChoiceField(label="CRM", choices=CrmKind.choices)
    name = forms.CharField(max_length=200, help_text="e.g. 'HubSpot production'.")
    external_account_id = forms.CharField(
        label="Portal or organisation id",
        max_length=64,
        required=False,
        help_text="HubSpot portal id or Salesforce organisation id; deliveries from any other "
        "are refused.",
    )
    secret = forms.CharField(
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="HubSpot: the app's client secret (required). Salesforce: leave empty and "
        "helpfirst generates one for your connector.",
    )
    stage_map = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your own deal stages, one per line: 'Pilot running=evaluating'.",
    )

    def stage_lines(self) -> list[str]:
        text = self.cleaned_data.get("stage_map") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]
