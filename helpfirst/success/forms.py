"""Forms: the business case builder (rows as formsets, no JavaScript), and the success plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from helpfirst.core.business_case import BusinessCase as CaseInputs

ROWS_EXTRA = 2
PERIOD_CHOICES = [("year", "Per year"), ("quarter", "Per quarter"), ("month", "Per month")]
KIND_CHOICES = [
    ("percent_reduction", "% less of a current cost"),
    ("absolute_gain", "Money gained per year"),
]


def _money(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=14,
                              decimal_places=2, **kwargs)


class RowForm(forms.Form):
    """A row of a list: entirely blank means "not used"; otherwise the required parts count."""

    required_when_used: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return all(value in (None, "") for value in data.values())

    def clean(self):
        data = super().clean()
        if not self.is_blank():
            for name in self.required_when_used:
                if data.get(name) in (None, ""):
                    self.add_error(name, "Needed for this row (or clear the whole row).")
        return data


class CostLineForm(RowForm):
    required_when_used = ("name", "annual_cost")
    name = forms.CharField(label="Cost line", required=False, max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": "Stock-outs"}))
    annual_cost = _money("Per year today")
    note = forms.CharField(label="Their source", required=False, max_length=300,
                           widget=forms.TextInput(attrs={"placeholder": "Finance, 2025 actuals"}))


class ImprovementForm(RowForm):
    required_when_used = ("line", "kind", "low", "expected", "high")
    line = forms.CharField(label="On line", required=False, max_length=200)
    kind = forms.ChoiceField(label="As", choices=KIND_CHOICES, required=False)
    low = forms.DecimalField(label="Low", required=False, min_value=0, max_digits=14,
                             decimal_places=2)
    expected = forms.DecimalField(label="Expected", required=False, min_value=0, max_digits=14,
                                  decimal_places=2)
    high = forms.DecimalField(label="High", required=False, min_value=0, max_digits=14,
                              decimal_places=2)

    def is_blank(self) -> bool:
        data = dict(getattr(self, "cleaned_data", {}) or {})
        data.pop("kind", None)  # the select always sends a value
        return all(value in (None, "") for value in data.values())


class CostItemForm(RowForm):
    required_when_used = ("name",)
    name = forms.CharField(label="Investment", required=False, max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": "Licences"}))
    one_off = _money("One-off")
    recurring_per_year = _money("Recurring per year")
    start_month = forms.IntegerField(label="From month", required=False, min_value=0,
                                     max_value=599, initial=0)


CostLineFormSet = forms.formset_factory(CostLineForm, extra=ROWS_EXTRA, max_num=30)
ImprovementFormSet = forms.formset_factory(ImprovementForm, extra=ROWS_EXTRA, max_num=30)
CostItemFormSet = forms.formset_factory(CostItemForm, extra=ROWS_EXTRA, max_num=30)


class CaseSettingsForm(forms.Form):
    """Horizon, discount rate, reporting period, ramp-up, currency, and the buyer's strategies."""

    title = forms.CharField(required=False, max_length=200,
                            help_text="What the buyer calls this decision.")
    currency = forms.CharField(max_length=3, min_length=3, initial="EUR")
    horizon_months = forms.IntegerField(label="Horizon (months)", min_value=1, max_value=600,
                                        initial=36)
    discount_rate_percent = forms.DecimalField(
        label="Discount rate (% per year)", min_value=0, max_value=99, decimal_places=2,
        initial=Decimal("8"), help_text="The rate their finance team uses.",
    )
    period = forms.ChoiceField(label="Report cash flows", choices=PERIOD_CHOICES, initial="year")
    ramp_up_months = forms.IntegerField(
        label="Ramp-up (months)", min_value=0, max_value=600, initial=0,
        help_text="Months until the improvement reaches full effect.",
    )
    strategies = forms.CharField(
        label="Their strategies and priorities", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, in their words: the document ties the case to them.",
    )


def _number(value: Any) -> float:
    return float(value) if value not in (None, "") else 0.0


