"""One small form per staff action: the fields each transition requires, shared by workbench and API.

Forms only validate; the services in complaints/services/ do the work.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import json_form_data

from .choices import ReferralKind
from .services.case_transitions import PaymentLine

MAX_PAYMENT_ROWS = 50

REASON = _("Reason")


def reason_field(label=REASON, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


def money_field(label, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=settings.WAGEWATCH["MAX_AMOUNT"],
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class PaymentRowsWidget(forms.Widget):
    """Reads payment rows from ``payments-N-worker_name``/``payments-N-amount`` (HTML) or a JSON list (API)."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            raw = data.getlist(name)
            if raw and not isinstance(raw[0], str):  # a JSON list in a DRF QueryDict-like object
                return raw
        value = data.get(name)
        if isinstance(value, list):
            return value
        rows = []
        for i in range(MAX_PAYMENT_ROWS):
            worker = data.get(f"{name}-{i}-worker_name")
            amount = data.get(f"{name}-{i}-amount")
            if worker is None and amount is None:
                continue
            if (worker or "").strip() or (amount or "").strip():
                rows.append({"worker_name": worker or "", "amount": amount or ""})
        return rows


class PaymentsField(forms.Field):
    widget = PaymentRowsWidget
    json_structured = True  # a JSON list of rows; to_python checks each

    def schema_field(self):
        """Document the field in the API schema as a list of rows (core/form_schema.py)."""
        from .apis.case_serializers import PaymentLineSerializer

        return PaymentLineSerializer(many=True, required=self.required)

    def to_python(self, value):
        lines = []
        for row in value or []:
            if not isinstance(row, dict):
                raise ValidationError(_("Each payment needs a worker and an amount above zero."))
            name = str(row.get("worker_name") or "").strip()[:64]
            try:
                amount = Decimal(str(row.get("amount") or "").strip())
            except InvalidOperation:
                raise ValidationError(_("Enter each amount as a number, e.g. 3500.00.")) from None
            if (
                not name
                or amount <= 0
                or amount > settings.WAGEWATCH["MAX_AMOUNT"]
                or amount.as_tuple().exponent < -2
            ):
                raise ValidationError(_("Each payment needs a worker and an amount above zero."))
            lines.append(PaymentLine(name, amount))
        return lines

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(_("Record what each worker was paid."), code="required")


class ActionForm(forms.Form):
    """Base: ``kwargs()`` turns cleaned data into the service's keyword arguments."""

    def __init__(self, data=None, *args, complaint=None, **kwargs):
        if data is not None and not hasattr(data, "getlist"):  # a JSON body, not a browser's form
            data = json_form_data(self.base_fields, data)
        super().__init__(data, *args, **kwargs)
        self.complaint = complaint

    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class NoteForm(ActionForm):
    note = reason_field(_("Note"), required=False)


class ReasonForm(ActionForm):
    reason = reason_field()


class AcceptForm(NoteForm):
    pass


class SupplementForm(ActionForm):
    reason = reason_field(_("What is missing"), help_text=_("The worker reads this in the written notice."))


class DeclineForm(ActionForm):
    reason = reason_field(help_text=_("The worker reads this in the written notice (不予受理通知书)."))


class ReferForm(ActionForm):
    referral_kind = forms.ChoiceField(label=_("Refer to"), choices=ReferralKind.choices)
    referred_to = forms.CharField(
        label=_("Name of the bureau or department"),
        required=False,
        max_length=200,
        help_text=_("Required for another bureau or department."),
    )
    reason = reason_field()

    def clean(self):
        data = super().clean()
        kind = data.get("referral_kind")
        if (
            kind in (ReferralKind.OTHER_BUREAU, ReferralKind.OTHER_DEPARTMENT)
            and not data.get("referred_to", "").strip()
        ):
            self.add_error("referred_to", _("Name the bureau or department the worker should turn to."))
        return data


