"""Forms: the input of each page and of each staff action (the API validates actions with the same forms).

Forms parse and show errors; the services check the rules and write.
"""

from __future__ import annotations

import datetime
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.forms import DistrictChoiceField, with_units
from core.forms import json_form_data
from core.models import District, User

from .choices import FollowUp, Matter
from .models import Room


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        single = super().clean
        return (
            [single(d, initial) for d in data] if isinstance(data, list | tuple) else [single(data, initial)]
        )


def district_choices():
    return District.objects.filter(parent__isnull=False).order_by("code")


class ApplyForm(forms.Form):
    """A worker's mediation request (phone first: a few fields per step, big controls).

    ``clean`` applies the rules of the door (``services.mediation_clean``), so that the page, its step
    checks and a filing show the same errors.
    """

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    applicant_name = forms.CharField(
        label=_("Your name"), max_length=64, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    applicant_mobile = forms.CharField(
        label=_("Your mobile"),
        max_length=16,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
        help_text=_("The mediator tells you the time of the session by SMS."),
    )
    applicant_id_number = forms.CharField(
        label=_("Your ID number (optional)"),
        max_length=20,
        required=False,
        help_text=_("Kept confidential; the employer never sees it."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    employer_name = forms.CharField(
        label=_("Employer (company) name"),
        max_length=200,
        help_text=_("Type at least two characters to search; pick it if it is listed."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    employer_credit_code = forms.CharField(
        label=_("Unified social credit code (optional)"),
        max_length=24,
        required=False,
        help_text=_("18 characters, on the business licence or contract."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    district = DistrictChoiceField(
        label=_("District where you work"),
        queryset=District.objects.none(),
        empty_label=_("— choose —"),
        help_text=_("The mediation centre of the district where the work is done handles the request."),
    )
    employer_address = forms.CharField(label=_("Employer address (optional)"), max_length=255, required=False)
    employer_contact_name = forms.CharField(
        label=_("Employer contact person (optional)"), max_length=64, required=False
    )
    employer_contact_mobile = forms.CharField(
        label=_("Employer contact mobile (optional)"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
        help_text=_("So that we can invite the employer to the session."),
    )
    matters = forms.MultipleChoiceField(
        label=_("What is the dispute about?"), choices=Matter.choices, widget=forms.CheckboxSelectMultiple
    )
    amount_claimed = forms.DecimalField(
        label=_("Amount you claim (optional)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    matters_detail = forms.CharField(
        label=_("Details of the matters (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. months unpaid, overtime hours, project name"),
    )
    reasons = forms.CharField(
        label=_("Why do you ask for mediation?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = MultipleFileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_(
            "Photos or PDF: contract, pay slips, chat records, attendance. You can bring more to the session."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = district_choices()
        with_units(self, {"amount_claimed": _("yuan")})

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(18)

    def clean(self):
        cleaned = super().clean()
        # The rules of the door, for the fields that parsed (a field's own error already says more).
        from .services import mediation_clean

        already = set(self.errors)
        try:
            mediation_clean(cleaned)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in already:
                    continue
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


class OralForm(ApplyForm):
    """An oral application recorded by a mediator on the spot (第十二条)."""

    applied_at = forms.DateTimeField(
        label=_("Time of the application"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("evidence")
        self.fields.pop("form_token")
        self.fields["applicant_mobile"].help_text = ""
        self.fields["applicant_name"].label = _("Applicant's name")
        self.fields["applicant_mobile"].label = _("Applicant's mobile")
        self.fields["applicant_id_number"].label = _("Applicant's ID number (optional)")
        self.fields["reasons"].label = _("Reasons given by the applicant")
        self.fields["district"].label = _("Workplace district")
        if not self.is_bound:
            self.initial["applied_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class ActionForm(forms.Form):
    """Base of the staff action forms: the input of one action, validated alike for the page and the API.

    ``user`` scopes the choices (mediators, rooms) to what the user may pick.
    """

    def __init__(self, data=None, *args, user=None, **kwargs):
        if data is not None and not hasattr(data, "getlist"):  # a JSON body, not a browser's form
            data = json_form_data(self.base_fields, data)
        super().__init__(data, *args, **kwargs)
        self.user = user


class NoInputForm(ActionForm):
    """The action takes no input."""


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(ActionForm):
    kind = forms.ChoiceField(label=_("Follow-up"), choices=FollowUp.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelSessionForm(ActionForm):
    session = forms.IntegerField(label=_("Session"), widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class TermPerformedForm(ActionForm):
    term = forms.IntegerField(label=_("Term"), widget=forms.HiddenInput)
    performed_on = forms.DateField(label=_("Performed on"), required=False)


class SlotSearchForm(forms.Form):
    duration = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        initial=60,
        choices=[
            (30, _("30 minutes")),
            (60, _("1 hour")),
            (90, _("1.5 hours")),
            (120, _("2 hours")),
            (180, _("3 hours")),
        ],
    )
    mediator = forms.ModelChoiceField(
        label=_("Mediator"), queryset=None, required=False, empty_label=_("Any mediator")
    )
    remote = forms.BooleanField(label=_("Remote (no room)"), required=False)
    attendees = forms.IntegerField(label=_("People in the room"), min_value=2, max_value=50, initial=3)
    earliest = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, mediators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators


class BookForm(ActionForm):
    """Book a session; without a mediator named, the request's mediator holds it."""

    mediator = forms.ModelChoiceField(
        label=_("Mediator"), queryset=None, required=False, empty_label=_("The request's mediator")
    )
    start_at = forms.DateTimeField(
        label=_("Start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    end_at = forms.DateTimeField(
        label=_("End"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    room = forms.ModelChoiceField(label=_("Room"), queryset=None, required=False, empty_label=_("— remote —"))
    remote = forms.BooleanField(label=_("Remote (video or phone)"), required=False)
    attendees = forms.IntegerField(
        label=_("People in the room"), min_value=2, max_value=50, initial=3, required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from .selectors import mediators_for, rooms_for

        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators_for(self.user) if self.user else User.objects.none()
        self.fields["room"].queryset = rooms_for(self.user) if self.user else Room.objects.none()


class RescheduleForm(BookForm):
    """Move a booked session (the page names the session in its URL, the API in the body)."""

    session = forms.IntegerField(label=_("Session"), widget=forms.HiddenInput)


MAX_TERMS = 12


class TermForm(forms.Form):
    """One row of the agreement page (rendering only: AgreementForm.terms reads and validates the rows)."""

    description = forms.CharField(label=_("Obligation"), max_length=300, required=False)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


TermFormSet = formset_factory(TermForm, extra=3, max_num=MAX_TERMS)


class TermRowsWidget(forms.Widget):
    """Read the terms from ``term-N-description/amount/due_date`` (the page) or a JSON list (the API)."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, list):
            return value
        rows = []
        for i in range(MAX_TERMS):
            row = {
                key: (data.get(f"term-{i}-{key}") or "").strip()
                for key in ("description", "amount", "due_date")
            }
            if any(row.values()):
                rows.append(row)
        return rows


class TermsField(forms.Field):
    """The agreement's terms as rows; the service checks each (what, how much, by when)."""

    widget = TermRowsWidget
    json_structured = True  # a JSON list of rows; to_python checks their shape

    def to_python(self, value):
        if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
            raise forms.ValidationError(_("Give the terms as a list of obligations."))
        return [
            {
                "description": str(row.get("description") or ""),
                "amount": row.get("amount"),
                "due_date": row.get("due_date"),
            }
            for row in value
        ]

    def schema_field(self):
        """Document the field in the API schema as a list of terms (core/form_schema.py)."""
        from .serializers import TermSerializer

        return TermSerializer(many=True, required=self.required)


class AgreementForm(ActionForm):
    terms = TermsField(label=_("Terms"), required=False)
    notes = forms.CharField(
        label=_("Other terms (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnavailabilityForm(forms.Form):
    start_at = forms.DateTimeField(
        label=_("From"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    end_at = forms.DateTimeField(
        label=_("To"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


def week_start(value: str | None) -> datetime.date:
    """Return the Monday of the week given as YYYY-MM-DD (default: this week)."""
    try:
        day = datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())