def inputs_from_forms(settings: CaseSettingsForm, baseline, improvements, costs):
    """Return (inputs dict, where) from valid forms; ``where`` maps core fields to forms."""
    data = settings.cleaned_data
    where: dict[str, Any] = {}
    rows: dict[str, list[dict[str, Any]]] = {"baseline": [], "improvements": [], "costs": []}
    for name, formset in (("baseline", baseline), ("improvements", improvements),
                          ("costs", costs)):
        for form in formset.forms:
            if form.is_blank():
                continue
            where[f"{name}[{len(rows[name])}]"] = form
            row = form.cleaned_data
            if name == "baseline":
                rows[name].append({"name": row["name"].strip(),
                                   "annual_cost": _number(row["annual_cost"]),
                                   "note": row.get("note", "").strip()})
            elif name == "improvements":
                rows[name].append({"line": row["line"].strip(), "kind": row["kind"],
                                   "low": _number(row["low"]),
                                   "expected": _number(row["expected"]),
                                   "high": _number(row["high"])})
            else:
                rows[name].append({"name": row["name"].strip(),
                                   "one_off": _number(row["one_off"]),
                                   "recurring_per_year": _number(row["recurring_per_year"]),
                                   "start_month": int(row["start_month"] or 0)})
    strategies = [line.strip() for line in data["strategies"].splitlines() if line.strip()]
    inputs = {
        **rows,
        "horizon_months": data["horizon_months"],
        "discount_rate": float(data["discount_rate_percent"]) / 100,
        "period": data["period"],
        "ramp_up_months": data["ramp_up_months"],
        "currency": data["currency"].upper(),
        "title": data["title"].strip(),
        "strategies": strategies,
    }
    return inputs, where


def _plain(value: float) -> float | int:
    """Return whole numbers as ints, so a form shows 131000 rather than 131000.0."""
    return int(value) if float(value).is_integer() else value


def initial_from_inputs(case: CaseInputs) -> dict[str, Any]:
    """Return the initial data of every form from stored inputs."""
    return {
        "settings": {
            "title": case.title, "currency": case.currency, "horizon_months": case.horizon_months,
            "discount_rate_percent": round(Decimal(str(case.discount_rate)) * 100, 2),
            "period": case.period, "ramp_up_months": case.ramp_up_months,
            "strategies": "\n".join(case.strategies),
        },
        "baseline": [{"name": x.name, "annual_cost": _plain(x.annual_cost), "note": x.note}
                     for x in case.baseline],
        "improvements": [{"line": x.line, "kind": x.kind, "low": _plain(x.low),
                          "expected": _plain(x.expected), "high": _plain(x.high)}
                         for x in case.improvements],
        "costs": [{"name": x.name, "one_off": _plain(x.one_off),
                   "recurring_per_year": _plain(x.recurring_per_year), "start_month": x.start_month}
                  for x in case.costs],
    }


class MilestoneForm(forms.Form):
    name = forms.CharField(max_length=200)
    owner_name = forms.CharField(label="Owner", max_length=200)
    due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


class CheckpointForm(forms.Form):
    measured_on = forms.DateField(label="Measured on",
                                  widget=forms.DateInput(attrs={"type": "date"}))
    realised_benefit = forms.DecimalField(label="Benefit realised so far", min_value=0,
                                          max_digits=14, decimal_places=2)
    label = forms.CharField(required=False, max_length=200)
    note = forms.CharField(label="How it was measured", required=False, max_length=2000)


class CustomerVoiceForm(forms.Form):
    sentiment = forms.TypedChoiceField(
        label="How they feel about it", required=False, coerce=float, empty_value=None,
        choices=[("", "Not asked yet"), ("-1", "Unhappy"), ("-0.5", "Disappointed"),
                 ("0", "Neutral"), ("0.5", "Pleased"), ("1", "Delighted")],
    )
    reference_consent = forms.BooleanField(label="They agreed to be a reference",
                                           required=False)
