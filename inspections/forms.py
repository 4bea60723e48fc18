"""HTML forms of the campaign pages: parse and validate input only; services do the writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import Role, Sector
from core.forms import json_form_data
from core.models import District, User

from .choices import CheckItem, MapStatus, Outcome, RiskFactor

ANSWERS = [("ok", _("Complies")), ("fail", _("Violation")), ("na", _("Not applicable"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 (Django's argument name)
        super().__init__(attrs, format=format or "%Y-%m-%d")


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput)
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts"),
        queryset=District.objects.filter(parent__isnull=False),
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors (none = all)"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goal_employers = forms.IntegerField(label=_("Goal: employers to inspect"), min_value=0, initial=0)
    goal_arrears_cleared = forms.IntegerField(label=_("Goal: arrears cases to clear"), min_value=0, initial=0)
    travel_cost = forms.FloatField(
        label=_("Cost of a visit outside the home district (risk points)"), min_value=0, initial=15
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=64, required=False)
    inspector_a = forms.ModelChoiceField(
        label=_("Inspector"), queryset=User.objects.filter(role=Role.INSPECTOR, is_active=True)
    )
    inspector_b = forms.ModelChoiceField(
        label=_("Second inspector"), queryset=User.objects.filter(role=Role.INSPECTOR, is_active=True)
    )
    home_district = forms.ModelChoiceField(label=_("Home district"), queryset=District.objects.none())
    may_travel = forms.BooleanField(label=_("May work in other districts"), required=False)
    unavailable = forms.CharField(
        label=_("Days unavailable"),
        required=False,
        help_text=_("Dates as YYYY-MM-DD, separated by spaces or commas."),
    )

    def __init__(self, *args, campaign=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            self.fields["home_district"].queryset = campaign.districts.all()
        if user is not None and user.district_id is not None:
            # A district manager forms teams of the own district only.
            mine = user.district_id
            self.fields["home_district"].queryset = self.fields["home_district"].queryset.filter(pk=mine)
            for name in ("inspector_a", "inspector_b"):
                self.fields[name].queryset = self.fields[name].queryset.filter(district_id=mine)

    def clean_unavailable(self):
        import datetime

        raw = self.cleaned_data["unavailable"].replace(",", " ").split()
        try:
            return [datetime.date.fromisoformat(x) for x in raw]
        except ValueError:
            raise forms.ValidationError(_("Enter dates as YYYY-MM-DD.")) from None


class WeightsForm(forms.Form):
    def __init__(self, *args, weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        for factor in RiskFactor:
            self.fields[factor.value] = forms.FloatField(
                label=factor.label, min_value=0, max_value=100, initial=(weights or {}).get(factor.value, 0)
            )


class PlanForm(forms.Form):
    from_date = forms.DateField(label=_("Plan from"), widget=DateInput, required=False)


class PlanDecisionForm(forms.Form):
    """Confirm or discard a plan proposal, or restore an earlier plan version: an optional note."""

    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False, widget=forms.TextInput)


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label=_("Ledger file (CSV or XLSX)"))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))


class ChecklistWidget(forms.Widget):
    """Read the answers from ``check_<item>`` radio buttons (the page) or a JSON object (the API)."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, dict):
            return value
        return {
            key.removeprefix("check_"): data.get(key)
            for key in data
            if key.startswith("check_") and data.get(key)
        }


class ChecklistField(forms.Field):
    """Checklist answers by item: ``ok``, ``fail`` or ``na``; the service checks every item is answered."""

    widget = ChecklistWidget
    json_structured = True  # a JSON object of answers; to_python checks it

    def to_python(self, value):
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Answer every checklist item."))
        unknown = sorted(set(value) - set(CheckItem.values))
        if unknown:
            raise forms.ValidationError(
                _("Unknown checklist items: %(items)s") % {"items": ", ".join(unknown)}
            )
        if any(answer not in dict(ANSWERS) for answer in value.values()):
            raise forms.ValidationError(_("Answer each item with ok, fail or na."))
        return dict(value)

    def schema_field(self):
        """Document the field in the API schema as an object of answers (core/form_schema.py)."""
        from rest_framework import serializers

        return serializers.DictField(child=serializers.ChoiceField(choices=[a for a, _label in ANSWERS]))


class VisitCompleteForm(forms.Form):
    """The result of a visit, from the tablet page and the API alike."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    checklist = ChecklistField(label=_("Checklist"))
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    workers_on_site = forms.IntegerField(
        label=_("Workers on site"), min_value=0, max_value=1_000_000, required=False
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    order_due = forms.DateField(label=_("Correct by"), widget=DateInput, required=False)
    order_text = forms.CharField(
        label=_("What must be corrected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    amount_owed = forms.DecimalField(
        label=_("Wages owed (yuan)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    workers_affected = forms.IntegerField(
        label=_("Workers affected"), min_value=1, max_value=100_000, initial=1, required=False
    )

    def __init__(self, data=None, *args, items: list[CheckItem] | None = None, **kwargs):
        if data is not None and not hasattr(data, "getlist"):  # a JSON body, not a browser's form
            data = json_form_data(self.base_fields, data)
        super().__init__(data, *args, **kwargs)
        self.items = items or []

    def clean_workers_affected(self) -> int:
        return self.cleaned_data["workers_affected"] or 1

    def check_fields(self) -> list[forms.BoundField]:
        """Return one radio group per checklist item, to render the page (the checklist field reads them)."""
        rows = forms.Form(self.data if self.is_bound else None, auto_id=self.auto_id)
        for item in self.items:
            rows.fields[f"check_{item.value}"] = forms.ChoiceField(
                label=item.label, choices=ANSWERS, widget=forms.RadioSelect, required=False
            )
        return [rows[f"check_{item.value}"] for item in self.items]


class MapFilterForm(forms.Form):
    """The map's filters (page and API): a district of the campaign, a sector, a state in the campaign."""

    district = forms.IntegerField(label=_("District"), required=False, min_value=1)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    status = forms.ChoiceField(
        label=_("State in the campaign"), required=False, choices=[("", _("Any state")), *MapStatus.choices]
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {d.pk: d for d in districts}
        self.district_choices = [("", _("All districts"))] + [(d.pk, d.name) for d in districts]

    def clean_district(self) -> int | None:
        value = self.cleaned_data.get("district")
        if value is not None and value not in self.districts:
            raise forms.ValidationError(_("Choose a district of this campaign that you may see."))
        return value
