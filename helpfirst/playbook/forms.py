"""Forms of the playbook pages: problems, anti-fits and the content library."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from helpfirst.core import vocabulary
from helpfirst.playbook.models import AntiFit, ContentItem, Problem


class LinesField(forms.CharField):
    """Edit a JSON list of strings as a textarea, one entry a line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        if isinstance(text, list):
            return [str(v) for v in text]
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class TeamSlugMixin:
    """Fill the slug from the title and keep slugs unique within the team."""

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:80]
        if not slug:
            raise forms.ValidationError("Give it a title or a slug.")
        others = self._meta.model.objects.filter(team=self.team, slug=slug)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Another entry of the playbook already uses this slug.")
        return slug

    def save(self, commit=True):
        self.instance.team = self.team
        return super().save(commit=commit)


class ProblemForm(TeamSlugMixin, forms.ModelForm):
    """Create or edit a problem we solve well."""

    slug = forms.SlugField(required=False, help_text="Left empty, it is made from the title.")
    example_phrasings = LinesField(
        required=False, help_text="How a buyer might say it, one phrasing a line."
    )
    industries = LinesField(required=False, help_text="One industry a line.")
    roles = LinesField(required=False, help_text="Job roles that typically have it, one a line.")
    proof = LinesField(required=False, help_text="Case studies and other proof, one a line.")

    class Meta:
        model = Problem
        fields = [
            "title",
            "slug",
            "description",
            "example_phrasings",
            "industries",
            "roles",
            "company_size_min",
            "company_size_max",
            "proof",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_title(self):
        title = self.cleaned_data["title"]
        others = Problem.objects.filter(team=self.team, title=title)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("The playbook already has a problem with this title.")
        return title


class AntiFitForm(TeamSlugMixin, forms.ModelForm):
    """Create or edit an anti-fit: who we do not serve, and where we send them."""

    slug = forms.SlugField(required=False, help_text="Left empty, it is made from the title.")
    example_phrasings = LinesField(required=False, help_text="One phrasing a line.")
    industries = LinesField(required=False, help_text="One industry a line.")
    referral_url = forms.URLField(required=False, assume_scheme="https", label="Referral link")

    class Meta:
        model = AntiFit
        fields = [
            "title",
            "slug",
            "description",
            "example_phrasings",
            "industries",
            "company_size_min",
            "company_size_max",
            "referral",
            "referral_url",
            "note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class ContentItemForm(TeamSlugMixin, forms.ModelForm):
    """Create or edit an item of the content library."""

    slug = forms.SlugField(required=False, help_text="Left empty, it is made from the title.")
    # Declared here (not taken from the model) so the stored value is always the vocabulary key.
    format = forms.ChoiceField(choices=vocabulary.choices(vocabulary.ContentFormat))
    url = forms.URLField(required=False, assume_scheme="https", label="Link")
    buying_stages = forms.MultipleChoiceField(
        required=False,
        choices=vocabulary.choices(vocabulary.BuyingStage)[:7],
        widget=forms.CheckboxSelectMultiple,
        help_text="Where in their journey it helps a buyer.",
    )
    stakeholder_roles = forms.MultipleChoiceField(
        required=False,
        choices=vocabulary.choices(vocabulary.StakeholderRole),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ContentItem
        fields = [
            "title",
            "slug",
            "summary",
            "url",
            "file",
            "problems",
            "buying_stages",
            "stakeholder_roles",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, team=team, **kwargs)
        self.fields["problems"].queryset = Problem.objects.filter(team=team)
        self.fields["format"].initial = self.instance.format or None
        self.order_fields(["title", "slug", "format"])

    def save(self, commit=True):
        self.instance.format = self.cleaned_data["format"]
        return super().save(commit=commit)

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file") and not self.instance.file:
            self.add_error("url", "Give a link or upload a file.")
        return data


class ContentFilterForm(forms.Form):
    """Filters of the content library."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    format = forms.ChoiceField(
        required=False,
        choices=[("", "Any format"), *vocabulary.choices(vocabulary.ContentFormat)],
    )
    stage = forms.ChoiceField(
        required=False,
        choices=[("", "Any stage"), *vocabulary.choices(vocabulary.BuyingStage)[:7]],
        label="Buying stage",
    )
    role = forms.ChoiceField(
        required=False,
        choices=[("", "Any role"), *vocabulary.choices(vocabulary.StakeholderRole)],
        label="Stakeholder role",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"placeholder": "Title or summary", "type": "search"})

    def values(self) -> dict[str, str]:
        """Return the filters that validated (empty strings for the rest)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(key) or "" for key in ("q", "format", "stage", "role")}