class TransferForm(ActionForm):
    to_district = forms.ModelChoiceField(
        label=_("Transfer to"),
        queryset=None,
        help_text=_("The district office where the workplace is (art. 13)."),
    )
    reason = reason_field(help_text=_("The worker reads this on the tracking page."))

    def __init__(self, *args, complaint=None, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        from core.models import District

        qs = District.objects.order_by("code")
        if complaint is not None:
            qs = qs.exclude(pk=complaint.district_id)
        self.fields["to_district"].queryset = qs


class TransferReturnForm(ActionForm):
    reason = reason_field(
        _("Why this office has no jurisdiction"),
        help_text=_("The sending office reads this; the worker is only told the case stays there."),
    )


class MergeForm(ActionForm):
    into = forms.CharField(
        label=_("Tracking number of the case that goes on"),
        max_length=20,
        help_text=_("This case closes as its duplicate; its evidence and workers join that case."),
    )
    reason = reason_field(help_text=_("The worker reads this on the tracking page."))

    def clean_into(self):
        from .models import Complaint

        number = self.cleaned_data["into"].strip().upper()
        found = Complaint.objects.filter(tracking_number=number).first()
        if found is None:
            raise ValidationError(_("No case has this tracking number."))
        return found


class SuperviseForm(ActionForm):
    due_date = forms.DateField(label=_("To be handled by"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = reason_field(help_text=_("Both the district office and the city office read this."))


class GroupOrderForm(ActionForm):
    due_date = forms.DateField(label=_("Pay by"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = reason_field(
        _("Findings and order"),
        help_text=_("Each employer is ordered to pay the amount its own case claims."),
    )


class NoteAddForm(ActionForm):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never shown to the worker. Write @ and a colleague's user name to notify them."),
    )


class ExtendForm(ActionForm):
    reason = reason_field(
        _("Why the case is complex"), help_text=_("One extension of 30 working days (art. 17).")
    )


class OrderForm(ActionForm):
    due_date = forms.DateField(label=_("Pay by"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = money_field(_("Amount to pay (yuan)"))
    reason = reason_field(_("Findings and order"))


class PaymentsForm(ActionForm):
    payments = PaymentsField(label=_("Paid to each worker"))
    paid_on = forms.DateField(
        label=_("Paid on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = reason_field(_("Note"), required=False)

    def payment_rows(self) -> list[dict]:
        """Rows for the HTML form: what was typed, else one row per known worker."""
        if self.is_bound:
            rows = self.fields["payments"].widget.value_from_datadict(self.data, None, "payments")
            if rows:
                return rows
        names = []
        if self.complaint is not None:
            if self.complaint.complainant_name:
                names.append(self.complaint.complainant_name)
            names += [m.name for m in self.complaint.members.all()]
        return [{"worker_name": n, "amount": ""} for n in names] or [{"worker_name": "", "amount": ""}]

    def extra_rows(self) -> list[int]:
        start = len(self.payment_rows())
        return list(range(start, start + 3))


class SurchargeForm(ActionForm):
    rate_percent = forms.IntegerField(
        # xgettext:no-python-format
        label=_("Surcharge (% of the amount owed)"),
        min_value=50,
        max_value=100,
        initial=50,
        help_text=_("Labour Contract Law art. 85: 50% to 100%."),
    )
    reason = reason_field()


class PenaltyForm(ActionForm):
    amount = money_field(_("Penalty (yuan)"))
    reason = reason_field(_("Grounds, and that the employer was heard (art. 19)"))


class PoliceForm(ActionForm):
    referred_to = forms.CharField(label=_("Police authority"), required=False, max_length=200)
    reason = reason_field(_("Facts: evasion, or able to pay but refusing"))


class BlacklistForm(ActionForm):
    mass_incident = forms.BooleanField(
        label=_("The arrears caused a mass or extreme incident"), required=False
    )
    reason = reason_field()


class CloseForm(ActionForm):
    summary = reason_field(_("Outcome"), help_text=_("The worker reads this in the closing notice."))
    wages_recovered = forms.DecimalField(
        label=_("Wages recovered (yuan)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=_("Leave empty to use the payments recorded."),
    )
    workers_paid = forms.IntegerField(label=_("Workers paid"), required=False, min_value=0)
    penalties = forms.DecimalField(
        label=_("Penalties (yuan)"), required=False, max_digits=14, decimal_places=2, min_value=0
    )


class AssignForm(ActionForm):
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Inspectors"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    note = reason_field(_("Note"), required=False)

    def __init__(self, *args, complaint=None, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        from .services.assignment import assignable_inspectors

        qs = assignable_inspectors(complaint) if complaint is not None else None
        if qs is None:
            from core.models import User

            qs = User.objects.none()
        self.fields["inspectors"].queryset = qs

    def kwargs(self) -> dict:
        return {
            "inspectors": list(self.cleaned_data["inspectors"]),
            "note": self.cleaned_data.get("note", ""),
        }


class IdentifyEmployerForm(ActionForm):
    name = forms.CharField(label=_("Employer name"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("A code failing its checksum is kept and flagged for confirmation."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)

    def __init__(self, *args, complaint=None, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        if complaint is not None and not self.is_bound:
            self.initial.setdefault("name", complaint.employer_name_given)
            self.initial.setdefault("credit_code", complaint.employer_credit_code_given)
            self.initial.setdefault("address", complaint.employer_address_given)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "identify_employer": IdentifyEmployerForm,
    "accept": AcceptForm,
    "request_supplement": SupplementForm,
    "decline": DeclineForm,
    "refer": ReferForm,
    "transfer": TransferForm,
    "transfer_accept": NoteForm,
    "transfer_return": TransferReturnForm,
    "start_investigation": NoteForm,
    "extend_deadline": ExtendForm,
    "issue_order": OrderForm,
    "record_compliance": PaymentsForm,
    "record_non_compliance": NoteForm,
    "order_surcharge": SurchargeForm,
    "decide_penalty": PenaltyForm,
    "transfer_to_police": PoliceForm,
    "propose_blacklist": BlacklistForm,
    "resolve": PaymentsForm,
    "withdraw_case": ReasonForm,
    "close": CloseForm,
    "reopen": ReasonForm,
    "assign": AssignForm,
    "merge": MergeForm,
    "unlink": ReasonForm,
    "supervise": SuperviseForm,
    "supervision_lift": NoteForm,
}

ACTION_LABELS = {
    "identify_employer": _("Identify the employer"),
    "accept": _("Accept and open the case"),
    "request_supplement": _("Ask for more material"),
    "decline": _("Do not accept"),
    "refer": _("Refer elsewhere"),
    "transfer": _("Transfer to the competent district office"),
    "transfer_accept": _("Receive the transferred case"),
    "transfer_return": _("Return the transfer to the sending office"),
    "start_investigation": _("Start the investigation"),
    "extend_deadline": _("Extend the deadline (30 working days)"),
    "issue_order": _("Issue an order to pay"),
    "record_compliance": _("Record payment (order complied with)"),
    "record_non_compliance": _("Record that the order was not complied with"),
    "order_surcharge": _("Order a surcharge (50–100%)"),
    "decide_penalty": _("Decide a penalty"),
    "transfer_to_police": _("Transfer to the police"),
    "propose_blacklist": _("Propose for the blacklist"),
    "resolve": _("Resolved: employer paid during the investigation"),
    "withdraw_case": _("Withdraw the case (minor, corrected)"),
    "close": _("Close the case"),
    "reopen": _("Reopen the case"),
    "assign": _("Assign inspectors"),
    "merge": _("Merge as a duplicate into another case"),
    "unlink": _("Take out of the group"),
    "supervise": _("Supervise (挂牌督办)"),
    "supervision_lift": _("Lift the supervision"),
}

# Actions that end or turn a case: shown in red, confirmed on the tablet.
GRAVE_ACTIONS = {
    "decline",
    "refer",
    "transfer",
    "transfer_return",
    "transfer_to_police",
    "propose_blacklist",
    "withdraw_case",
    "reopen",
    "merge",
}

# The actions that can be taken on a whole group at once (complaints/services/group_actions.py).
GROUP_FORMS: dict[str, type[ActionForm]] = {
    "assign": AssignForm,
    "accept": AcceptForm,
    "issue_order": GroupOrderForm,
}

GROUP_LABELS = {
    "assign": _("Assign inspectors to every case of the group"),
    "accept": _("Accept every case of the group"),
    "issue_order": _("Order payment in every case of the group"),
}
