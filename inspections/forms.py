"""HTML forms of the campaign pages: parse and validate input only; services do the writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import Role, Sector
from core.models import District, User

from .choices import CheckItem, Outcome, RiskFactor

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


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label=_("Ledger file (CSV or XLSX)"))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))


class VisitCompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    workers_on_site = forms.IntegerField(label=_("Workers on site"), min_value=0, required=False)
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
    workers_affected = forms.IntegerField(label=_("Workers affected"), min_value=1, initial=1, required=False)

    def __init__(self, *args, items: list[CheckItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"check_{item.value}"] = forms.ChoiceField(
                label=item.label, choices=ANSWERS, widget=forms.RadioSelect
            )

    def checklist(self) -> dict[str, str]:
        return {i.value: self.cleaned_data[f"check_{i.value}"] for i in self.items}

    def check_fields(self):
        return [self[f"check_{i.value}"] for i in self.items]
