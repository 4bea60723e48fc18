"""Admin for every complaints model: case records are read-only here; they change only through the services."""

from __future__ import annotations

from django.contrib import admin

from core.admin_readonly import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import (
    Assignment,
    AuditEntry,
    CaseOutcome,
    Complaint,
    ComplaintGroup,
    Decision,
    Evidence,
    GroupMember,
    InspectionRecord,
    Notice,
    Payment,
    RecordAttachment,
    TrackingSequence,
    Transfer,
)


class AssignmentInline(ReadOnlyTabularInline):
    model = Assignment
    fk_name = "complaint"
    fields = ["inspector", "assigned_by", "assigned_at"]


class DecisionInline(ReadOnlyTabularInline):
    model = Decision
    fields = ["kind", "amount", "rate_percent", "due_date", "referral_kind", "decided_by", "decided_at"]


class PaymentInline(ReadOnlyTabularInline):
    model = Payment
    fields = ["worker_name", "amount", "paid_on", "recorded_by"]


class NoticeInline(ReadOnlyTabularInline):
    model = Notice
    fields = ["kind", "file", "issued_at", "issued_by"]


class TransferInline(ReadOnlyTabularInline):
    model = Transfer
    fk_name = "complaint"
    fields = [
        "from_district",
        "to_district",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyModelAdmin):
    list_display = [
        "tracking_number",
        "status",
        "district",
        "employer",
        "amount_owed",
        "next_deadline",
        "received_at",
    ]
    list_filter = ["status", "category", "kind", "district"]
    search_fields = ["tracking_number", "employer_name_given"]
    date_hierarchy = "received_at"
    list_select_related = ["district", "employer"]
    raw_id_fields = ["employer", "group"]
    # Never shown, even read-only.
    exclude = ["access_code_hash"]
    inlines = [AssignmentInline, DecisionInline, PaymentInline, NoticeInline, TransferInline]
    show_full_result_count = False


@admin.register(ComplaintGroup)
class ComplaintGroupAdmin(ReadOnlyModelAdmin):
    list_display = ["id", "employer", "period_start", "period_end", "created_at"]
    raw_id_fields = ["employer"]


@admin.register(GroupMember)
class GroupMemberAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "complaint", "amount_owed"]
    raw_id_fields = ["complaint"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyModelAdmin):
    list_display = ["original_name", "complaint", "kind", "size", "uploaded_at"]
    raw_id_fields = ["complaint"]
    readonly_fields = ["stored_name", "sha256", "size", "content_type"]


class RecordAttachmentInline(ReadOnlyTabularInline):
    model = RecordAttachment
    fields = ["original_name", "kind", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(InspectionRecord)
class InspectionRecordAdmin(ReadOnlyModelAdmin):
    list_display = ["complaint", "kind", "started_at", "place", "created_by"]
    list_filter = ["kind"]
    raw_id_fields = ["complaint"]
    inlines = [RecordAttachmentInline]


@admin.register(RecordAttachment)
class RecordAttachmentAdmin(ReadOnlyModelAdmin):
    list_display = ["original_name", "record", "kind", "size", "uploaded_at"]
    raw_id_fields = ["record"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyModelAdmin):
    list_display = ["complaint", "inspector", "assigned_by", "assigned_at"]
    raw_id_fields = ["complaint", "inspector", "assigned_by"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyModelAdmin):
    list_display = ["complaint", "kind", "issued_at", "issued_by"]
    raw_id_fields = ["complaint"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyModelAdmin):
    list_display = ["complaint", "kind", "amount", "rate_percent", "due_date", "decided_by", "decided_at"]
    list_filter = ["kind"]
    raw_id_fields = ["complaint"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyModelAdmin):
    list_display = ["complaint", "worker_name", "amount", "paid_on"]
    raw_id_fields = ["complaint"]


@admin.register(CaseOutcome)
class CaseOutcomeAdmin(ReadOnlyModelAdmin):
    list_display = ["complaint", "wages_recovered", "workers_paid", "penalties", "closed_at"]
    raw_id_fields = ["complaint"]


@admin.register(TrackingSequence)
class TrackingSequenceAdmin(ReadOnlyModelAdmin):
    list_display = ["prefix", "year", "last"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    """Read-only: the database itself refuses UPDATE and DELETE on PostgreSQL."""

    list_display = ["at", "complaint", "action", "actor", "from_status", "to_status", "public"]
    list_filter = ["action", "public", "actor_kind"]
    raw_id_fields = ["complaint"]
    show_full_result_count = False
