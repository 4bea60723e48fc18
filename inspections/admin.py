"""Admin for the campaign: plans, visits and orders are read-only here; they change through the services."""

from django.contrib import admin

from core.admin_readonly import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import (
    Campaign,
    CampaignAudit,
    CorrectionOrder,
    LedgerImport,
    PlanRun,
    PlanVersion,
    Team,
    Visit,
    VisitAudit,
)


class TeamInline(ReadOnlyTabularInline):
    model = Team
    fields = ["name", "inspector_a", "inspector_b", "home_district", "may_travel"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "status"]
    inlines = [TeamInline]
    # The state only changes through the services (FSMField protected=True).
    readonly_fields = ["status"]


@admin.register(LedgerImport)
class LedgerImportAdmin(ReadOnlyModelAdmin):
    list_display = ["original_name", "status", "total", "error_count", "created_at"]


@admin.register(PlanRun)
class PlanRunAdmin(ReadOnlyModelAdmin):
    list_display = ["campaign", "method", "status", "decision", "visits", "gap", "seconds", "created_at"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyModelAdmin):
    list_display = ["campaign", "number", "visit_count", "created_by", "created_at"]


@admin.register(CampaignAudit)
class CampaignAuditAdmin(ReadOnlyModelAdmin):
    list_display = ["campaign", "action", "actor", "at"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyModelAdmin):
    list_display = ["employer", "date", "team", "status", "outcome", "locked"]
    list_filter = ["status", "kind", "outcome"]


@admin.register(CorrectionOrder)
class CorrectionOrderAdmin(ReadOnlyModelAdmin):
    list_display = ["employer", "visit", "due_date"]


@admin.register(VisitAudit)
class VisitAuditAdmin(ReadOnlyModelAdmin):
    list_display = ["visit", "action", "actor", "at"]
