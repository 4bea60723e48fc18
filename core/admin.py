from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CalendarDay, CalendarYear, District, Employer, User


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "district", "is_active")
    list_filter = ("role", "district", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Bureau"), {"fields": ("role", "district", "display_name", "phone", "inspector_badge")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Bureau"), {"fields": ("role", "district", "display_name")}),
    )


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "credit_code_checksum_ok", "district", "sector", "headcount")
    list_filter = ("sector", "district", "credit_code_checksum_ok", "is_construction_project")
    search_fields = ("name", "normalised_name", "credit_code")
    readonly_fields = ("normalised_name", "created_at", "updated_at")
    autocomplete_fields = ("credit_code_confirmed_by",)
    list_select_related = ("district",)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "note", "updated_at")
    actions = ["reload_from_package"]

    @admin.action(description=_("Reload the selected years from the chinesecalendar package"))
    def reload_from_package(self, request, queryset):
        for year in queryset.values_list("year", flat=True):
            try:
                services.calendar_year_load_from_package(year=year)
            except Exception as exc:  # a ValidationError with a message for the admin
                self.message_user(request, f"{year}: {exc}", level=messages.ERROR)
            else:
                self.message_user(request, _("%(year)s reloaded.") % {"year": year})
