"""Admin for every complaints model; the audit trail is read-only (append-only by design)."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    Assignment,
    AuditEntry,
    CaseOutcome,
    Complaint,
    ComplaintGroup,
    Decision,
    Evidence,
    GroupMember,
    Notice,
    Payment,
    TrackingSequence,
)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "complaint"
    extra = 0
    autocomplete_fields = ["inspector"]
    readonly_fields = ["assigned_by", "assigned_at"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DecisionInline(ReadOnlyInline):
    model = Decision
    fields = ["kind", "amount", "rate_percent", "due_date", "referral_kind", "decided_by", "decided_at"]


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["worker_name", "amount", "paid_on", "recorded_by"]


class NoticeInline(ReadOnlyInline):
    model = Notice
    fields = ["kind", "file", "issued_at", "issued_by"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
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
    # The state only changes through the services (FSMField protected=True).
    readonly_fields = [
        "status",
        "tracking_number",
        "access_code_hash",
        "accepted_on",
        "acceptance_due",
        "acceptance_due_provisional",
        "investigation_due",
        "investigation_due_provisional",
        "extended",
        "order_due",
        "next_deadline",
        "closed_at",
        "created_at",
        "updated_at",
    ]
    inlines = [AssignmentInline, DecisionInline, PaymentInline, NoticeInline]
    show_full_result_count = False


@admin.register(ComplaintGroup)
class ComplaintGroupAdmin(admin.ModelAdmin):
    list_display = ["id", "employer", "period_start", "period_end", "created_at"]
    raw_id_fields = ["employer"]


@admin.register(GroupMember)
class GroupMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "complaint", "amount_owed"]
    raw_id_fields = ["complaint"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "complaint", "kind", "size", "uploaded_at"]
    raw_id_fields = ["complaint"]
    readonly_fields = ["stored_name", "sha256", "size", "content_type"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["complaint", "inspector", "assigned_by", "assigned_at"]
    raw_id_fields = ["complaint", "inspector", "assigned_by"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["complaint", "kind", "issued_at", "issued_by"]
    raw_id_fields = ["complaint"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["complaint", "kind", "amount", "rate_percent", "due_date", "decided_by", "decided_at"]
    list_filter = ["kind"]
    raw_id_fields = ["complaint"]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["complaint", "worker_name", "amount", "paid_on"]
    raw_id_fields = ["complaint"]


@admin.register(CaseOutcome)
class CaseOutcomeAdmin(admin.ModelAdmin):
    list_display = ["complaint", "wages_recovered", "workers_paid", "penalties", "closed_at"]
    raw_id_fields = ["complaint"]


@admin.register(TrackingSequence)
class TrackingSequenceAdmin(admin.ModelAdmin):
    list_display = ["prefix", "year", "last"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the database itself refuses UPDATE and DELETE on PostgreSQL."""

    list_display = ["at", "complaint", "action", "actor", "from_status", "to_status", "public"]
    list_filter = ["action", "public", "actor_kind"]
    raw_id_fields = ["complaint"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
