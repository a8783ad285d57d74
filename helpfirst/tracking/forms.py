"""Forms of the website-tracking pages."""

from __future__ import annotations

from django import forms

from helpfirst.core.website.errors import TrackingSetupError
from helpfirst.tracking import sites
from helpfirst.tracking.models import IpPolicy, TrackedSite


class SiteForm(forms.Form):
    """Create or change a tracked site; origins and rules are checked by the core parsers."""

    name = forms.CharField(max_length=200)
    allowed_origins = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: the origins whose pages carry the snippet, e.g. "
        "https://www.example.com or https://*.example.com.",
    )
    page_rules = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono"}),
        help_text="One rule per line: PATTERN PAGE_TYPE, first match wins, e.g. "
        "'/pricing* pricing' or '/customers/** case_study'. * is one path segment, ** anything. "
        "Common paths (/pricing, /docs, /blog …) are recognised without a rule.",
    )
    ip_policy = forms.ChoiceField(choices=IpPolicy.choices, initial=IpPolicy.DROP)
    consent_required = forms.BooleanField(
        required=False,
        initial=True,
        help_text="Record only visitors whose page says they consented (window.helpfirstConsent "
        "= true, or helpfirst('consent', true)).",
    )
    events_per_minute = forms.IntegerField(min_value=1, max_value=1_000_000, initial=3000)
    enabled = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, team_id: int, site: TrackedSite | None = None, **kwargs):
        if site is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": site.name,
                "allowed_origins": "\n".join(site.allowed_origins),
                "page_rules": site.page_rules,
                "ip_policy": site.ip_policy,
                "consent_required": site.consent_required,
                "events_per_minute": site.events_per_minute,
                "enabled": site.enabled,
            }
        super().__init__(*args, **kwargs)
        self.team_id = team_id
        self.site = site

    def save(self) -> TrackedSite | None:
        """Save, or put the core parser's message on the field it concerns and return None."""
        data = dict(self.cleaned_data)
        try:
            if self.site is None:
                return sites.create_site(self.team_id, **data)
            return sites.update_site(self.site, **data)
        except TrackingSetupError as exc:
            self.add_error(self._field_of(exc), str(exc))
            return None

    def _field_of(self, exc: TrackingSetupError) -> str | None:
        """The form field a core error is about (origins and page rules carry a line)."""
        field = exc.location.field
        if field == "origin":
            return "allowed_origins"
        if field in ("pattern", "page_type") or (field is None and exc.location.line):
            return "page_rules"
        return field if field in self.fields else None


class OpenTrackingForm(forms.Form):
    open_tracking = forms.BooleanField(
        required=False,
        label="Track e-mail opens (unreliable)",
        help_text="Adds a 1x1 image to e-mails. Image proxies and privacy features make opens "
        "unreliable: they are always shown as such.",
    )
