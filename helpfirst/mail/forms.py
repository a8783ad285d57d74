"""E-mail capture: the mail settings form."""

from __future__ import annotations

import re

from django import forms

from helpfirst.mail.models import MailSettings

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def clean_domains(values: list[str]) -> list[str]:
    """Lower-case, de-duplicate and check a list of domains; raise ValueError naming a bad one."""
    cleaned: dict[str, None] = {}
    for value in values:
        domain = value.strip().lower().lstrip("@")
        if not domain:
            continue
        if not DOMAIN.match(domain):
            raise ValueError(f"{value!r} is not a domain name (e.g. acme.com).")
        cleaned.setdefault(domain, None)
    return list(cleaned)


class MailSettingsForm(forms.ModelForm):
    team_domains_text = forms.CharField(
        label="Our domains",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, e.g. acme.com. Mail from these domains counts as sent by us; "
        "team members' own addresses always do.",
    )

    class Meta:
        model = MailSettings
        fields = ["store_bodies", "drop_domain"]
        labels = {
            "store_bodies": "Keep e-mail bodies",
            "drop_domain": "Drop address domain",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_domains_text"].initial = "\n".join(self.instance.team_domains or [])
        self.order_fields(["store_bodies", "team_domains_text", "drop_domain"])

    def clean_team_domains_text(self) -> list[str]:
        lines = re.split(r"[\s,;]+", self.cleaned_data.get("team_domains_text") or "")
        try:
            return clean_domains(lines)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_drop_domain(self) -> str:
        value = (self.cleaned_data.get("drop_domain") or "").strip().lower()
        if value:
            try:
                value = clean_domains([value])[0]
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return value

    def save(self, commit: bool = True) -> MailSettings:
        self.instance.team_domains = self.cleaned_data["team_domains_text"]
        return super().save(commit)
