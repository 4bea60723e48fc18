from django.contrib import admin

from .models import Campaign, CorrectionOrder, LedgerImport, PlanRun, Team, Visit


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "status"]
    inlines = [TeamInline]
    # The state only changes through the services (FSMField protected=True).
    readonly_fields = ["status"]


@admin.register(LedgerImport)
class LedgerImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "total", "error_count", "created_at"]
    readonly_fields = [f.name for f in LedgerImport._meta.fields]


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin):
    list_display = ["campaign", "method", "status", "visits", "gap", "seconds", "created_at"]
    readonly_fields = [f.name for f in PlanRun._meta.fields]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["employer", "date", "team", "status", "outcome", "locked"]
    list_filter = ["status", "kind", "outcome"]
    raw_id_fields = ["employer", "complaint", "follow_up_of", "plan_run"]
    # The state only changes through the services (FSMField protected=True).
    readonly_fields = ["status", "completed_at", "version"]


admin.site.register(CorrectionOrder)
