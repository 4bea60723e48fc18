"""Forms of the public pages: parse and bound the input; the rules of the door live in services.intake."""

from __future__ import annotations

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import District

from .choices import STAFF_RECORDED_SOURCES, Category, ComplaintKind, ReceiptDelivery, Source
from .services.intake import intake_clean

MEMBER_ROWS = 8
_TEXT_FIELDS = ("name", "id_number", "mobile", "amount_owed")


def workplace_districts():
    """Districts a workplace can be in: those without subdivisions (the city itself is not a workplace)."""
    return District.objects.filter(children__isnull=True).order_by("code")


class DistrictChoiceField(forms.ModelChoiceField):
    """A district picked by its name (the code means nothing to a worker)."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def with_units(form: forms.Form, units: dict) -> None:
    """Give fields the unit shown beside their input (``_field.html`` reads ``field.unit``)."""
    for name, unit in units.items():
        if name in form.fields:
            form.fields[name].unit = unit  # type: ignore[attr-defined]


def _attrs(**kwargs) -> dict:
    return {k.replace("_", "-"): v for k, v in kwargs.items()}


class IntakeForm(forms.Form):
    """The step-by-step complaint form (steps are fieldsets; without JS they show on one page)."""

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    kind = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=ComplaintKind.choices,
        initial=ComplaintKind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Category.choices,
        initial=Category.WAGE_ARREARS,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=64,
        required=False,
        widget=forms.TextInput(_attrs(autocomplete="name")),
    )
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=20,
        required=False,
        help_text=_("18 characters; the last one may be X. Kept confidential from the employer."),
        widget=forms.TextInput(_attrs(autocomplete="off", autocapitalize="characters", spellcheck="false")),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=16,
        required=False,
        help_text=_("We send the receipt and news about your case by SMS."),
        widget=forms.TextInput(_attrs(type="tel", inputmode="numeric", autocomplete="tel")),
    )
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    employer_name = forms.CharField(
        label=_("Employer's name"),
        max_length=200,
        required=False,
        help_text=_("Type at least two characters to search; pick it if it is listed."),
        widget=forms.TextInput(_attrs(autocomplete="off")),
    )
    employer_credit_code = forms.CharField(
        label=_("Unified social credit code (optional)"),
        max_length=24,
        required=False,
        help_text=_("18 characters, on the business licence or contract."),
        widget=forms.TextInput(_attrs(autocapitalize="characters", spellcheck="false")),
    )
    employer_address = forms.CharField(
        label=_("Employer's address (optional)"), max_length=255, required=False
    )
    district = DistrictChoiceField(
        label=_("District where you work"),
        queryset=District.objects.none(),
        empty_label=_("— choose —"),
        required=False,
        help_text=_("The bureau of the district where the work is done handles the complaint."),
    )
    project_name = forms.CharField(
        label=_("Project or site (construction work)"), max_length=200, required=False
    )
    amount_owed = forms.DecimalField(
        label=_("Amount owed (yuan)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(_attrs(inputmode="decimal", autocomplete="off")),
    )
    period_start = forms.DateField(
        label=_("Unpaid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Unpaid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    continuing = forms.BooleanField(label=_("Still continuing (wages still not paid)"), required=False)
    workers_affected = forms.IntegerField(
        label=_("How many workers are owed, you included?"),
        min_value=1,
        max_value=100_000,
        initial=1,
        widget=forms.NumberInput(_attrs(inputmode="numeric")),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        help_text=_("When you worked, what was agreed, what was paid, what is missing, whom you asked."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence = MultipleFileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("Photos of pay slips, contracts, attendance records, chat screenshots, or PDFs."),
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,application/pdf"}
        ),
    )
    confirm_different_matter = forms.BooleanField(
        label=_("This is a different matter from my earlier complaint"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = workplace_districts()
        with_units(self, {"amount_owed": _("yuan"), "workers_affected": _("people")})
        self.intake_data = None
        self.member_rows = self._member_rows()
        self.member_errors: list[str] = []

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(18)

    def _member_rows(self) -> list[dict]:
        source = self.data if self.is_bound else {}
        rows = []
        for i in range(MEMBER_ROWS):
            rows.append(
                {key: (source.get(f"member-{i}-{key}") or "").strip()[:100] for key in _TEXT_FIELDS}
                | {"index": i}
            )
        return rows

    def step_extra_errors(self) -> dict[str, list[str]]:
        """The other workers' rows are not fields: their errors go under ``members``."""
        return {"members": [str(m) for m in self.member_errors]}

    def members_filled(self) -> int:
        return sum(1 for row in self.member_rows if any(row[k] for k in _TEXT_FIELDS))

    def clean(self):
        cleaned = super().clean()
        # Run the rules of the door even when a field failed to parse, so that every problem shows at once.
        already = set(self.errors)
        raw = dict(cleaned)
        raw["members"] = [{k: row[k] for k in _TEXT_FIELDS} for row in self.member_rows]
        try:
            self.intake_data = intake_clean(raw)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in already:
                    continue
                if field == "members":
                    self.member_errors = messages
                    self.add_error(None, _("Please check the list of other workers."))
                elif field in self.fields:
                    self.add_error(field, messages)
                else:
                    self.add_error(None, messages)
        return cleaned


class TrackForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=32,
        widget=forms.TextInput(
            _attrs(
                autocomplete="off",
                autocapitalize="characters",
                spellcheck="false",
                placeholder="2102-2026-000123",
            )
        ),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=32,
        widget=forms.TextInput(_attrs(autocomplete="off", autocapitalize="characters", spellcheck="false")),
    )


class RecoverForm(forms.Form):
    """Ask for a new access code by SMS (the API's RecoverSerializer checks the mobile the same way)."""

    tracking_number = TrackForm.base_fields["tracking_number"]
    mobile = forms.CharField(
        label=_("Mobile number you gave when filing"),
        max_length=20,
        widget=forms.TextInput(_attrs(autocomplete="tel", inputmode="tel", placeholder="13800138000")),
    )

    def clean_mobile(self) -> str:
        from .serializers_public import RecoverSerializer

        serializer = RecoverSerializer(data={"mobile": self.cleaned_data["mobile"]})
        if not serializer.is_valid():
            raise forms.ValidationError(serializer.errors["mobile"])
        return serializer.validated_data["mobile"]


class EvidenceForm(forms.Form):
    files = MultipleFileField(
        label=_("Add files"),
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,application/pdf"}
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CalculatorForm(forms.Form):
    monthly_wage = forms.DecimalField(
        label=_("Monthly wage (yuan, before tax)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=forms.TextInput(_attrs(inputmode="decimal")),
    )
    overtime_hours = forms.DecimalField(
        label=_("Overtime hours on working days"),
        max_digits=7,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(_attrs(inputmode="decimal")),
    )
    rest_days = forms.DecimalField(
        label=_("Rest days worked without time off in lieu"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(_attrs(inputmode="decimal")),
    )
    holiday_days = forms.DecimalField(
        label=_("Statutory holidays worked"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(_attrs(inputmode="decimal")),
    )
    already_paid = forms.DecimalField(
        label=_("Extra pay already received (optional)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(_attrs(inputmode="decimal")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_units(
            self,
            {
                "monthly_wage": _("yuan a month"),
                "overtime_hours": _("hours"),
                "rest_days": _("days"),
                "holiday_days": _("days"),
                "already_paid": _("yuan"),
            },
        )


# --- staff: a complaint recorded on a worker's behalf, and an import of handed-down clues -------------


class ComplaintRecordForm(IntakeForm):
    """The worker's intake form as staff fill it in for the worker, plus the channel and the receipt.

    The workbench page and ``POST /api/v1/cases/record/`` both validate with it; the rules of the door
    are the worker's (``intake_clean``), the channel's are ``staff_filing.record_clean``.
    """

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    source = forms.ChoiceField(
        label=_("How did it reach the bureau?"),
        choices=[(s.value, s.label) for s in STAFF_RECORDED_SOURCES],
        initial=Source.COUNTER,
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Received on"),
        help_text=_("For a letter, the day it arrived: the 5 working days to accept count from it."),
        # An <input type=date> shows only an ISO date, whatever the language's date format.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    external_ref = forms.CharField(
        label=_("Reference (optional)"),
        max_length=64,
        required=False,
        help_text=_("A hotline ticket or the referring department's number, if it has one."),
    )
    receipt = forms.ChoiceField(
        label=_("Receipt"),
        choices=ReceiptDelivery.choices,
        initial=ReceiptDelivery.PRINT,
        widget=forms.RadioSelect,
        help_text=_("The tracking number and access code: printed for the worker, or sent by SMS."),
    )
    kind = forms.ChoiceField(
        label=_("Complaint or clue"),
        choices=ComplaintKind.choices,
        initial=ComplaintKind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Worker's name"), max_length=64, required=False)
    mobile = forms.CharField(
        label=_("Worker's mobile number"),
        max_length=16,
        required=False,
        widget=forms.TextInput(_attrs(type="tel", inputmode="numeric", autocomplete="off")),
    )
    district = forms.ModelChoiceField(
        label=_("District of the workplace"),
        queryset=District.objects.none(),
        empty_label=_("— choose —"),
        required=False,
    )
    employer_name = forms.CharField(label=_("Employer's name"), max_length=200, required=False)
    workers_affected = forms.IntegerField(
        label=_("How many workers are owed, this worker included?"),
        min_value=1,
        max_value=100_000,
        initial=1,
        widget=forms.NumberInput(_attrs(inputmode="numeric")),
    )
    description = forms.CharField(
        label=_("What the worker reports"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    confirm_different_matter = forms.BooleanField(
        label=_("This is a different matter from the worker's earlier complaint"), required=False
    )
    evidence = None  # documents handed over at the counter are scanned onto the case afterwards

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.district_id is not None:
            self.fields["district"].queryset = workplace_districts().filter(pk=user.district_id)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        from .services.staff_filing import record_clean

        errors = record_clean(
            source=cleaned.get("source") or "",
            received_on=cleaned.get("received_on"),
            receipt=cleaned.get("receipt") or "",
            mobile=self.intake_data.complainant_mobile if self.intake_data else "",
            external_ref=cleaned.get("external_ref") or "",
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class ClueImportForm(forms.Form):
    """A file of clues handed down by the clue platform or the 12345 hotline (page and API)."""

    file = forms.FileField(
        label=_("File of clues (XLSX or CSV)"),
        help_text=_("The layout of the template; the first sheet of a workbook is read."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload an XLSX workbook or a CSV file."))
        return upload
