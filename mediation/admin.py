from django.contrib import admin

from core.admin_readonly import ReadOnlyModelAdmin

from .models import (
    MediationAuditEntry,
    MediationRequest,
    MediationSession,
    Room,
    Unavailability,
    WorkingHours,
)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "capacity", "location", "active"]
    list_filter = ["district", "active"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["mediator", "weekday", "start", "end"]
    list_filter = ["weekday"]


@admin.register(Unavailability)
class UnavailabilityAdmin(admin.ModelAdmin):
    list_display = ["mediator", "start_at", "end_at", "reason"]


@admin.register(MediationRequest)
class MediationRequestAdmin(ReadOnlyModelAdmin):
    """Read-only here: every change goes through the services (the status field is protected)."""

    list_display = ["tracking_number", "status", "district", "employer_name_given", "deadline", "mediator"]
    list_filter = ["status", "district", "source"]
    search_fields = ["tracking_number", "employer_name_given"]
    exclude = ["applicant_id_number", "access_code_hash"]


@admin.register(MediationSession)
class MediationSessionAdmin(ReadOnlyModelAdmin):
    list_display = ["request", "start_at", "end_at", "room", "mediator", "status"]
    list_filter = ["status", "room"]


@admin.register(MediationAuditEntry)
class MediationAuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["request", "at", "action", "from_status", "to_status", "actor"]
