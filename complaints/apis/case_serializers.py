"""Serializers of the staff case API (output only; action input is declared by complaints/action_forms.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.identifiers import mask_mobile, mask_name, mask_resident_id, resident_id_note_for_staff

from .. import deadlines
from ..actions import available_actions
from ..choices import CaseStatus, Category
from ..models import (
    AuditEntry,
    CaseNote,
    CaseOutcome,
    Complaint,
    Decision,
    Evidence,
    Notice,
    Payment,
    Supervision,
    Transfer,
)
from ..permissions import assigned_inspector_ids
from ..selectors.cases import choice_label


class CaseListSerializer(serializers.ModelSerializer):
    # Method fields, not source="get_status_display": DRF inspects the signature of callables per row.
    status_label = serializers.SerializerMethodField()
    category_label = serializers.SerializerMethodField()
    district_name = serializers.CharField(source="district.name", read_only=True)
    employer_name = serializers.SerializerMethodField()
    deadline_state = serializers.SerializerMethodField()
    deadline_provisional = serializers.SerializerMethodField()
    inspector_ids = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "tracking_number",
            "kind",
            "category",
            "category_label",
            "status",
            "status_label",
            "district",
            "district_name",
            "employer",
            "employer_name",
            "amount_owed",
            "workers_affected",
            "received_at",
            "acceptance_due",
            "investigation_due",
            "order_due",
            "next_deadline",
            "deadline_state",
            "deadline_provisional",
            "inspector_ids",
            "available_actions",
        ]

    def to_representation(self, obj: Complaint) -> dict:
        """Build the row directly (same fields as declared): lists render 25 rows per request."""
        if type(self) is not CaseListSerializer:
            return super().to_representation(obj)
        return {
            "id": obj.pk,
            "tracking_number": obj.tracking_number,
            "kind": obj.kind,
            "category": obj.category,
            "category_label": self.get_category_label(obj),
            "status": obj.status,
            "status_label": self.get_status_label(obj),
            "district": obj.district_id,
            "district_name": obj.district.name,
            "employer": obj.employer_id,
            "employer_name": self.get_employer_name(obj),
            "amount_owed": None if obj.amount_owed is None else f"{obj.amount_owed:.2f}",
            "workers_affected": obj.workers_affected,
            "received_at": _iso(obj.received_at),
            "acceptance_due": _iso(obj.acceptance_due),
            "investigation_due": _iso(obj.investigation_due),
            "order_due": _iso(obj.order_due),
            "next_deadline": _iso(obj.next_deadline),
            "deadline_state": self.get_deadline_state(obj),
            "deadline_provisional": self.get_deadline_provisional(obj),
            "inspector_ids": self.get_inspector_ids(obj),
            "available_actions": self.get_available_actions(obj),
        }

    def get_status_label(self, obj: Complaint) -> str:
        return choice_label(CaseStatus, obj.status)

    def get_category_label(self, obj: Complaint) -> str:
        return choice_label(Category, obj.category)

    def get_employer_name(self, obj: Complaint) -> str:
        return obj.employer.name if obj.employer_id else obj.employer_name_given

    def get_deadline_state(self, obj: Complaint) -> str:
        return deadlines.deadline_state(obj)

    def get_deadline_provisional(self, obj: Complaint) -> bool:
        return deadlines.is_provisional(obj)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_inspector_ids(self, obj: Complaint) -> list[int]:
        return sorted(assigned_inspector_ids(obj))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_actions(self, obj: Complaint) -> list[str]:
        return available_actions(obj, self.context["request"].user)


def _iso(value):
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        from django.utils import timezone

        return timezone.localtime(value).isoformat()
    return value.isoformat()


class AuditEntrySerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "action",
            "actor_kind",
            "actor_name",
            "from_status",
            "to_status",
            "reason",
            "changes",
            "public",
        ]

    def get_actor_name(self, obj: AuditEntry) -> str:
        return str(obj.actor) if obj.actor_id else ""


class DecisionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "kind",
            "kind_label",
            "reason",
            "amount",
            "rate_percent",
            "due_date",
            "referral_kind",
            "referred_to",
            "decided_at",
        ]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "worker_name", "amount", "paid_on"]


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseOutcome
        fields = ["wages_recovered", "workers_paid", "penalties", "summary", "closed_at"]


class NoticeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "kind", "kind_label", "issued_at", "url"]

    def get_url(self, obj: Notice) -> str:
        from django.urls import reverse

        return reverse("complaints:staff-notice", args=[obj.complaint_id, obj.pk])


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "kind", "content_type", "size", "uploaded_at"]


class TransferSerializer(serializers.ModelSerializer):
    from_district_name = serializers.CharField(source="from_district.name", read_only=True)
    to_district_name = serializers.CharField(source="to_district.name", read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "from_district",
            "from_district_name",
            "to_district",
            "to_district_name",
            "status",
            "reason",
            "requested_at",
            "decided_at",
            "answer",
        ]


class SupervisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supervision
        fields = ["id", "due_date", "reason", "flagged_at", "lifted_at"]


class CaseNoteSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True)
    mention_ids = serializers.SerializerMethodField()

    class Meta:
        model = CaseNote
        fields = ["id", "author", "author_name", "text", "mention_ids", "created_at"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_mention_ids(self, obj: CaseNote) -> list[int]:
        return [u.pk for u in obj.mentions.all()]


class GroupCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    tracking_number = serializers.CharField()
    status = serializers.CharField()


class GroupActionResultSerializer(serializers.Serializer):
    """What a group action did: the cases it acted on, and those whose state did not admit it."""

    done = GroupCaseSerializer(many=True)
    skipped = GroupCaseSerializer(many=True)


class CaseDetailSerializer(CaseListSerializer):
    complainant = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)
    notices = NoticeSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    outcome = serializers.SerializerMethodField()
    transfers = TransferSerializer(many=True, read_only=True)
    supervisions = SupervisionSerializer(many=True, read_only=True)
    notes = CaseNoteSerializer(many=True, read_only=True)
    merged_into_number = serializers.CharField(
        source="merged_into.tracking_number", read_only=True, allow_null=True, default=None
    )

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "transfer_to",
            "transfers",
            "supervision_due",
            "supervisions",
            "merged_into",
            "merged_into_number",
            "notes",
            "description",
            "period_start",
            "period_end",
            "continuing",
            "project_name",
            "accepted_on",
            "extended",
            "closed_at",
            "group",
            "complainant",
            "decisions",
            "payments",
            "notices",
            "evidence",
            "outcome",
            "timeline",
        ]

    @extend_schema_field(serializers.DictField(child=serializers.CharField(allow_blank=True)))
    def get_complainant(self, obj: Complaint) -> dict:
        user = self.context["request"].user
        full = user.has_perm("complaints.see_claimants", obj)
        return {
            "name": obj.complainant_name if full else mask_name(obj.complainant_name),
            "id_number": obj.complainant_id_number if full else mask_resident_id(obj.complainant_id_number),
            "mobile": obj.complainant_mobile if full else mask_mobile(obj.complainant_mobile),
            "masked": "false" if full else "true",
            # Empty, or a note that the ID number's area code is not in the table (kept, to be checked).
            "id_number_note": resident_id_note_for_staff(obj.complainant_id_number),
        }

    @extend_schema_field(AuditEntrySerializer(many=True))
    def get_timeline(self, obj: Complaint) -> list:
        return AuditEntrySerializer(self.context["timeline"], many=True).data

    @extend_schema_field(OutcomeSerializer(allow_null=True))
    def get_outcome(self, obj: Complaint):
        outcome = getattr(obj, "outcome", None) if hasattr(obj, "outcome") else None
        return OutcomeSerializer(outcome).data if outcome else None


# Documents one row of the action forms' PaymentsField (record_compliance, resolve).
class PaymentLineSerializer(serializers.Serializer):
    worker_name = serializers.CharField(max_length=64)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
