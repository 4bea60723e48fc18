"""Serializers of the public API: parse types and bounds only; the rules of the door are in services.intake."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.selectors import district_by_code

from .choices import Category, ComplaintKind


class JSONListField(serializers.ListField):
    """A list given as JSON, or as a JSON string in a multipart form."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else []
            except ValueError as exc:
                raise serializers.ValidationError(_("Send the list as JSON.")) from exc
        elif isinstance(data, list) and len(data) == 1 and isinstance(data[0], str):
            return self.to_internal_value(data[0])
        return super().to_internal_value(data)


class MemberSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    mobile = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    amount_owed = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )


class ComplaintCreateSerializer(serializers.Serializer):
    """A complaint (real name) or an anonymous clue; JSON, or multipart with ``evidence`` files."""

    kind = serializers.ChoiceField(choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT)
    category = serializers.ChoiceField(choices=Category.choices, default=Category.WAGE_ARREARS)
    name = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    mobile = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    employer = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Id of an employer found with the search."
    )
    employer_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    employer_credit_code = serializers.CharField(max_length=24, required=False, allow_blank=True, default="")
    employer_address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    district = serializers.CharField(
        max_length=12, help_text="Division code of the district where the work is done, e.g. 210211."
    )
    project_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    amount_owed = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)
    continuing = serializers.BooleanField(required=False, default=False)
    workers_affected = serializers.IntegerField(min_value=1, max_value=100_000, required=False, default=1)
    description = serializers.CharField(max_length=5000)
    members = JSONListField(child=MemberSerializer(), required=False, default=list, max_length=200)
    evidence = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False, max_length=255),
        required=False,
        default=list,
        help_text="Photos (JPEG, PNG, WebP, HEIC) or PDFs; multipart only.",
    )
    confirm_different_matter = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Set after a 409 duplicate answer when this is really a different matter.",
    )

    def validate_amount_owed(self, value):
        if value is not None and value > settings.WAGEWATCH["MAX_AMOUNT"]:
            raise serializers.ValidationError(_("This amount is too large; please check it."))
        return value

    def validate_district(self, value):
        district = district_by_code(value)
        if district is None:
            raise serializers.ValidationError(_("Unknown district code."))
        return district


class ReceiptSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    access_code = serializers.CharField(help_text="Shown once; only a hash is stored.")
    status = serializers.CharField()
    status_label = serializers.CharField()
    acceptance_due = serializers.DateField()
    acceptance_due_provisional = serializers.BooleanField(
        help_text="True when the working-day calendar of a year involved is not published yet."
    )
    outside_limitation = serializers.BooleanField()
    group_linked = serializers.BooleanField()


class DuplicateSerializer(serializers.Serializer):
    detail = serializers.CharField()
    duplicate_of = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    reason = serializers.CharField()
    is_decision = serializers.BooleanField()


class DeadlineSerializer(serializers.Serializer):
    date = serializers.DateField()
    provisional = serializers.BooleanField()
    label = serializers.CharField()


class FileLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    issued_at = serializers.DateTimeField(required=False)
    size = serializers.IntegerField(required=False)
    url = serializers.CharField(help_text="GET it with the same X-Access-Code header.")


class MergedIntoSerializer(serializers.Serializer):
    """The case a duplicate was merged into: how it stands (the worker follows it from here)."""

    tracking_number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    next_deadline = DeadlineSerializer(allow_null=True)


class TrackSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="complaint, or another registered kind such as mediation")
    tracking_number = serializers.CharField()
    kind = serializers.CharField()
    category = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    received_at = serializers.DateTimeField()
    acceptance_due = serializers.DateField(allow_null=True)
    acceptance_due_provisional = serializers.BooleanField()
    next_deadline = DeadlineSerializer(allow_null=True)
    timeline = TimelineEntrySerializer(many=True)
    decisions = TimelineEntrySerializer(many=True)
    notices = FileLinkSerializer(many=True)
    evidence = FileLinkSerializer(many=True)
    merged_into = MergedIntoSerializer(allow_null=True, required=False)
    can_withdraw = serializers.BooleanField()
    can_add_evidence = serializers.BooleanField()


class EvidenceUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=False, max_length=255))


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CalculatorSerializer(serializers.Serializer):
    monthly_wage = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    overtime_hours = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0, default=0)
    rest_days = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, default=0)
    holiday_days = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, default=0)
    already_paid = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)


class PayLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2)
    rate = serializers.DecimalField(max_digits=4, decimal_places=2)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    formula = serializers.CharField()
    article = serializers.CharField()


class CalculatorResultSerializer(serializers.Serializer):
    monthly_wage = serializers.DecimalField(max_digits=14, decimal_places=2)
    daily_wage = serializers.DecimalField(max_digits=14, decimal_places=2)
    hourly_wage = serializers.DecimalField(max_digits=14, decimal_places=2)
    daily_formula = serializers.CharField()
    hourly_formula = serializers.CharField()
    lines = PayLineSerializer(many=True)
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    already_paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    owed = serializers.DecimalField(max_digits=16, decimal_places=2)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class RecoverSerializer(serializers.Serializer):
    """Ask for a new access code: the mobile number given when filing (the code goes there by SMS)."""

    mobile = serializers.CharField(
        max_length=20, help_text="The mobile number on the case, e.g. 13800138000."
    )

    def validate_mobile(self, value: str) -> str:
        from .services.access_codes import mobile_digits

        digits = mobile_digits(value)
        if len(digits) != 11 or not digits.startswith("1"):
            raise serializers.ValidationError(_("Enter the 11-digit mobile number you gave when filing."))
        return digits
